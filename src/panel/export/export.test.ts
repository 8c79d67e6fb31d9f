import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { exportHar, importHar } from './har.ts'
import { exportJson, importJson } from './json.ts'

let seq = 0
const tag = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 2 }, seq: ++seq }) as TabEvent
const T = Date.UTC(2026, 10, 25, 12, 0, 0)
const events: TabEvent[] = [
  tag({
    kind: 'connection',
    id: 'a',
    api: 'WebSocketStream',
    time: T,
    url: '/s',
    resolvedUrl: 'ws://127.0.0.1:1/s',
    protocols: ['chat'],
    frameUrl: 'http://127.0.0.1:1/',
    stack: 'at f (x.js:1:1)',
  }),
  tag({ kind: 'opened', id: 'a', time: T + 5, protocol: 'chat', extensions: '' }),
  tag({ kind: 'message', id: 'a', time: T + 10, direction: 'sent', binary: false, size: 6, data: 'héllo', truncated: false }),
  tag({ kind: 'message', id: 'a', time: T + 20, direction: 'received', binary: true, size: 3, data: new Uint8Array([0, 128, 255]), truncated: false }),
  tag({ kind: 'close-call', id: 'a', time: T + 30, via: 'writable.abort', code: 3001, reason: 'x', error: null }),
  tag({ kind: 'closed', id: 'a', time: T + 40, code: 3001, reason: 'x', wasClean: true, error: null }),
]

describe('JSON export', () => {
  it('round-trips every event, binary bytes and close details included', () => {
    expect(importJson(exportJson(events))).toEqual({ events, rejected: 0 })
  })

  it('says what is wrong with a file that is not an export, and counts bad events', () => {
    expect(() => importJson('{"log":{}}')).toThrow(/Not a websocketstream-devtools export/)
    expect(() => importJson('{"format":"websocketstream-devtools","version":9,"events":[]}')).toThrow(/Unsupported export version 9/)
    const text = JSON.stringify({
      format: 'websocketstream-devtools',
      version: 2,
      events: [events[0], { kind: 'script' }, { ...events[3], data: undefined, dataBase64: '%%%' }],
    })
    expect(importJson(text)).toEqual({ events: [events[0]], rejected: 2 })
  })

  it('reads files written before events said where they were captured (version 1, a frameId)', () => {
    const written = JSON.parse(exportJson(events)) as { events: Array<Record<string, unknown>> }
    const v1 = written.events.map(({ source, ...rest }) => ({ ...rest, frameId: (source as { frameId: number }).frameId }))
    const text = JSON.stringify({ ...written, version: 1, events: [...v1, { ...v1[0], frameId: 'top' }] })
    expect(importJson(text)).toEqual({ events, rejected: 1 })
    expect(JSON.parse(exportJson(events)).version).toBe(2)
  })
})

describe('HAR export', () => {
  it('writes WebSocket entries the way Chrome DevTools does', () => {
    const har = JSON.parse(exportHar(events, '0.1.0'))
    expect(har.log.version).toBe('1.2')
    const [entry] = har.log.entries
    expect(entry).toMatchObject({
      _resourceType: 'websocket',
      request: { method: 'GET', url: 'ws://127.0.0.1:1/s' },
      response: { status: 101 },
      startedDateTime: '2026-11-25T12:00:00.000Z',
    })
    expect(entry._webSocketMessages).toEqual([
      { type: 'send', time: (T + 10) / 1000, opcode: 1, data: 'héllo' },
      { type: 'receive', time: (T + 20) / 1000, opcode: 2, data: 'AID/' },
    ])
    expect(entry._webSocketStreamDevtools).toEqual({ api: 'WebSocketStream', closeCode: 3001, closeReason: 'x', wasClean: true })
  })

  // Chrome's importer (devtools-frontend models/har/HARFormat.ts) rejects the whole file when any of these
  // is missing or not a number (a date for startedDateTime), so Import would show nothing at all;
  // e2e/har-export-opens-in-chrome-network-panel.test.ts imports the real file into Chromium's Network panel.
  it("fills every field Chrome's HAR importer requires", () => {
    const [entry] = JSON.parse(exportHar(events, '0.1.0')).log.entries
    expect(Number.isNaN(new Date(entry.startedDateTime).getTime())).toBe(false)
    const required = [
      entry.time,
      entry.request.headersSize,
      entry.request.bodySize,
      entry.response.status,
      entry.response.headersSize,
      entry.response.bodySize,
      entry.response.content.size,
      entry.timings.send,
      entry.timings.wait,
      entry.timings.receive,
    ]
    for (const value of required) expect(value).toBeTypeOf('number')
    for (const message of entry._webSocketMessages) {
      expect(['send', 'receive']).toContain(message.type)
      expect(message.time).toBeTypeOf('number')
      expect(message.opcode).toBeTypeOf('number')
      expect(message.data).toBeTypeOf('string')
    }
  })

  it('reads its own HAR back: messages, bytes and the close outcome', () => {
    const back = importHar(exportHar(events, '0.1.0'))
    expect(back.map((e) => e.kind)).toEqual(['connection', 'message', 'message', 'closed'])
    expect(back[2]).toMatchObject({ direction: 'received', binary: true, data: new Uint8Array([0, 128, 255]) })
    expect(back[3]).toMatchObject({ code: 3001, reason: 'x', wasClean: true })
    expect(() => importHar('{}')).toThrow(/Not a HAR file/)
  })
})
