import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { useDifferential, type Where } from './helpers/differential.ts'
import { everyWebSocketStreamEvent } from './scenarios/capture.ts'
import * as scenarios from './scenarios/websocketstream.ts'

const rejectedWith = (label: string, name: string) => [label, 'rejected', expect.objectContaining({ name })]
const globalDescriptor = ['global', { writable: true, enumerable: false, configurable: true, same: true }]

/** What Chromium does natively in each scenario (see docs/websocketstream.md). */
const nativeFacts: Record<keyof typeof scenarios, unknown[]> = {
  shape: [
    globalDescriptor,
    ['toString', 'function WebSocketStream() { [native code] }', 'function get opened() { [native code] }'],
    ['subclass', true, true, true, 'hi 1', true, 'function'],
  ],
  constructorExceptions: [
    expect.arrayContaining(['protocols as a string', 'threw', expect.objectContaining({ name: 'TypeError' })]),
    ['page code ran', { urlToString: 1, protocolsGetter: 1, signalGetter: 1 }],
  ],
  closeExceptions: [expect.arrayContaining(['code 999', 'threw', expect.objectContaining({ name: 'InvalidAccessError' })]), ['page getters ran', 1]],
  openedAndClosedResults: [['same object every await', true, true, true], expect.arrayContaining(['keys', ['extensions', 'protocol', 'readable', 'writable']])],
  settleOrderEchoAndClose: [['reader.closed', 'fulfilled', 'undefined']],
  settleOrderHandshakeRejected: [rejectedWith('opened', 'WebSocketError'), rejectedWith('closed', 'WebSocketError')],
  settleOrderCloseBeforeOpen: [rejectedWith('opened', 'WebSocketError')],
  settleOrderAbortSignal: [rejectedWith('opened', 'AbortError'), rejectedWith('closed', 'AbortError')],
  settleOrderServerDrop: [['same objects as closed', [true, true, true]]],
  settleHopsOnLateAccess: [['opened, first read after it settled', 'tick 1', 'tick 2', 'tick 3']],
  unhandledRejections: [
    ['getters never read, handshake rejected', 0],
    ['both read and ignored, handshake rejected', 2],
    ['opened read late, after it rejected', 1],
  ],
  readBackpressure: [
    ['received by the network before any read', 1],
    ['after read 3', 200000, 2, 4],
  ],
  messagesBeforeCloseAreDelivered: [['read', 'fulfilled', expect.objectContaining({ entries: { done: false, value: 'three' } })]],
  writeBackpressure: [
    ['first small write settled while the server pauses', true],
    ['last write settled after the server resumed', true, 'ready too', true],
  ],
  writerCloseWaitsForHandshake: [['writer.close() settled without the server Close frame', false]],
  cancelAndAbortReasons: [rejectedWith('cancel(WebSocketError 1006)', 'InvalidAccessError'), ['write after the refused cancel', 'fulfilled', 'undefined']],
  // A shared buffer is taken natively, despite the notes.
  writesThatMustReject: [
    rejectedWith('resizable buffer', 'TypeError'),
    ['shared buffer', 'fulfilled', 'undefined'],
    rejectedWith('write after closed', 'InvalidStateError'),
  ],
  valuesAreNotConverted: [['page code ran', { toString: 1, valueOf: 0, toStringTag: 1, blobText: 0, blobArrayBuffer: 0, proxyTraps: 3 }]],
  streamUsagePatterns: [
    ['iterated', ['a', 'b', 'c'], 'locked after', false, false],
    ['both branches', 'x', 'x'],
  ],
}

// Only the browsers that have WebSocketStream (Chromium; Firefox has none).
describe.each(browsers.filter((b) => b.has.webSocketStream))('%s: WebSocketStream with and without the extension', (kind) => {
  const env = useDifferential(kind, 'websocketstream')

  describe.each<Where>(['top', 'iframe'])('behaves the same (%s)', (where) => {
    it.each(Object.entries(scenarios))('%s', async (name, scenario) => {
      await env.same(name, scenario, where, nativeFacts[name as keyof typeof scenarios])
    })
  })

  describe.each<Where>(['top', 'iframe'])('the panel receives every WebSocketStream event kind (%s)', (where) => {
    it('creation, handshake, messages both ways, every way to close, and the outcome', async () => {
      const { of, urlOf } = await env.capture(everyWebSocketStreamEvent, where)
      const frame = where === 'top' ? '/blank.html?run=' : '/blank.html?frame='

      const main = of('/protocol')
      expect(main[0]).toMatchObject({
        kind: 'connection',
        api: 'WebSocketStream',
        url: urlOf('/protocol'),
        resolvedUrl: urlOf('/protocol'),
        protocols: ['chat'],
        frameUrl: expect.stringContaining(frame),
        time: expect.any(Number),
        stack: expect.stringMatching(/\S/),
      })
      expect(main).toContainEqual(expect.objectContaining({ kind: 'opened', protocol: 'chat', extensions: '' }))
      for (const direction of ['sent', 'received'])
        expect(main).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ kind: 'message', direction, binary: false, data: 'text' }),
            expect.objectContaining({ kind: 'message', direction, binary: true, size: 3, data: [1, 2, 3], truncated: false }),
          ]),
        )
      expect(main).toContainEqual(
        expect.objectContaining({ kind: 'close-call', via: 'close', code: 999, error: expect.stringMatching(/^InvalidAccessError: /) }),
      )
      expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'writer.close', error: null }))
      expect(main.at(-1)).toMatchObject({ kind: 'closed', code: 1005, reason: '', wasClean: true, error: null })

      expect(of('/deflate-echo')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'opened', extensions: 'permessage-deflate' }),
          expect.objectContaining({ kind: 'close-call', via: 'close', code: 4000, reason: 'bye', error: null }),
          expect.objectContaining({ kind: 'closed', code: 4000, reason: 'bye', wasClean: true }),
        ]),
      )
      expect(of('/echo?case=abort')).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'writable.abort', code: 4002, reason: 'aborted' }))
      expect(of('/echo?case=cancel')).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'readable.cancel', code: 4001, reason: 'cancelled' }))
      expect(of('/echo?case=signal')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'close-call', via: 'signal.abort' }),
          expect.objectContaining({ kind: 'closed', wasClean: false, error: expect.stringMatching(/^AbortError: /) }),
        ]),
      )
      expect(of('/reject?status=403')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'error', message: expect.stringMatching(/^WebSocketError: /) }),
          expect.objectContaining({ kind: 'closed', wasClean: false, code: 1006, error: expect.stringMatching(/^WebSocketError: /) }),
        ]),
      )
      expect(of('/close?code=4003&reason=server&after=50').at(-1)).toMatchObject({ kind: 'closed', code: 4003, reason: 'server', wasClean: true })
      expect(of('/drop?after=50').at(-1)).toMatchObject({ kind: 'closed', code: 1006, wasClean: false, error: expect.stringMatching(/^WebSocketError: /) })
    })
  })
})
