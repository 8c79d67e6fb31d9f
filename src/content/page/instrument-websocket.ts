import type { Direction, Origin } from '../../shared/protocol/index.ts'
import type { Control } from './controls.ts'
import { recordOutcome } from './describe.ts'
import { hookConstructor, hookMethod } from './patch.ts'
import { bytesPayload, isBlob, payloadOf, unobservablePayload, type Payload } from './payload.ts'
import { bare, getter, now, pristine } from './pristine.ts'
import type { Recorder } from './recorder.ts'

/**
 * Classic WebSocket: the constructor, send() and close() are hooked through Proxies; open, message,
 * close and error are observed with our own listeners, added before any of the page's, which change
 * nothing the page can see (events, their order, binaryType and bufferedAmount stay native).
 */
export function instrumentWebSocket(global: typeof globalThis, recorder: Recorder): void {
  const Native = global.WebSocket
  if (typeof Native !== 'function') return
  const proto = Native.prototype
  const url = getter<WebSocket, string>(proto, 'url')
  const protocol = getter<WebSocket, string>(proto, 'protocol')
  const extensions = getter<WebSocket, string>(proto, 'extensions')
  const messageData = getter<MessageEvent, unknown>(global.MessageEvent.prototype, 'data')
  const closeCode = getter<CloseEvent, number>(global.CloseEvent.prototype, 'code')
  const closeReason = getter<CloseEvent, string>(global.CloseEvent.prototype, 'reason')
  const closeWasClean = getter<CloseEvent, boolean>(global.CloseEvent.prototype, 'wasClean')
  const binaryType = getter<WebSocket, BinaryType>(proto, 'binaryType')
  const nativeSend = pristine.getOwnPropertyDescriptor(proto, 'send')?.value as (...args: unknown[]) => void
  const nativeClose = pristine.getOwnPropertyDescriptor(proto, 'close')?.value as (...args: unknown[]) => void
  const ids = new pristine.WeakMap<object, string>()
  // Set while the close lab dispatches a made-up message, so our own listener does not record it again.
  let simulating = false

  function message(id: string, direction: Direction, value: unknown, origin?: Origin): void {
    const tag = origin ? { origin } : {}
    const time = now()
    if (isBlob(value)) {
      // Blobs are read asynchronously; the reserved slot keeps the message in its place in the timeline.
      const fill = recorder.reserve()
      const size = pristine.blobSize(value)
      const done = (payload: Payload) => fill({ kind: 'message', id, time, direction, ...payload, ...tag })
      pristine.then(
        pristine.blobArrayBuffer(value),
        (buffer) => done(bytesPayload(buffer, 0, size)),
        () => done({ binary: true, size, data: null, truncated: true }),
      )
      return
    }
    recorder.emit({ kind: 'message', id, time, direction, ...(payloadOf(value) ?? unobservablePayload), ...tag })
  }

  /** The close lab's handle on one socket: the native calls, recorded as made from DevTools. */
  function control(id: string, socket: WebSocket): Control {
    return {
      close(code, reason) {
        // Absent arguments stay absent: close() sends an empty Close frame, close(undefined, reason) uses 1000.
        const args = code === null ? (reason === null ? [] : [undefined, reason]) : reason === null ? [code] : [code, reason]
        const record = (error: string | null) => recorder.emit({ kind: 'close-call', id, time: now(), via: 'close', code, reason, error, origin: 'devtools' })
        recordOutcome(() => pristine.apply(nativeClose, socket, args), record)
      },
      send(data) {
        pristine.apply(nativeSend, socket, [data])
        message(id, 'sent', data, 'devtools')
      },
      simulate(data) {
        // A copy of exactly the bytes, as the type the page asked for with binaryType.
        const bytes = typeof data === 'string' ? null : new pristine.Uint8Array(data)
        const payload = bytes === null ? data : binaryType(socket) === 'blob' ? new global.Blob([bytes]) : pristine.typedArrayBuffer(bytes)
        const event = new global.MessageEvent('message', bare({ data: payload, origin: new global.URL(url(socket)).origin }))
        simulating = true
        try {
          pristine.dispatchEvent(socket, event)
        } finally {
          simulating = false
        }
        message(id, 'received', data, 'synthetic')
      },
    }
  }

  hookConstructor(global, 'WebSocket', (target, args, newTarget) => {
    const socket = pristine.construct(target, args, newTarget)
    recorder.guard('WebSocket constructor', () => {
      const id = recorder.newId()
      pristine.weakMapSet(ids, socket, id)
      const requested = args[1]
      recorder.emit({
        kind: 'connection',
        id,
        api: 'WebSocket',
        time: now(),
        url: typeof args[0] === 'string' ? args[0] : null,
        resolvedUrl: url(socket as WebSocket),
        protocols: typeof requested === 'string' ? [requested] : stringArray(requested),
        frameUrl: recorder.frameUrl(),
        stack: recorder.stack(),
      })
      const listen = (type: string, listener: (event: Event) => void) =>
        pristine.addEventListener(socket as EventTarget, type, (event) => recorder.guard(`WebSocket ${type}`, () => listener(event)))
      listen('open', () =>
        recorder.emit({ kind: 'opened', id, time: now(), protocol: protocol(socket as WebSocket), extensions: extensions(socket as WebSocket) }),
      )
      listen('message', (event) => simulating || message(id, 'received', messageData(event as MessageEvent)))
      listen('error', () => recorder.emit({ kind: 'error', id, time: now(), message: 'error event' }))
      recorder.controls.register(id, control(id, socket as WebSocket))
      listen('close', (event) => {
        recorder.controls.unregister(id)
        const close = event as CloseEvent
        recorder.emit({
          kind: 'closed',
          id,
          time: now(),
          code: closeCode(close),
          reason: closeReason(close),
          wasClean: closeWasClean(close),
          error: null,
        })
      })
    })
    return socket
  })

  hookMethod(proto, 'send', (target, self, args) => {
    const result = pristine.apply(target, self, args)
    recorder.guard('WebSocket.send', () => {
      const id = typeof self === 'object' && self !== null ? pristine.weakMapGet(ids, self) : undefined
      if (id !== undefined) message(id, 'sent', args[0])
    })
    return result
  })

  hookMethod(proto, 'close', (target, self, args) => {
    const id = typeof self === 'object' && self !== null ? pristine.weakMapGet(ids, self) : undefined
    const code = typeof args[0] === 'number' ? args[0] : null
    const reason = typeof args[1] === 'string' ? args[1] : null
    const record = (error: string | null) =>
      recorder.guard('WebSocket.close', () => {
        if (id !== undefined) recorder.emit({ kind: 'close-call', id, time: now(), via: 'close', code, reason, error })
      })
    return recordOutcome(() => pristine.apply(target, self, args), record)
  })
}

/** Requested subprotocols when the page passed a plain array of strings; read without running page code. */
export function stringArray(value: unknown): string[] {
  if (!pristine.isArray(value)) return []
  const out: string[] = []
  for (let i = 0; i < value.length; i++) {
    const descriptor = pristine.getOwnPropertyDescriptor(value, i)
    if (!descriptor || !pristine.hasOwn(descriptor, 'value') || typeof descriptor.value !== 'string') return []
    out[i] = descriptor.value
  }
  return out
}
