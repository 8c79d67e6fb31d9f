import { command } from './commands.ts'
import { MAX_PROTOCOL_LENGTH, MAX_PROTOCOLS, MAX_STRING, PAYLOAD_CAP_BYTES } from './limits.ts'
import { arrayOf, bool, count, int, literal, nullable, num, object, oneOf, optional, payload, str, tagOf, variant, type Infer } from './shape.ts'

export const APIS = ['WebSocketStream', 'WebSocket'] as const
export type Api = (typeof APIS)[number]

export const DIRECTIONS = ['sent', 'received'] as const
export type Direction = (typeof DIRECTIONS)[number]

/** How a connection was asked to end; the names are the API calls a page (or the panel) made. */
export const CLOSE_VIAS = ['close', 'writer.close', 'writable.abort', 'readable.cancel', 'signal.abort'] as const
export type CloseVia = (typeof CLOSE_VIAS)[number]

/**
 * Who made a call the instrumentation saw, when it was not the page: `devtools` for the panel's close
 * lab acting on the real connection, `synthetic` for a message the panel made up and handed to the page
 * (it never went over the wire).
 */
export const ORIGINS = ['devtools', 'synthetic'] as const
export type Origin = (typeof ORIGINS)[number]

const id = str(64)
const text = str(MAX_STRING)

/** A message event's fields; the message-column codec (columns.ts) checks rows with them where they lie. */
export const messageFields = {
  id,
  time: num,
  direction: oneOf(DIRECTIONS),
  binary: bool,
  /** Full size in bytes (UTF-8 for text); null when the browser converts a value we must not touch. */
  size: nullable(int(0)),
  /** Text, or the first PAYLOAD_CAP_BYTES bytes; null when not observable without running page code. */
  data: nullable(payload(PAYLOAD_CAP_BYTES)),
  truncated: bool,
  origin: optional(oneOf(ORIGINS)),
}

/** Messages and their bytes (each message's full size, UTF-8 for text), one direction of a connection. */
export const isTraffic = object({ messages: count(), bytes: count() })
export type Traffic = Infer<typeof isTraffic>

/** The instrumentation's observations, in the order they happened in one frame. */
export const isPageEvent = variant('kind', {
  connection: {
    id,
    api: oneOf(APIS),
    time: num,
    /** The url exactly as the page passed it, when it was a string. */
    url: nullable(text),
    resolvedUrl: text,
    protocols: arrayOf(str(MAX_PROTOCOL_LENGTH), MAX_PROTOCOLS),
    frameUrl: text,
    stack: text,
  },
  opened: { id, time: num, protocol: str(1024), extensions: str(4096) },
  message: messageFields,
  'close-call': {
    id,
    time: num,
    via: oneOf(CLOSE_VIAS),
    code: nullable(num),
    reason: nullable(text),
    /** The exception the call threw or rejected with, as `Name: message`. */
    error: nullable(text),
    origin: optional(oneOf(ORIGINS)),
  },
  closed: { id, time: num, code: nullable(num), reason: text, wasClean: bool, error: nullable(text) },
  error: { id, time: num, message: text },
  /** The page ran a panel command: `error` is the exception, verbatim, or null when the call went through. */
  'command-result': { id, time: num, commandId: str(64), action: tagOf(command), error: nullable(text) },
  'instrumentation-error': { time: num, where: str(256), message: text },
})
export type PageEvent = Infer<typeof isPageEvent>
export type PageEventKind = PageEvent['kind']
export type MessagePageEvent = Extract<PageEvent, { kind: 'message' }>

/**
 * Where a connection was captured, and so where its commands go. Today every source is a frame, whose
 * content scripts relay its events (src/background/relay-source.ts); a capture that is not a relay (a
 * worker, through chrome.debugger) adds its member here and its transport in the hub.
 */
export const isSource = variant('kind', { frame: { frameId: count() } })
export type Source = Infer<typeof isSource>
export const TOP_FRAME = { kind: 'frame', frameId: 0 } as const satisfies Source

export const isTopFrame = (source: Source): boolean => source.kind === 'frame' && source.frameId === 0

/** What the background adds to each event: where it was captured and a per-tab sequence number. */
const tabEventTags = object({ source: isSource, seq: count() })

/** A PageEvent as the background stores it. */
export type TabEvent = PageEvent & Infer<typeof tabEventTags>

/** Where a kept ("Preserve log") page load ended: the background adds it when the top frame navigates. */
const navigationMarker = object({
  kind: literal('navigation'),
  url: text,
  time: num,
  source: object({ kind: literal('frame'), frameId: literal(0) }),
  seq: count(),
})
export type NavigationMarker = Infer<typeof navigationMarker>

/** One entry of a tab's log. Sequence numbers grow per tab and are never reused, not even across loads. */
export type LogEntry = TabEvent | NavigationMarker

export function isLogEntry(v: unknown): v is LogEntry {
  if (!tabEventTags(v)) return false
  return (v as { kind?: unknown }).kind === 'navigation' ? navigationMarker(v) : isPageEvent(v)
}
