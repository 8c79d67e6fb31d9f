// Captured events, tab state and a recording link to the background, for the panel's tests.
import { type Api, DEFAULT_LIMITS, type LogEntry, type PageEvent, type PanelToBackground, type TabEvent, type TabState } from '../../shared/protocol/index.ts'
import { createLink } from '../store/link.ts'

export const STATE: TabState = {
  messageFloor: 0,
  lifecycleFloor: 0,
  dropped: [],
  lost: { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 },
  preserveLog: false,
  limits: DEFAULT_LIMITS,
}

/** A short session of one connection: opened, a text and a binary message each way, closed by the page. */
export function session(id = 'a', api: Api = 'WebSocketStream', firstSeq = 1): TabEvent[] {
  let seq = firstSeq
  const at = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: seq++ }) as TabEvent
  return [
    at({
      kind: 'connection',
      id,
      api,
      time: 1000,
      url: `ws://h/${id}`,
      resolvedUrl: `ws://h/${id}`,
      protocols: [],
      frameUrl: 'http://h/',
      stack: 'at page.js:1',
    }),
    at({ kind: 'opened', id, time: 1005, protocol: '', extensions: '' }),
    at({ kind: 'message', id, time: 1010, direction: 'sent', binary: false, size: 5, data: 'hello', truncated: false }),
    at({ kind: 'message', id, time: 1020, direction: 'received', binary: true, size: 4, data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), truncated: false }),
    at({ kind: 'message', id, time: 1030, direction: 'received', binary: false, size: 14, data: '{"ping":true}', truncated: false }),
    at({ kind: 'close-call', id, time: 1040, via: 'close', code: 4000, reason: 'done', error: null }),
    at({ kind: 'closed', id, time: 1050, code: 4000, reason: 'done', wasClean: true, error: null }),
  ]
}

export const entries = (events: TabEvent[]) => events as LogEntry[]

/** A link to the background whose sender serves `tabId` and records what the panel posts. */
export function recordingLink(tabId: number) {
  const link = createLink()
  const posted: PanelToBackground[] = []
  link.setSender({ tabId, post: (m) => posted.push(m) })
  return { link, posted }
}
