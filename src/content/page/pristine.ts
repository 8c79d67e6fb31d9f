/**
 * References to the built-ins the instrumentation uses, taken at document_start before any page script
 * runs, so that a page that later patches Promise, streams, events or messaging can neither break nor
 * fool us. Methods are "uncurried" (`then(promise, onOk, onErr)`) so that calling them never looks the
 * method up on a page-reachable prototype again.
 */

const { apply, construct, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, setPrototypeOf } = Reflect

type AnyFn = (...args: never[]) => unknown
function uncurry<T, A extends unknown[], R>(fn: (this: T, ...args: A) => R): (self: T, ...args: A) => R {
  return (self, ...args) => apply(fn as AnyFn, self, args) as R
}
/**
 * The native getter of `proto[name]`, called without looking the property up again. A missing getter
 * fails when used, inside a hook's guard, never while this module loads.
 */
export function getter<T, R>(proto: object, name: string): (self: T) => R {
  const get = getOwnPropertyDescriptor(proto, name)?.get
  return (self) => {
    if (!get) throw new Error(`no native getter ${name}`)
    return apply(get, self, []) as R
  }
}

/** The native setter of `proto[name]`, taken now, like `getter`. */
function setter<T, V>(proto: object, name: string): (self: T, value: V) => void {
  const set = getOwnPropertyDescriptor(proto, name)?.set
  return (self, value) => {
    if (!set) throw new Error(`no native setter ${name}`)
    apply(set, self, [value])
  }
}

const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object

const WebSocketErrorPrototype = (globalThis as { WebSocketError?: { prototype: object } }).WebSocketError?.prototype

