import { base64ToBytes, bytesToBase64 } from '../../shared/base64.ts'
import { isPageEvent, isSource, type TabEvent } from '../../shared/protocol/index.ts'

/** The lossless export: every captured event as it was, binary payloads as base64. */
export const JSON_FORMAT = 'websocketstream-devtools'
/** Version 2 says where each event was captured (`source`); version 1, still read, had a `frameId`. */
export const JSON_VERSION = 2

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
  const { version, events } = parsed as Omit<Exported, 'version'> & { version: unknown }
  if (version !== 1 && version !== JSON_VERSION)
    throw new Error(`Unsupported export version ${String(version)}; this panel reads versions 1 to ${JSON_VERSION}.`)
  if (!Array.isArray(events)) throw new Error('The export has no "events" array.')
  const kept: TabEvent[] = []
  for (const raw of events) {
    const decoded = typeof raw?.dataBase64 === 'string' ? withBytes(raw) : raw
    const event = version === 1 ? fromVersion1(decoded) : decoded
    if (event && isPageEvent(event) && isSource((event as TabEvent).source) && Number.isInteger((event as TabEvent).seq)) kept.push(event as TabEvent)
  }
  return { events: kept, rejected: events.length - kept.length }
}

/** A version-1 event: every capture was a frame's, named by `frameId`. */
function fromVersion1(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !Number.isInteger((raw as { frameId?: unknown }).frameId)) return null
  const { frameId, ...rest } = raw as { frameId: number }
  return { ...rest, source: { kind: 'frame', frameId } }
}

function withBytes(raw: Exported['events'][number]): unknown {
  try {
    const { dataBase64, ...rest } = raw
    return { ...rest, data: base64ToBytes(dataBase64!) }
  } catch {
    return null
  }
}
