// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { types } from 'node:util'

// Chromium has Error.isError, which pristine.ts captures at load; Node 20 does not. This stand-in is as
// trap-free (a Proxy is never an error), and is installed before the module under test loads.
const withIsError = Error as { isError?: (v: unknown) => boolean }
withIsError.isError ??= (v) => !types.isProxy(v) && v instanceof Error

const { hookConstructor, hookGetter, hookMethod } = await import('./patch.ts')

/** A stand-in for a Web IDL interface: a constructor whose errors have the bindings' wording. */
function makeApi() {
  class Api {
    constructor(url?: unknown) {
      if (url === undefined) throw new TypeError("Failed to construct 'Api': 1 argument required, but only 0 present.")
    }
    get value(): number {
      return 1
    }
    close(code?: unknown): void {
      if (code === 999) throw new TypeError("Failed to execute 'close' on 'Api': bad code")
      if (code === 'page') throw new TypeError('thrown by page code')
    }
  }
  const global = { Api } as { Api: typeof Api }
  Object.defineProperty(global, 'Api', { writable: true, enumerable: false, configurable: true })
  return global
}

describe('hooks', () => {
  it('keep name, length, prototype, descriptors and subclassing', () => {
    const global = makeApi()
    const native = global.Api
    const before = Object.getOwnPropertyDescriptor(global, 'Api')
    let constructed = 0
    hookConstructor(global, 'Api', (target, args, newTarget) => (constructed++, Reflect.construct(target, args, newTarget)))
    const Hooked = global.Api
    expect(Hooked).not.toBe(native)
    expect({ ...Object.getOwnPropertyDescriptor(global, 'Api'), value: null }).toEqual({ ...before, value: null })
    expect([Hooked.name, Hooked.length, Hooked.prototype, Hooked.prototype.constructor]).toEqual(['Api', 1, native.prototype, Hooked])
    class Sub extends Hooked {}
    expect(new Sub('x')).toBeInstanceOf(Sub)
    expect(constructed).toBe(1)
  })

  it('make Function.prototype.toString print the native function, for its own hook too', () => {
    const global = makeApi()
    const native = global.Api
    const nativeClose = native.prototype.close
    const nativeGetter = Object.getOwnPropertyDescriptor(native.prototype, 'value')!.get!
    const nativeToString = Function.prototype.toString
    hookConstructor(global, 'Api', (target, args, newTarget) => Reflect.construct(target, args, newTarget))
    hookMethod(native.prototype, 'close', (target, self, args) => Reflect.apply(target, self, args))
    hookGetter(native.prototype, 'value', (target, self, args) => Reflect.apply(target, self, args))
    const print = (f: unknown) => Function.prototype.toString.call(f)
    expect(print(global.Api)).toBe(nativeToString.call(native))
    expect(print(native.prototype.close)).toBe(nativeToString.call(nativeClose))
    expect(print(Object.getOwnPropertyDescriptor(native.prototype, 'value')!.get)).toBe(nativeToString.call(nativeGetter))
    expect(print(Function.prototype.toString)).toBe(nativeToString.call(nativeToString))
    expect(() => print({})).toThrow(TypeError)
  })

  it("give the bindings' exceptions a stack without our frames, and leave page exceptions alone", () => {
    const global = makeApi()
    hookConstructor(global, 'Api', (target, args, newTarget) => Reflect.construct(target, args, newTarget))
    hookMethod(global.Api.prototype, 'close', (target, self, args) => Reflect.apply(target, self, args))
    const thrown = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return error as Error
      }
      throw new Error('did not throw')
    }
    const ours = /patch\.ts/
    expect(thrown(() => new global.Api()).stack).not.toMatch(ours)
    expect(thrown(() => new global.Api('x').close(999)).stack).not.toMatch(ours)
    expect(thrown(() => new global.Api('x').close('page')).stack).toMatch(ours)
  })
})
