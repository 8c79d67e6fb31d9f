/**
 * The one source of truth for every message that crosses a context boundary:
 *
 *   page (MAIN world) --MessagePort--> relay (isolated world) --runtime port--> background --runtime port--> panel
 *
 * Each side validates what it receives with the functions at the bottom; nothing crosses untyped.
 */

export type Api = 'WebSocketStream' | 'WebSocket'
export type Direction = 'sent' | 'received'

/** How a connection was asked to end; the names are the API calls a page (or the panel) made. */
export type CloseVia =
  | 'close'
  | 'writer.close'
  | 'writable.abort'
  | 'readable.cancel'
  | 'signal.abort'

/** Bytes of one payload we keep; the full size is always recorded in `size`. */
export const PAYLOAD_CAP_BYTES = 1024 * 1024

/** The instrumentation's observations, in the order they happened in one frame. */
export type PageEvent =
  | {
      kind: 'connection'
      id: string
      api: Api
      time: number
      /** The url exactly as the page passed it, when it was a string. */
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
      direction: Direction
      binary: boolean
      /** Full size in bytes (UTF-8 for text); null when the browser converts a value we must not touch. */
      size: number | null
      /** Text, or the first PAYLOAD_CAP_BYTES bytes; null when not observable without running page code. */
      data: string | Uint8Array | null
      truncated: boolean
    }
  | {
      kind: 'close-call'
      id: string
      time: number
      via: CloseVia
      code: number | null
      reason: string | null
      /** The exception the call threw or rejected with, as `Name: message`. */
      error: string | null
    }
  | {
      kind: 'closed'
      id: string
      time: number
      code: number | null
      reason: string
      wasClean: boolean
      error: string | null
    }
  | { kind: 'error'; id: string; time: number; message: string }
  | { kind: 'instrumentation-error'; time: number; where: string; message: string }

export type PageEventKind = PageEvent['kind']

/** page -> relay: one MessagePort message. */
export interface PageBatch {
  type: 'batch'
  events: PageEvent[]
}

/** The token the page script posts with its MessagePort; see src/content/channel.ts. */
export const HANDSHAKE_TOKEN = 'wss-devtools:handshake:v1'

/** A PageEvent as the background stores it: tagged with the frame that produced it and a per-tab sequence number. */
export type TabEvent = PageEvent & { frameId: number; seq: number }

/**
 * relay -> background, on a port named RELAY_PORT. The top frame's relay says `navigated` once per
 * document, before anything else, so the background can start a new page load.
 */
export type RelayToBackground = { type: 'events'; events: PageEvent[] } | { type: 'navigated'; url: string }
export const RELAY_PORT = 'relay'

/** panel -> background, on a port named PANEL_PORT. */
export type PanelToBackground = { type: 'subscribe'; tabId: number }
export const PANEL_PORT = 'panel'

/** background -> panel. `reset` starts a fresh view: history first, then live `events`. */
export type BackgroundToPanel =
  | { type: 'reset'; tabId: number; events: TabEvent[] }
  | { type: 'events'; tabId: number; events: TabEvent[] }

// ---------------------------------------------------------------------------------------------
// Validators. Everything that arrives from another context is untrusted (the page most of all).

export const MAX_EVENTS_PER_BATCH = 10_000
const MAX_STRING = 64 * 1024

type Check = (v: unknown) => boolean

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const str =
  (max = MAX_STRING): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v)
const int: Check = (v) => Number.isInteger(v)
const bool: Check = (v) => typeof v === 'boolean'
const nullable =
  (c: Check): Check =>
  (v) =>
    v === null || c(v)
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v)
const strings: Check = (v) => Array.isArray(v) && v.length <= 64 && v.every(str(1024))
// Firefox hands the isolated world page-compartment objects, for which `instanceof Uint8Array` is false.
const bytes: Check = (v) =>
  Object.prototype.toString.call(v) === '[object Uint8Array]' &&
  (v as Uint8Array).byteLength <= PAYLOAD_CAP_BYTES

const shapes: { [K in PageEventKind]: Record<string, Check> } = {
  connection: {
    id: str(64),
    api: oneOf('WebSocketStream', 'WebSocket'),
    time: num,
    url: nullable(str()),
    resolvedUrl: str(),
    protocols: strings,
    frameUrl: str(),
    stack: str(),
  },
  opened: { id: str(64), time: num, protocol: str(1024), extensions: str(4096) },
  message: {
    id: str(64),
    time: num,
    direction: oneOf('sent', 'received'),
    binary: bool,
    size: nullable((v) => int(v) && (v as number) >= 0),
    data: (v) => v === null || bytes(v) || (typeof v === 'string' && v.length <= PAYLOAD_CAP_BYTES),
    truncated: bool,
  },
  'close-call': {
    id: str(64),
    time: num,
    via: oneOf('close', 'writer.close', 'writable.abort', 'readable.cancel', 'signal.abort'),
    code: nullable(num),
    reason: nullable(str()),
    error: nullable(str()),
  },
  closed: {
    id: str(64),
    time: num,
    code: nullable(num),
    reason: str(),
    wasClean: bool,
    error: nullable(str()),
  },
  error: { id: str(64), time: num, message: str() },
  'instrumentation-error': { time: num, where: str(256), message: str() },
}

function hasShape(v: Record<string, unknown>, shape: Record<string, Check>): boolean {
  for (const key in shape) if (!shape[key]!(v[key])) return false
  return true
}

export function isPageEvent(v: unknown): v is PageEvent {
  if (!isRecord(v) || typeof v.kind !== 'string' || !Object.hasOwn(shapes, v.kind)) return false
  return hasShape(v, shapes[v.kind as PageEventKind])
}

/**
 * Splits a batch into the events that are well-formed and a count of those that were not, so that
 * malformed input is dropped and counted, never passed on.
 */
export function validateEvents(v: unknown): { events: PageEvent[]; rejected: number } {
  if (!Array.isArray(v)) return { events: [], rejected: 1 }
  if (v.length > MAX_EVENTS_PER_BATCH) return { events: [], rejected: v.length }
  const events: PageEvent[] = []
  for (const e of v) if (isPageEvent(e)) events.push(e)
  return { events, rejected: v.length - events.length }
}

export function isPageBatch(v: unknown): v is PageBatch {
  return isRecord(v) && v.type === 'batch' && Array.isArray(v.events)
}

export function isRelayToBackground(v: unknown): v is RelayToBackground {
  if (!isRecord(v)) return false
  if (v.type === 'navigated') return str()(v.url)
  return v.type === 'events' && Array.isArray(v.events)
}

export function isPanelToBackground(v: unknown): v is PanelToBackground {
  return isRecord(v) && v.type === 'subscribe' && Number.isInteger(v.tabId)
}

export function isBackgroundToPanel(v: unknown): v is BackgroundToPanel {
  return (
    isRecord(v) &&
    (v.type === 'reset' || v.type === 'events') &&
    Number.isInteger(v.tabId) &&
    Array.isArray(v.events) &&
    v.events.every((e) => isRecord(e) && int(e.frameId) && int(e.seq) && isPageEvent(e))
  )
}
