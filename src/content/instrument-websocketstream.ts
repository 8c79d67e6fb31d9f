import type { CloseVia } from '../shared/protocol.ts'
import { describeError, ownData, webSocketErrorDetails } from './describe.ts'
import { stringArray } from './instrument-websocket.ts'
import { hookConstructor, hookGetter, hookMethod } from './patch.ts'
import { payloadOf, unobservablePayload } from './payload.ts'
import { bare, getter, now, pristine } from './pristine.ts'
import type { Recorder } from './recorder.ts'

interface OpenInfo {
  extensions: string
  protocol: string
  readable: ReadableStream
  writable: WritableStream
}
interface CloseInfo {
  closeCode: number
  reason: string
}
interface Connection {
  id: string
  nativeOpened: Promise<OpenInfo>
  nativeClosed: Promise<CloseInfo>
  opened?: Promise<OpenInfo>
  closed?: Promise<CloseInfo>
}

const swallow = () => {}

/**
 * WebSocketStream, observed without changing what the page sees (../shared/notes/websocketstream.md):
 * - the constructor is a Proxy (subclassing, instanceof and exceptions stay native);
 * - `opened` and `closed` getters hand the page one derived promise each, made on first access and
 *   cached, so both gain exactly one microtask hop and keep their relative order; our own observers hang
 *   on swallowed chains, so the page's unhandled rejections are reported as before;
 * - `readable` and `writable` are pass-through streams with no buffer of their own (highWaterMark 0 for
 *   reads, 1 for writes, as native), so nothing is read ahead of the page and write promises are native.
 */
