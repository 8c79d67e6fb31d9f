import { describe, expect, expectTypeOf, it } from 'vitest'
import { validateEvents } from './columns.ts'
import { isLogEntry, isPageEvent, type PageEvent } from './events.ts'
import { PAYLOAD_CAP_BYTES } from './limits.ts'

const connection: PageEvent = {
  kind: 'connection',
  id: 'abc-1',
  api: 'WebSocketStream',
  time: 1,
  url: '/socket',
  resolvedUrl: 'ws://127.0.0.1/socket',
  protocols: ['chat'],
  frameUrl: 'http://127.0.0.1/',
  stack: 'at x',
}
const message: PageEvent = {
  kind: 'message',
  id: 'abc-1',
  time: 2,
  direction: 'received',
  binary: true,
  size: 3,
  data: new Uint8Array([1, 2, 3]),
  truncated: false,
}

describe('page event validation', () => {
  it('accepts every well-formed kind', () => {
    const events: PageEvent[] = [
      connection,
      message,
      { kind: 'opened', id: 'abc-1', time: 3, protocol: 'chat', extensions: 'permessage-deflate' },
      { kind: 'close-call', id: 'abc-1', time: 4, via: 'writable.abort', code: 3001, reason: 'x', error: null },
      { kind: 'closed', id: 'abc-1', time: 5, code: 1006, reason: '', wasClean: false, error: 'WebSocketError: gone' },
      { kind: 'error', id: 'abc-1', time: 6, message: 'error event' },
      { kind: 'instrumentation-error', time: 7, where: 'WebSocket.send', message: 'TypeError: x' },
    ]
    expect(validateEvents(events)).toEqual({ events, rejected: 0 })
  })

  it('drops and counts malformed events, keeping the good ones', () => {
    const forged = [
      connection,
      { ...connection, kind: 'script' },
      { ...connection, api: 'XMLHttpRequest' },
      { ...message, data: { length: 3 } },
      { ...message, data: new Uint8Array(PAYLOAD_CAP_BYTES + 1) },
      { ...message, size: -1 },
      { ...connection, time: Number.NaN },
      { ...connection, stack: 'x'.repeat(70_000) },
      null,
      'connection',
    ]
    expect(validateEvents(forged)).toEqual({ events: [connection], rejected: 9 })
  })

  it('rejects anything that is not an array, and oversized batches whole', () => {
    expect(validateEvents({ 0: connection, length: 1 })).toEqual({ events: [], rejected: 1 })
    expect(validateEvents(new Array(10_001).fill(connection)).events).toEqual([])
  })

  it('keeps markup in page data as plain strings', () => {
    const hostile = { ...connection, url: '<img src=x onerror=alert(1)>' }
    expect(isPageEvent(hostile)).toBe(true)
  })
})

describe('log entries', () => {
  it("carry where they were captured and their seq; markers are the top frame's", () => {
    expect(isLogEntry({ ...connection, source: { kind: 'frame', frameId: 0 }, seq: 1 })).toBe(true)
    expect(isLogEntry(connection)).toBe(false)
    expect(isLogEntry({ kind: 'navigation', url: 'http://h/', time: 1, source: { kind: 'frame', frameId: 0 }, seq: 2 })).toBe(true)
    expect(isLogEntry({ kind: 'navigation', url: 'http://h/', time: 1, source: { kind: 'frame', frameId: 1 }, seq: 2 })).toBe(false)
  })
})

describe('the inferred types', () => {
  it('are the ones the protocol declared by hand before its shapes', () => {
    type Declared =
      | {
          kind: 'connection'
          id: string
          api: 'WebSocketStream' | 'WebSocket'
          time: number
          url: string | null
          resolvedUrl: string
          protocols: string[]
          frameUrl: string
          stack: string
        }
      | { kind: 'opened'; id: string; time: number; protocol: string; extensions: string }
      | {
          kind: 'message'
          id: string
          time: number
          direction: 'sent' | 'received'
          binary: boolean
          size: number | null
          data: string | Uint8Array | null
          truncated: boolean
          origin?: 'devtools' | 'synthetic'
        }
      | {
          kind: 'close-call'
          id: string
          time: number
          via: 'close' | 'writer.close' | 'writable.abort' | 'readable.cancel' | 'signal.abort'
          code: number | null
          reason: string | null
          error: string | null
          origin?: 'devtools' | 'synthetic'
        }
      | { kind: 'closed'; id: string; time: number; code: number | null; reason: string; wasClean: boolean; error: string | null }
      | { kind: 'error'; id: string; time: number; message: string }
      | {
          kind: 'command-result'
          id: string
          time: number
          commandId: string
          action: 'close' | 'writer.close' | 'writable.abort' | 'readable.cancel' | 'send' | 'simulate'
          error: string | null
        }
      | { kind: 'instrumentation-error'; time: number; where: string; message: string }
    expectTypeOf<PageEvent>().toEqualTypeOf<Declared>()
  })
})
