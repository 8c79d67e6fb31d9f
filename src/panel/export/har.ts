import { base64ToBytes, bytesToBase64 } from '../../shared/base64.ts'
import { TOP_FRAME, type PageEvent, type TabEvent } from '../../shared/protocol/index.ts'

/** HAR 1.2 with WebSocket entries carrying `_webSocketMessages` as Chrome DevTools writes them. */
interface HarMessage {
  type: 'send' | 'receive'
  time: number
  opcode: 1 | 2
  data: string
}

interface HarEntry {
  startedDateTime: string
  time: number
  request: Record<string, unknown> & { url: string }
  response: Record<string, unknown>
  cache: Record<string, never>
  timings: Record<string, number>
  _resourceType: 'websocket'
  _webSocketMessages: HarMessage[]
  /** Ours: what HAR has no place for (API, close outcome). Chrome ignores it. */
  _webSocketStreamDevtools?: { api: string; closeCode: number | null; closeReason: string; wasClean: boolean | null }
}

export function exportHar(events: TabEvent[], version: string): string {
  const entries: HarEntry[] = []
  const byId = new Map<string, HarEntry>()
  for (const event of events) {
    if (event.kind === 'connection') {
      const entry: HarEntry = {
        startedDateTime: new Date(event.time).toISOString(),
        time: 0,
        request: { method: 'GET', url: event.resolvedUrl, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: {
          status: 101,
          statusText: 'Switching Protocols',
          httpVersion: 'HTTP/1.1',
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
        _resourceType: 'websocket',
        _webSocketMessages: [],
        _webSocketStreamDevtools: { api: event.api, closeCode: null, closeReason: '', wasClean: null },
      }
      entries.push(entry)
      byId.set(event.id, entry)
      continue
    }
    if (!('id' in event)) continue
    const entry = byId.get(event.id)
    if (!entry) continue
    entry.time = Math.max(entry.time, event.time - Date.parse(entry.startedDateTime))
    if (event.kind === 'message' && event.data !== null)
      entry._webSocketMessages.push({
        type: event.direction === 'sent' ? 'send' : 'receive',
        time: event.time / 1000,
        opcode: event.binary ? 2 : 1,
        data: typeof event.data === 'string' ? event.data : bytesToBase64(event.data),
      })
    if (event.kind === 'closed')
      entry._webSocketStreamDevtools = { ...entry._webSocketStreamDevtools!, closeCode: event.code, closeReason: event.reason, wasClean: event.wasClean }
  }
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'WebSocketStream DevTools', version }, pages: [], entries } }, null, 1)
}

/** Reads the WebSocket entries of a HAR (ours or Chrome's) back into events for offline browsing. */
export function importHar(text: string): TabEvent[] {
  const har = JSON.parse(text) as { log?: { entries?: unknown } }
  if (!Array.isArray(har?.log?.entries)) throw new Error('Not a HAR file: there is no log.entries array.')
  const events: TabEvent[] = []
  let seq = 0
  const push = (e: PageEvent) => events.push({ ...e, source: TOP_FRAME, seq: ++seq } as TabEvent)
  har.log.entries.forEach((raw: Partial<HarEntry>, n: number) => {
    if (raw._resourceType !== 'websocket' || typeof raw.request?.url !== 'string') return
    const id = `har-${n}`
    const time = Date.parse(raw.startedDateTime ?? '') || 0
    const extra = raw._webSocketStreamDevtools
    push({
      kind: 'connection',
      id,
      api: extra?.api === 'WebSocketStream' ? 'WebSocketStream' : 'WebSocket',
      time,
      url: raw.request.url,
      resolvedUrl: raw.request.url,
      protocols: [],
      frameUrl: '',
      stack: '',
    })
    for (const m of Array.isArray(raw._webSocketMessages) ? raw._webSocketMessages : []) {
      if (typeof m?.data !== 'string' || typeof m.time !== 'number') continue
      const binary = m.opcode === 2
      let data: string | Uint8Array = m.data
      if (binary) {
        try {
          data = base64ToBytes(m.data)
        } catch {
          continue
        }
      }
      push({
        kind: 'message',
        id,
        time: m.time * 1000,
        direction: m.type === 'send' ? 'sent' : 'received',
        binary,
        size: binary ? (data as Uint8Array).byteLength : new TextEncoder().encode(m.data).byteLength,
        data,
        truncated: false,
      })
    }
    if (extra && extra.wasClean !== null)
      push({ kind: 'closed', id, time: time + (raw.time ?? 0), code: extra.closeCode, reason: extra.closeReason, wasClean: extra.wasClean, error: null })
  })
  return events
}
