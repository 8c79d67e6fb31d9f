import type { CloseVia, Origin } from '../../shared/protocol/index.ts'
import type { Control } from './controls.ts'
import { describeError, ownData, recordOutcome, webSocketErrorDetails } from './describe.ts'
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
/** How a native promise settled, once our first reaction to it has run. */
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

interface Connection {
  id: string
  nativeOpened: Promise<OpenInfo>
  nativeClosed: Promise<CloseInfo>
  openedSettled?: Settled<OpenInfo>
  closedSettled?: Settled<CloseInfo>
  opened?: Promise<OpenInfo>
  closed?: Promise<CloseInfo>
  /** The native reader and writer, taken once, shared by the page's pass-through streams and the close lab. */
  reader?: ReadableStreamDefaultReader
  writer?: WritableStreamDefaultWriter
  /** The page's readable, for messages the close lab simulates. */
  controller?: ReadableStreamDefaultController
}

const swallow = () => {}

/**
 * WebSocketStream, observed without changing what the page sees (docs/websocketstream.md):
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
  const nativeClose = pristine.getOwnPropertyDescriptor(proto, 'close')?.value as (...args: unknown[]) => void
  const NativeWebSocketError = (global as { WebSocketError?: new (message: string, init: object) => object }).WebSocketError
  // The page's streams and `opened` result belong to the realm being instrumented, which is not ours
  // when a parent reached into a fresh frame (instrument-frames.ts).
  const { ReadableStream: RealmReadableStream, WritableStream: RealmWritableStream, Object: RealmObject } = global
  const connections = new pristine.WeakMap<object, Connection>()
  const connectionOf = (self: unknown) => (typeof self === 'object' && self !== null ? pristine.weakMapGet(connections, self) : undefined)

  function closeCall(id: string, via: CloseVia, code: number | null, reason: string | null, error: string | null, origin?: Origin): void {
    recorder.emit({ kind: 'close-call', id, time: now(), via, code, reason, error, ...(origin ? { origin } : {}) })
  }

  /**
   * A close request carried by a stream reason: a WebSocketError's code and reason reach the server.
   * It is recorded when it reaches the native stream, not when its promise settles: that may be only
   * after the closing handshake, after `closed`, and the panel must still see that the page asked
   * first. A rejection is recorded again, with the error, when it comes.
   */
  function reasonCall(id: string, via: CloseVia, reason: unknown, result: Promise<unknown>): void {
    const details = webSocketErrorDetails(reason)
    const code = details?.code ?? null
    const text = details?.reason ?? null
    closeCall(id, via, code, text, null)
    pristine.then(result, undefined, (error) => recorder.guard(via, () => closeCall(id, via, code, text, describeError(error))))
  }

  /*
   * A refused reason (a WebSocketError whose code JS may not send) rejects with a message naming the
   * API the page called: "Failed to execute 'cancel' on 'ReadableStreamDefaultReader'" or "... on
   * 'ReadableStream'". The cancel and abort algorithms run synchronously inside those calls, so a flag
   * set around the reader's and writer's methods tells us which one to call on the native stream.
   */
  let viaReader = false
  let viaWriter = false
  const flagDuring = (set: (on: boolean) => void) => (target: (...args: unknown[]) => unknown, self: unknown, args: unknown[]) => {
    set(true)
    try {
      return pristine.apply(target, self, args)
    } finally {
      set(false)
    }
  }
  hookMethod(
    global.ReadableStreamDefaultReader.prototype,
    'cancel',
    flagDuring((on) => (viaReader = on)),
  )
  hookMethod(
    global.WritableStreamDefaultWriter.prototype,
    'abort',
    flagDuring((on) => (viaWriter = on)),
  )

  function cancelLikeThePage(reader: ReadableStreamDefaultReader, native: ReadableStream, reason: unknown): Promise<void> {
    if (viaReader) return pristine.readerCancel(reader, reason)
    pristine.readerRelease(reader)
    return pristine.streamCancel(native, reason)
  }

  function abortLikeThePage(writer: WritableStreamDefaultWriter, native: WritableStream, reason: unknown): Promise<void> {
    if (viaWriter) return pristine.writerAbort(writer, reason)
    pristine.writerRelease(writer)
    return pristine.streamAbort(native, reason)
  }

  function wrapReadable(connection: Connection, native: ReadableStream): ReadableStream {
    const id = connection.id
    const reader = (connection.reader ??= pristine.getReader(native))
    let done = false
    let pulling = false
    let closeAfterPull = false
    const finish = (controller: ReadableStreamDefaultController) => {
      if (done) return
      done = true
      pristine.controllerClose(controller)
    }
    return new RealmReadableStream(
      bare({
        start: (controller: ReadableStreamDefaultController) => {
          connection.controller = controller
          // The native stream closes or errors on its own (server close, drop); ours has no pending read
          // to learn it from, so it follows the native reader, with the very same error object. A close
          // seen while our read is in flight waits for it: the native stream closes as it hands over its
          // last message, before that read resolves.
          const followed = pristine.then(
            pristine.readerClosed(reader),
            () => (pulling ? (closeAfterPull = true) : finish(controller)),
            (error) => pristine.controllerError(controller, error),
          )
          pristine.then(followed, undefined, swallow)
        },
        pull: (controller: ReadableStreamDefaultController) => {
          pulling = true
          return pristine.then(pristine.read(reader), (result) => {
            pulling = false
            if (result.done) return finish(controller)
            recorder.guard('WebSocketStream read', () =>
              recorder.emit({ kind: 'message', id, time: now(), direction: 'received', ...(payloadOf(result.value) ?? unobservablePayload) }),
            )
            pristine.enqueue(controller, result.value)
            if (closeAfterPull) finish(controller)
          })
        },
        cancel: (reason: unknown) => {
          done = true
          const result = cancelLikeThePage(reader, native, reason)
          recorder.guard('readable.cancel', () => reasonCall(id, 'readable.cancel', reason, result))
          return result
        },
      }),
      bare({ highWaterMark: 0 }),
    )
  }

  function wrapWritable(connection: Connection, native: WritableStream): WritableStream {
    const id = connection.id
    const writer = (connection.writer ??= pristine.getWriter(native))
    return new RealmWritableStream(
      bare({
        start: (controller: WritableStreamDefaultController) => {
          // Errors the page would only learn from its next write (drop, failed close) reach our stream too.
          const followed = pristine.then(pristine.writerClosed(writer), undefined, (error) => pristine.writableControllerError(controller, error))
          pristine.then(followed, undefined, swallow)
        },
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
          const result = abortLikeThePage(writer, native, reason)
          recorder.guard('writable.abort', () => reasonCall(id, 'writable.abort', reason, result))
          return result
        },
      }),
      bare({ highWaterMark: 1 }),
    )
  }

  /**
   * The promise a getter hands the page, made on its first access. Before the native one settles it is
   * derived with one `then` (the hop `opened` and `closed` share, so their order stays native); after,
   * it is made already settled, as the native getter's is, so a late `then` runs as early as native.
   * A rejected one made for the page is left unhandled, like the native one the page would have got.
   */
  function derive<T, R>(native: Promise<T>, settled: Settled<T> | undefined, map: (value: T) => R): Promise<R> {
    if (!settled) return pristine.then(native, map)
    return settled.ok ? pristine.promiseResolve(map(settled.value)) : pristine.promiseReject(settled.error)
  }

  function observe(id: string, connection: Connection): void {
    // Registered at construction, so these run before any reaction of the page's.
    const ok = (info: OpenInfo) => {
      connection.openedSettled = bare({ ok: true as const, value: info })
      recorder.guard('opened', () => recorder.emit({ kind: 'opened', id, time: now(), protocol: info.protocol, extensions: info.extensions }))
    }
    const failed = (error: unknown) => {
      connection.openedSettled = bare({ ok: false as const, error })
      recorder.guard('opened', () => recorder.emit({ kind: 'error', id, time: now(), message: describeError(error) }))
    }
    pristine.then(pristine.then(connection.nativeOpened, ok, failed), undefined, swallow)

    const clean = (info: CloseInfo) => {
      connection.closedSettled = bare({ ok: true as const, value: info })
      recorder.controls.unregister(id)
      recorder.guard('closed', () => recorder.emit({ kind: 'closed', id, time: now(), code: info.closeCode, reason: info.reason, wasClean: true, error: null }))
    }
    const unclean = (error: unknown) => {
      connection.closedSettled = bare({ ok: false as const, error })
      recorder.controls.unregister(id)
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
    }
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
        pristine.addEventListener(signal as EventTarget, 'abort', () => recorder.guard('signal.abort', () => closeCall(id, 'signal.abort', null, null, null)))
      observe(id, connection)
      recorder.controls.register(id, control(connection, stream))
    })
    return stream
  })

  /** The close lab's handle on one stream: native calls on the shared reader and writer, recorded as from DevTools. */
  function control(connection: Connection, stream: object): Control {
    const id = connection.id
    const info = () => {
      const settled = connection.openedSettled
      if (!settled) throw new pristine.Error('The connection is not open yet.')
      if (!settled.ok) throw new pristine.Error('The connection never opened.')
      return settled.value
    }
    const writer = () => (connection.writer ??= pristine.getWriter(info().writable))
    const reader = () => (connection.reader ??= pristine.getReader(info().readable))
    const closeInit = (code: number | null, reason: string | null) => {
      const init: { closeCode?: number; reason?: string } = bare({})
      if (code !== null) init.closeCode = code
      if (reason !== null) init.reason = reason
      return init
    }
    const webSocketError = (code: number | null, reason: string | null) => {
      if (!NativeWebSocketError) throw new pristine.Error('This browser has no WebSocketError.')
      return new NativeWebSocketError('Closed from DevTools', closeInit(code, reason))
    }
    /** Recorded when the request reaches the socket, and again with the error if it is refused. */
    const streamCall = (via: CloseVia, code: number | null, reason: string | null, result: Promise<unknown>) => {
      closeCall(id, via, code, reason, null, 'devtools')
      pristine.then(result, undefined, (error) => recorder.guard(via, () => closeCall(id, via, code, reason, describeError(error), 'devtools')))
      return result
    }
    return {
      close(code, reason) {
        const args = code === null && reason === null ? [] : [closeInit(code, reason)]
        recordOutcome(
          () => pristine.apply(nativeClose, stream, args),
          (error) => closeCall(id, 'close', code, reason, error, 'devtools'),
        )
      },
      send(data) {
        const result = pristine.write(writer(), data)
        recorder.emit({ kind: 'message', id, time: now(), direction: 'sent', ...(payloadOf(data) ?? unobservablePayload), origin: 'devtools' })
        return result
      },
      simulate(data) {
        const controller = connection.controller
        if (!controller) throw new pristine.Error('The page has not read `opened` yet, so no reader would get the message.')
        // Chromium hands binary messages to the page as an ArrayBuffer.
        pristine.enqueue(controller, typeof data === 'string' ? data : pristine.typedArrayBuffer(new pristine.Uint8Array(data)))
        recorder.emit({ kind: 'message', id, time: now(), direction: 'received', ...(payloadOf(data) ?? unobservablePayload), origin: 'synthetic' })
      },
      'writer.close': () => streamCall('writer.close', null, null, pristine.writerClose(writer())),
      'writable.abort': (code, reason) => streamCall('writable.abort', code, reason, pristine.writerAbort(writer(), webSocketError(code, reason))),
      'readable.cancel': (code, reason) => streamCall('readable.cancel', code, reason, pristine.readerCancel(reader(), webSocketError(code, reason))),
    }
  }

  /** Same key order and one object for every await, as native; on an internal error, the native streams. */
  function wrapOpened(connection: Connection, info: OpenInfo): OpenInfo {
    let wrapped = info
    recorder.guard('opened streams', () => {
      const result = new RealmObject() as OpenInfo
      const fields: Array<[keyof OpenInfo, unknown]> = [
        ['extensions', info.extensions],
        ['protocol', info.protocol],
        ['readable', wrapReadable(connection, info.readable)],
        ['writable', wrapWritable(connection, info.writable)],
      ]
      // Defined, not assigned: a setter the page put on Object.prototype must not see them.
      for (let i = 0; i < fields.length; i++)
        pristine.defineProperty(result, fields[i]![0], bare({ value: fields[i]![1], writable: true, enumerable: true, configurable: true }))
      wrapped = result
    })
    return wrapped
  }

  // An internal error while deriving leaves the page the native promise.
  hookGetter(proto, 'opened', (target, self, args) => {
    const connection = connectionOf(self)
    if (connection && !connection.opened)
      recorder.guard('opened getter', () => {
        connection.opened = derive(connection.nativeOpened, connection.openedSettled, (info) => wrapOpened(connection, info))
      })
    return connection?.opened ?? pristine.apply(target, self, args)
  })

  hookGetter(proto, 'closed', (target, self, args) => {
    const connection = connectionOf(self)
    if (connection && !connection.closed)
      recorder.guard('closed getter', () => {
        connection.closed = derive(connection.nativeClosed, connection.closedSettled, (info) => info)
      })
    return connection?.closed ?? pristine.apply(target, self, args)
  })

  hookMethod(proto, 'close', (target, self, args) => {
    const connection = connectionOf(self)
    let code: unknown
    let reason: unknown
    // A revoked Proxy as options throws on any read: that is for the native call to report, not us.
    recorder.guard('WebSocketStream.close options', () => {
      code = ownData(args[0], 'closeCode')
      reason = ownData(args[0], 'reason')
    })
    const record = (error: string | null) =>
      recorder.guard('WebSocketStream.close', () => {
        if (connection) closeCall(connection.id, 'close', typeof code === 'number' ? code : null, typeof reason === 'string' ? reason : null, error)
      })
    return recordOutcome(() => pristine.apply(target, self, args), record)
  })
}
