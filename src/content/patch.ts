import { bare, pristine } from './pristine.ts'

/**
 * The three ways we hook a native API, each keeping what a page can observe identical: the property
 * keeps its descriptor flags, and a Proxy keeps the function's name, length, prototype and brand checks.
 */

type Construct = (target: new (...args: unknown[]) => object, args: unknown[], newTarget: Function) => object
type Apply = (target: (...args: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown

/** Replaces `global[name]` by a Proxy whose construct trap receives `newTarget`, so page subclasses keep working. */
export function hookConstructor(global: object, name: string, construct: Construct): void {
  const descriptor = pristine.getOwnPropertyDescriptor(global, name)
  const native = descriptor?.value as (new (...args: unknown[]) => object) | undefined
  if (!descriptor || typeof native !== 'function') return
  const proxy = new pristine.Proxy(native, bare({ construct }))
  const prototype = native.prototype as object
  const constructorDescriptor = pristine.getOwnPropertyDescriptor(prototype, 'constructor')
  if (constructorDescriptor) pristine.defineProperty(prototype, 'constructor', bare({ ...constructorDescriptor, value: proxy }))
  pristine.defineProperty(global, name, bare({ ...descriptor, value: proxy }))
}

export function hookMethod(prototype: object, name: string, apply: Apply): void {
  const descriptor = pristine.getOwnPropertyDescriptor(prototype, name)
  if (typeof descriptor?.value !== 'function') return
  pristine.defineProperty(prototype, name, bare({ ...descriptor, value: new pristine.Proxy(descriptor.value, bare({ apply })) }))
}

export function hookGetter(prototype: object, name: string, apply: Apply): void {
  const descriptor = pristine.getOwnPropertyDescriptor(prototype, name)
  if (typeof descriptor?.get !== 'function') return
  pristine.defineProperty(prototype, name, bare({ ...descriptor, get: new pristine.Proxy(descriptor.get, bare({ apply })) }))
}