export function instrumentWebSocketStream(global: typeof globalThis, recorder: Recorder): void {
  const Native = (global as { WebSocketStream?: unknown }).WebSocketStream
  if (typeof Native !== 'function') return
  const proto = Native.prototype
  const url = getter<object, string>(proto, 'url')
  const opened = getter<object, Promise<OpenInfo>>(proto, 'opened')
  const closed = getter<object, Promise<CloseInfo>>(proto, 'closed')
  const connections = new pristine.WeakMap<object, Connection>()
  const connectionOf = (self: unknown) =>
    typeof self === 'object' && self !== null ? pristine.weakMapGet(connections, self) : undefined

  function closeCall(id: string, via: CloseVia, code: number | null, reason: string | null, error: string | null): void {
    recorder.emit({ kind: 'close-call', id, time: now(), via, code, reason, error })
  }

  /** A close request carried by a stream reason: a WebSocketError's code and reason reach the server. */
  function reasonCall(id: string, via: CloseVia, reason: unknown, result: Promise<unknown>): void {
    const details = webSocketErrorDetails(reason)
    pristine.then(
      result,
      () => recorder.guard(via, () => closeCall(id, via, details?.code ?? null, details?.reason ?? null, null)),
      (error) => recorder.guard(via, () => closeCall(id, via, details?.code ?? null, details?.reason ?? null, describeError(error))),
    )
  }

  function wrapReadable(id: string, native: ReadableStream): ReadableStream {
    const reader = pristine.getReader(native)
    return new pristine.ReadableStream(
      bare({
        pull: (controller: ReadableStreamDefaultController) =>
          pristine.then(pristine.read(reader), (result) => {
            if (result.done) return pristine.controllerClose(controller)
            recorder.guard('WebSocketStream read', () =>
              recorder.emit({ kind: 'message', id, time: now(), direction: 'received', ...(payloadOf(result.value) ?? unobservablePayload) }),
            )
            pristine.enqueue(controller, result.value)
          }),
        cancel: (reason: unknown) => {
          const result = pristine.readerCancel(reader, reason)
          recorder.guard('readable.cancel', () => reasonCall(id, 'readable.cancel', reason, result))
          return result
        },
      }),
      bare({ highWaterMark: 0 }),
    )
  }

  function wrapWritable(id: string, native: WritableStream): WritableStream {
    const writer = pristine.getWriter(native)
    return new pristine.WritableStream(
      bare({
        write: (chunk: unknown) => {
          recorder.guard('WebSocketStream write', () =>
            recorder.emit({ kind: 'message', id, time: now(), direction: 'sent', ...(payloadOf(chunk) ?? unobservablePayload) }),
          )
          return pristine.write(writer, chunk)
        },
        close: () => {
          const result = pristine.writerClose(writer)
          recorder.guard('writer.close', () => reasonCall(id, 'writer.close', undefined, result))
          return result
        },
        abort: (reason: unknown) => {
          const result = pristine.writerAbort(writer, reason)
          recorder.guard('writable.abort', () => reasonCall(id, 'writable.abort', reason, result))
          return result
        },
      }),
      bare({ highWaterMark: 1 }),
    )
  }

  function observe(id: string, connection: Connection): void {
    const ok = (info: OpenInfo) =>
      recorder.guard('opened', () =>
        recorder.emit({ kind: 'opened', id, time: now(), protocol: info.protocol, extensions: info.extensions }),
      )
    const failed = (error: unknown) =>
      recorder.guard('opened', () => recorder.emit({ kind: 'error', id, time: now(), message: describeError(error) }))
    pristine.then(pristine.then(connection.nativeOpened, ok, failed), undefined, swallow)

    const clean = (info: CloseInfo) =>
      recorder.guard('closed', () =>
        recorder.emit({ kind: 'closed', id, time: now(), code: info.closeCode, reason: info.reason, wasClean: true, error: null }),
      )
    const unclean = (error: unknown) =>
      recorder.guard('closed', () => {
        const details = webSocketErrorDetails(error)
        recorder.emit({
          kind: 'closed',
          id,
          time: now(),
          code: details?.code ?? null,
          reason: details?.reason ?? '',
          wasClean: false,
          error: describeError(error),
        })
      })
    pristine.then(pristine.then(connection.nativeClosed, clean, unclean), undefined, swallow)
  }

  hookConstructor(global, 'WebSocketStream', (target, args, newTarget) => {
    const stream = pristine.construct(target, args, newTarget)
    recorder.guard('WebSocketStream constructor', () => {
      const id = recorder.newId()
      // No prototype: a page getter on Object.prototype.opened must not answer our `??=` lookups.
      const connection: Connection = bare({ id, nativeOpened: opened(stream), nativeClosed: closed(stream) })
      pristine.weakMapSet(connections, stream, connection)
      const options = args[1]
      recorder.emit({
        kind: 'connection',
        id,
        api: 'WebSocketStream',
        time: now(),
        url: typeof args[0] === 'string' ? args[0] : null,
        resolvedUrl: url(stream),
        protocols: stringArray(ownData(options, 'protocols')),
        frameUrl: recorder.frameUrl(),
        stack: recorder.stack(),
      })
      const signal = ownData(options, 'signal')
      if (typeof signal === 'object' && signal !== null)
        pristine.addEventListener(signal as EventTarget, 'abort', () =>
          recorder.guard('signal.abort', () => closeCall(id, 'signal.abort', null, null, null)),
        )
      observe(id, connection)
    })
    return stream
  })

  hookGetter(proto, 'opened', (target, self, args) => {
    const connection = connectionOf(self)
    if (!connection) return pristine.apply(target, self, args)
    connection.opened ??= pristine.then(connection.nativeOpened, (info) => {
      // Same key order and one object for every await, as native.
      return {
        extensions: info.extensions,
        protocol: info.protocol,
        readable: wrapReadable(connection.id, info.readable),
        writable: wrapWritable(connection.id, info.writable),
      }
    })
    return connection.opened
  })

  hookGetter(proto, 'closed', (target, self, args) => {
    const connection = connectionOf(self)
    if (!connection) return pristine.apply(target, self, args)
    connection.closed ??= pristine.then(connection.nativeClosed, (info) => info)
    return connection.closed
  })

  hookMethod(proto, 'close', (target, self, args) => {
    const connection = connectionOf(self)
    const options = args[0]
    const code = ownData(options, 'closeCode')
    const reason = ownData(options, 'reason')
    const record = (error: string | null) =>
      recorder.guard('WebSocketStream.close', () => {
        if (connection)
          closeCall(connection.id, 'close', typeof code === 'number' ? code : null, typeof reason === 'string' ? reason : null, error)
      })
    try {
      const result = pristine.apply(target, self, args)
      record(null)
      return result
    } catch (error) {
      record(describeError(error))
      throw error
    }
  })
}
