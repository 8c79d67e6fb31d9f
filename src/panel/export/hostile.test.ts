// Exports of a log full of crafted strings: still valid JSON that parses back to exactly the captured
// text, and well-formed Unicode (lone surrogates are escaped, so saving as UTF-8 replaces nothing). The
// panel saves them as application/json downloads (Toolbar.tsx), so markup in a string stays data.
import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { exportHar } from './har.ts'
import { exportJson, importJson } from './json.ts'

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  'a\uD800b\uDFFFc',
  '\u2028\u2029"\\',
]
/** No lone surrogate (String.prototype.isWellFormed is ES2024, past our lib). */
const wellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
const T = Date.UTC(2026, 0, 1)
let seq = 0
const tag = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as TabEvent
const url = `ws://127.0.0.1:1/?q=${HOSTILE[0]}`
const events: TabEvent[] = [
  tag({
    kind: 'connection',
    id: HOSTILE[0]!,
    api: 'WebSocket',
    time: T,
    url: HOSTILE[2]!,
    resolvedUrl: url,
    protocols: [],
    frameUrl: HOSTILE[2]!,
    stack: HOSTILE[1]!,
  }),
  ...HOSTILE.map((data, i) =>
    tag({ kind: 'message', id: HOSTILE[0]!, time: T + i, direction: 'received', binary: false, size: data.length, data, truncated: false }),
  ),
  tag({
    kind: 'message',
    id: HOSTILE[0]!,
    time: T + 9,
    direction: 'sent',
    binary: true,
    size: 4,
    data: new Uint8Array([0xff, 0xfe, 0xc3, 0x28]),
    truncated: false,
  }),
  tag({ kind: 'closed', id: HOSTILE[0]!, time: T + 10, code: 4000, reason: HOSTILE[3]!, wasClean: true, error: HOSTILE[1]! }),
]

describe('exports of crafted payloads', () => {
  it('JSON: round-trips every string exactly, as well-formed text', () => {
    const text = exportJson(events)
    expect(wellFormed(text)).toBe(true)
    expect(importJson(text)).toEqual({ events, rejected: 0 })
  })

  it('HAR: keeps every message as data, as well-formed text', () => {
    const text = exportHar(events, '0.1.0')
    expect(wellFormed(text)).toBe(true)
    const [entry] = JSON.parse(text).log.entries
    expect(entry.request.url).toBe(url)
    expect(entry._webSocketMessages.slice(0, HOSTILE.length).map((m: { data: string }) => m.data)).toEqual(HOSTILE)
  })
})