export const pristine = {
  apply,
  construct,
  defineProperty,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  hasOwn: Object.hasOwn,
  Proxy,
  FunctionPrototype: Function.prototype as object,
  WeakMap,
  weakMapGet: uncurry(WeakMap.prototype.get) as <K extends object, V>(m: WeakMap<K, V>, k: K) => V | undefined,
  weakMapSet: uncurry(WeakMap.prototype.set) as <K extends object, V>(m: WeakMap<K, V>, k: K, v: V) => WeakMap<K, V>,
  Error,
  captureStackTrace: (Error as { captureStackTrace?: (target: object, above: Function) => void }).captureStackTrace,
  isError: (Error as { isError?: (v: unknown) => boolean }).isError,
  domExceptionName: getter<DOMException, string>(DOMException.prototype, 'name'),
  domExceptionMessage: getter<DOMException, string>(DOMException.prototype, 'message'),
  webSocketErrorCloseCode: WebSocketErrorPrototype && getter<DOMException, number | null>(WebSocketErrorPrototype, 'closeCode'),
  webSocketErrorReason: WebSocketErrorPrototype && getter<DOMException, string>(WebSocketErrorPrototype, 'reason'),
  String,
  Uint8Array,
  Uint32Array,
  Float64Array,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  stringSlice: uncurry(String.prototype.slice),
  split: uncurry(String.prototype.split as (this: string, separator: string) => string[]),
  includes: uncurry(String.prototype.includes),
  startsWith: uncurry(String.prototype.startsWith),
  trim: uncurry(String.prototype.trim),
  numberToString: uncurry(Number.prototype.toString),
  objectToString: uncurry(Object.prototype.toString),
  promiseResolve: Promise.resolve.bind(Promise) as <T>(value: T) => Promise<T>,
  promiseReject: Promise.reject.bind(Promise) as <T = never>(reason: unknown) => Promise<T>,
  then: uncurry(Promise.prototype.then) as <T, R1 = T, R2 = never>(
    p: Promise<T>,
    ok?: ((v: T) => R1 | PromiseLike<R1>) | null,
    err?: ((e: unknown) => R2 | PromiseLike<R2>) | null,
  ) => Promise<R1 | R2>,
  arrayBufferByteLength: getter<ArrayBuffer, number>(ArrayBuffer.prototype, 'byteLength'),
  typedArrayBuffer: getter<ArrayBufferView, ArrayBuffer>(TypedArrayPrototype, 'buffer'),
  typedArrayByteOffset: getter<ArrayBufferView, number>(TypedArrayPrototype, 'byteOffset'),
  typedArrayByteLength: getter<ArrayBufferView, number>(TypedArrayPrototype, 'byteLength'),
  dataViewBuffer: getter<DataView, ArrayBuffer>(DataView.prototype, 'buffer'),
  dataViewByteOffset: getter<DataView, number>(DataView.prototype, 'byteOffset'),
  dataViewByteLength: getter<DataView, number>(DataView.prototype, 'byteLength'),
  uint8Set: uncurry(Uint8Array.prototype.set) as (target: Uint8Array, source: ArrayLike<number>) => void,
  blobSize: getter<Blob, number>(Blob.prototype, 'size'),
  blobArrayBuffer: uncurry(Blob.prototype.arrayBuffer),
  addEventListener: uncurry(EventTarget.prototype.addEventListener),
  dispatchEvent: uncurry(EventTarget.prototype.dispatchEvent),
  MessageEvent,
  messageEventData: getter<MessageEvent, unknown>(MessageEvent.prototype, 'data'),
  ReadableStream,
  WritableStream,
  getReader: uncurry(ReadableStream.prototype.getReader) as (s: ReadableStream) => ReadableStreamDefaultReader,
  read: uncurry(ReadableStreamDefaultReader.prototype.read),
  readerCancel: uncurry(ReadableStreamDefaultReader.prototype.cancel),
  readerRelease: uncurry(ReadableStreamDefaultReader.prototype.releaseLock),
  streamCancel: uncurry(ReadableStream.prototype.cancel),
  readerClosed: getter<ReadableStreamDefaultReader, Promise<undefined>>(ReadableStreamDefaultReader.prototype, 'closed'),
  enqueue: uncurry(ReadableStreamDefaultController.prototype.enqueue),
  controllerClose: uncurry(ReadableStreamDefaultController.prototype.close),
  controllerError: uncurry(ReadableStreamDefaultController.prototype.error),
  writableControllerError: uncurry(WritableStreamDefaultController.prototype.error),
  writerClosed: getter<WritableStreamDefaultWriter, Promise<undefined>>(WritableStreamDefaultWriter.prototype, 'closed'),
  getWriter: uncurry(WritableStream.prototype.getWriter),
  write: uncurry(WritableStreamDefaultWriter.prototype.write),
  writerClose: uncurry(WritableStreamDefaultWriter.prototype.close),
  writerAbort: uncurry(WritableStreamDefaultWriter.prototype.abort),
  writerRelease: uncurry(WritableStreamDefaultWriter.prototype.releaseLock),
  streamAbort: uncurry(WritableStream.prototype.abort),
  MessageChannel,
  portPostMessage: uncurry(MessagePort.prototype.postMessage) as (port: MessagePort, message: unknown, transfer: Transferable[]) => void,
  setPortOnMessage: setter<MessagePort, (event: MessageEvent) => void>(MessagePort.prototype, 'onmessage'),
  randomValues: crypto.getRandomValues.bind(crypto) as (array: Uint32Array) => Uint32Array,
  setTimeout: setTimeout.bind(window),
  now: performance.now.bind(performance),
  timeOrigin: performance.timeOrigin,
  random: Math.random,
  // Location's attributes are unforgeable own properties, so the document's URL is read instead.
  documentUrl: getter<Document, string>(Document.prototype, 'URL'),
  document,
}

/**
 * An object with no prototype, for everything the engine reads options or traps from: a page that adds
 * `get` or `type` to Object.prototype must not reach into a Proxy handler or a stream's underlying source.
 */
export function bare<T extends object>(o: T): T {
  setPrototypeOf(o, null)
  return o
}

/** Wall-clock time in milliseconds, with sub-millisecond precision. */
export function now(): number {
  return pristine.timeOrigin + pristine.now()
}
