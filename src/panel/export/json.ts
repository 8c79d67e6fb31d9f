import { base64ToBytes, bytesToBase64 } from '../../shared/base64.ts'
import { isPageEvent, type TabEvent } from '../../shared/protocol/index.ts'

/** The lossless export: every captured event as it was, binary payloads as base64. */
export const JSON_FORMAT = 'websocketstream-devtools'
export const JSON_VERSION = 1

interface Exported {
  format: typeof JSON_FORMAT
  version: typeof JSON_VERSION
  exportedAt: string
  events: Array<Omit<TabEvent, 'data'> & { data?: unknown; dataBase64?: string }>
}

export function exportJson(events: TabEvent[], now = new Date()): string {
  const out: Exported = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    exportedAt: now.toISOString(),
    events: events.map((e) =>
      e.kind === 'message' && e.data !== null && typeof e.data !== 'string' ? { ...e, data: undefined, dataBase64: bytesToBase64(e.data) } : e,
    ),
  }
  return JSON.stringify(out)
}

/** Parses an export; throws an Error that says what is wrong, and drops (and counts) malformed events. */
export function importJson(text: string): { events: TabEvent[]; rejected: number } {
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || (parsed as Exported).format !== JSON_FORMAT)
    throw new Error(`Not a ${JSON_FORMAT} export (no "format": "${JSON_FORMAT}").`)
  const { version, events } = parsed as Exported
  if (version !== JSON_VERSION) throw new Error(`Unsupported export version ${String(version)}; this panel reads version ${JSON_VERSION}.`)
  if (!Array.isArray(events)) throw new Error('The export has no "events" array.')
  const kept: TabEvent[] = []
  for (const raw of events) {
    const event = typeof raw?.dataBase64 === 'string' ? withBytes(raw) : raw
    if (event && isPageEvent(event) && Number.isInteger((event as TabEvent).frameId) && Number.isInteger((event as TabEvent).seq)) kept.push(event as TabEvent)
  }
  return { events: kept, rejected: events.length - kept.length }
}

function withBytes(raw: Exported['events'][number]): unknown {
  try {
    const { dataBase64, ...rest } = raw
    return { ...rest, data: base64ToBytes(dataBase64!) }
  } catch {
    return null
  }
}
