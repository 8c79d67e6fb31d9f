import { describe, expect, it } from 'vitest'
import {
  PAYLOAD_CAP_BYTES,
  isBackgroundToPanel,
  isLogEntry,
  isPageEvent,
  isPanelToBackground,
  isRelayToBackground,
  validateEvents,
  type PageEvent,
} from './protocol.ts'

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

describe('background -> panel validation', () => {
  const state = {
    messageFloor: 0,
    lifecycleFloor: 0,
    lost: { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 },
    preserveLog: false,
    limits: { maxMessages: 100, maxPayloadBytes: 1024 * 1024 },
  }
  it('checks the envelope and its state, and entries one by one', () => {
    expect(isBackgroundToPanel({ type: 'entries', tabId: 3, entries: [], state })).toBe(true)
    expect(isBackgroundToPanel({ type: 'reset', tabId: '3', entries: [], state })).toBe(false)
    expect(isBackgroundToPanel({ type: 'entries', tabId: 3, entries: [], state: { ...state, lost: {} } })).toBe(false)
    expect(isLogEntry({ ...connection, frameId: 0, seq: 1 })).toBe(true)
    expect(isLogEntry(connection)).toBe(false)
    expect(isLogEntry({ kind: 'navigation', url: 'http://h/', time: 1, frameId: 0, seq: 2 })).toBe(true)
    expect(isLogEntry({ kind: 'navigation', url: 'http://h/', time: 1, frameId: 1, seq: 2 })).toBe(false)
  })
})

describe('relay and panel requests', () => {
  const doc = 'd0c'
  it('accepts numbered batches with loss counters, and hellos', () => {
    expect(isRelayToBackground({ type: 'hello', doc, top: true, url: 'http://h/' })).toBe(true)
    expect(isRelayToBackground({ type: 'batch', doc, seq: 1, events: [], lost: { page: 0, relay: 2, malformed: 0 } })).toBe(true)
    expect(isRelayToBackground({ type: 'batch', doc, seq: -1, events: [], lost: { page: 0, relay: 0, malformed: 0 } })).toBe(false)
    expect(isRelayToBackground({ type: 'batch', doc, seq: 1, events: [], lost: {} })).toBe(false)
    expect(isRelayToBackground({ type: 'navigated', url: 'http://h/' })).toBe(false)
  })
  it('keeps the cap within its documented range', () => {
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 100, maxPayloadBytes: 1024 * 1024 } })).toBe(true)
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 0, maxPayloadBytes: 1024 * 1024 } })).toBe(false)
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 100, maxPayloadBytes: 1e12 } })).toBe(false)
    expect(isPanelToBackground({ type: 'subscribe', tabId: 1, after: null })).toBe(true)
    expect(isPanelToBackground({ type: 'subscribe', tabId: 1 })).toBe(false)
    expect(isPanelToBackground({ type: 'preserve-log', tabId: 1, preserve: 'yes' })).toBe(false)
  })
})
