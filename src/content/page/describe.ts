import { pristine } from './pristine.ts'

/**
 * Describes a value the page threw, passed or received, as `Name: message`, without running page code:
 * DOMExceptions (WebSocketError included) through their native getters, ordinary errors through their
 * data properties only, anything else by type.
 */
export function describeError(value: unknown): string {
  if (typeof value !== 'object' && typeof value !== 'function') return pristine.String(value)
  if (value === null) return 'null'
  const dom = domException(value)
  if (dom) return dom.message ? `${dom.name}: ${dom.message}` : dom.name
  if (pristine.isError?.(value)) {
    const name = dataProperty(value, 'name')
    const message = dataProperty(value, 'message')
    return typeof message === 'string' && message ? `${pristine.String(name)}: ${message}` : pristine.String(name)
  }
  return typeof value === 'function' ? '(function)' : '(object)'
}

/**
 * Runs a native call and records how it went: null when it returned, the exception (as `Name: message`)
 * when it threw, which is then rethrown as the very same object.
 */
export function recordOutcome<R>(call: () => R, record: (error: string | null) => void): R {
  let result: R
  try {
    result = call()
  } catch (error) {
    record(describeError(error))
    throw error
  }
  record(null)
  return result
}

/** closeCode and reason of a WebSocketError, or null for any other value. */
export function webSocketErrorDetails(value: unknown): { code: number | null; reason: string } | null {
  const code = pristine.webSocketErrorCloseCode
  const reason = pristine.webSocketErrorReason
  if (!code || !reason || typeof value !== 'object' || value === null) return null
  try {
    return { code: code(value as DOMException), reason: reason(value as DOMException) }
  } catch {
    return null
  }
}

function domException(value: object): { name: string; message: string } | null {
  try {
    return { name: pristine.domExceptionName(value as DOMException), message: pristine.domExceptionMessage(value as DOMException) }
  } catch {
    return null
  }
}

function dataProperty(object: object, key: string): unknown {
  for (let o: object | null = object; o !== null; o = pristine.getPrototypeOf(o)) {
    const descriptor = pristine.getOwnPropertyDescriptor(o, key)
    if (descriptor) return pristine.hasOwn(descriptor, 'value') ? descriptor.value : undefined
  }
  return undefined
}

/** An own data property of a page object, read without invoking getters; accessors read as undefined. */
export function ownData(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null) return undefined
  const descriptor = pristine.getOwnPropertyDescriptor(object, key)
  return descriptor && pristine.hasOwn(descriptor, 'value') ? descriptor.value : undefined
}

/**
 * Whether an exception was thrown by the browser's bindings rather than by page code: genuine error
 * objects (never a Proxy) whose message has the bindings' wording.
 */
export function isBindingError(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const dom = domException(value)
  let message: unknown
  if (dom) message = dom.message
  else if (pristine.isError?.(value)) message = dataProperty(value, 'message')
  if (typeof message !== 'string') return false
  return pristine.startsWith(message, 'Failed to ') || message === 'Illegal invocation' || message === 'Illegal constructor'
}
