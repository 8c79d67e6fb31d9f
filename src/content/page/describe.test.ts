// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { types } from 'node:util'

// Chromium has Error.isError, which pristine.ts captures at load; Node 20 does not. This stand-in is as
// trap-free (a Proxy is never an error), and is installed before the module under test loads.
const withIsError = Error as { isError?: (v: unknown) => boolean }
withIsError.isError ??= (v) => !types.isProxy(v) && v instanceof Error

const { describeError, isBindingError } = await import('./describe.ts')

describe('isBindingError', () => {
  it("recognises the bindings' wording on errors and DOMExceptions", () => {
    expect(isBindingError(new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present."))).toBe(true)
    expect(isBindingError(new DOMException("Failed to execute 'close' on 'WebSocket': bad code", 'InvalidAccessError'))).toBe(true)
    expect(isBindingError(new TypeError('Illegal invocation'))).toBe(true)
    expect(isBindingError(new Error('thrown by the page'))).toBe(false)
    expect(isBindingError('Failed to construct')).toBe(false)
  })

  it('never runs page code: a Proxy or an accessor message is not read', () => {
    let calls = 0
    const proxy = new Proxy(new TypeError('Illegal invocation'), {
      get: (t, k) => (calls++, Reflect.get(t, k)),
      getPrototypeOf: (t) => (calls++, Reflect.getPrototypeOf(t)),
    })
    const accessor = new TypeError('x')
    Object.defineProperty(accessor, 'message', { get: () => (calls++, 'Illegal invocation') })
    expect(isBindingError(proxy)).toBe(false)
    expect(isBindingError(accessor)).toBe(false)
    expect(describeError(accessor)).toBe('TypeError')
    expect(calls).toBe(0)
  })
})
