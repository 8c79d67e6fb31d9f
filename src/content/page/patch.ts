import { bare, pristine } from './pristine.ts'
import { isBindingError } from './describe.ts'

/**
 * The three ways we hook a native API, each keeping what a page can observe identical: the property
 * keeps its descriptor flags, and a Proxy keeps the function's name, length, prototype and brand checks.
 */

type Construct = (target: new (...args: unknown[]) => object, args: unknown[], newTarget: Function) => object
type Apply = (target: (...args: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown

/** Every Proxy we installed, with the native function it stands for. */
const natives = new pristine.WeakMap<object, object>()
let toStringHooked = false

/**
 * Registers a hook's Proxy. `Function.prototype.toString` prints a Proxy as `function () { [native code] }`,
 * without the name; the first registration hooks toString itself so that it prints the native function
 * instead (for its own Proxy too).
 */
function track<T extends object>(proxy: T, native: object): T {
  pristine.weakMapSet(natives, proxy, native)
  if (!toStringHooked) {
    toStringHooked = true
    hookMethod(pristine.FunctionPrototype, 'toString', (target, self, args) =>
      pristine.apply(target, (typeof self === 'function' && pristine.weakMapGet(natives, self)) || self, args),
    )
  }
  return proxy
}

/**
 * The browser's own exceptions (a bad URL, an invalid close code, an illegal invocation) are created
 * while our trap is on the stack, so their `stack` would name our script. Native ones list only the
 * page's frames: we recapture the trace from the trap's caller. Anything else, such as an exception
 * thrown by the page's own toString during argument conversion, keeps its stack untouched.
 */
function withNativeStacks<F extends (...args: never[]) => unknown>(trap: F): F {
  const wrapped = ((...args: Parameters<F>) => {
    try {
      return trap(...args)
    } catch (error) {
      if (pristine.captureStackTrace && isBindingError(error)) pristine.captureStackTrace(error as object, wrapped)
      throw error
    }
  }) as F
  return wrapped
}

/** Replaces `global[name]` by a Proxy whose construct trap receives `newTarget`, so page subclasses keep working. */
export function hookConstructor(global: object, name: string, construct: Construct): void {
  const descriptor = pristine.getOwnPropertyDescriptor(global, name)
  const native = descriptor?.value as (new (...args: unknown[]) => object) | undefined
  if (!descriptor || typeof native !== 'function') return
  const proxy = track(new pristine.Proxy(native, bare({ construct: withNativeStacks(construct) })), native)
  const prototype = native.prototype as object
  const constructorDescriptor = pristine.getOwnPropertyDescriptor(prototype, 'constructor')
  if (constructorDescriptor) pristine.defineProperty(prototype, 'constructor', bare({ ...constructorDescriptor, value: proxy }))
  pristine.defineProperty(global, name, bare({ ...descriptor, value: proxy }))
}

export function hookMethod(prototype: object, name: string, apply: Apply): void {
  const descriptor = pristine.getOwnPropertyDescriptor(prototype, name)
  if (typeof descriptor?.value !== 'function') return
  pristine.defineProperty(
    prototype,
    name,
    bare({ ...descriptor, value: track(new pristine.Proxy(descriptor.value, bare({ apply: withNativeStacks(apply) })), descriptor.value) }),
  )
}

export function hookGetter(prototype: object, name: string, apply: Apply): void {
  const descriptor = pristine.getOwnPropertyDescriptor(prototype, name)
  if (typeof descriptor?.get !== 'function') return
  pristine.defineProperty(
    prototype,
    name,
    bare({ ...descriptor, get: track(new pristine.Proxy(descriptor.get, bare({ apply: withNativeStacks(apply) })), descriptor.get) }),
  )
}
