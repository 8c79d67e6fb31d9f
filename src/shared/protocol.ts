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
export type CloseVia = 'close' | 'writer.close' | 'writable.abort' | 'readable.cancel' | 'signal.abort'

/**
 * Who made a call the instrumentation saw, when it was not the page: `devtools` for the panel's close
 * lab acting on the real connection, `synthetic` for a message the panel made up and handed to the page
 * (it never went over the wire).
 */
export type Origin = 'devtools' | 'synthetic'

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
      origin?: Origin
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
      origin?: Origin
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
  /** The page ran a panel command: `error` is the exception, verbatim, or null when the call went through. */
  | { kind: 'command-result'; id: string; time: number; commandId: string; action: CommandAction; error: string | null }
  | { kind: 'instrumentation-error'; time: number; where: string; message: string }

export type PageEventKind = PageEvent['kind']

export type MessagePageEvent = Extract<PageEvent, { kind: 'message' }>

/**
 * The message events of a batch, one array per field. Structured clone writes every key of every object
 * it copies, and each batch is copied three times on its way (page -> relay -> background, on the page's
 * thread twice): as columns a 1 KiB message costs the page's side ~3 us instead of ~10 us per copy.
 * `flags` holds MESSAGE_FLAGS; `size` is -1 for null.
 */
export interface MessageColumns {
  id: string[]
  time: Float64Array
  flags: Uint8Array
  size: Float64Array
  data: Array<string | Uint8Array | null>
}
export const MESSAGE_FLAGS = { sent: 1, binary: 2, truncated: 4, devtools: 8, synthetic: 16 } as const

/**
 * page -> relay: one MessagePort message. In `events` a number n stands for the next n message events of
 * `messages`, so the order of all events is kept. `dropped` counts events the page discarded since its
 * last batch.
 */
export interface PageBatch {
  type: 'batch'
  events: Array<Exclude<PageEvent, MessagePageEvent> | number>
  messages: MessageColumns
  dropped: number
}

/**
 * A page batch as the relay takes it: only the envelope is checked there. The relay runs on the page's
 * thread, so the events are validated once, by the background (`validateEvents`).
 */
export type ReceivedPageBatch = { type: 'batch'; events: unknown[]; messages: unknown; dropped: number }

/**
 * What the panel's close lab asks the page to do with a live connection. Codes and reasons go to the
 * browser exactly as given, so that invalid ones produce the browser's own exception.
 */
export type Command =
  | { action: 'close'; code: number | null; reason: string | null }
  | { action: 'writer.close' }
  | { action: 'writable.abort'; code: number | null; reason: string | null }
  | { action: 'readable.cancel'; code: number | null; reason: string | null }
  | { action: 'send'; data: string | Uint8Array }
  | { action: 'simulate'; data: string | Uint8Array }
export type CommandAction = Command['action']
export const COMMAND_ACTIONS: readonly CommandAction[] = ['close', 'writer.close', 'writable.abort', 'readable.cancel', 'send', 'simulate']

/** A command addressed to one connection; `commandId` ties it to its `command-result` event. */
export interface CommandRequest {
  connectionId: string
  commandId: string
  command: Command
}

/** relay -> page: a command from the panel. */
export type RelayToPage = { type: 'command' } & CommandRequest

/** The type of the event that carries the page script's secret to the relay; see src/content/page/channel.ts. */
export const HANDSHAKE_TOKEN = 'wss-devtools:handshake:v1'

/** A PageEvent as the background stores it: tagged with the frame that produced it and a per-tab sequence number. */
export type TabEvent = PageEvent & { frameId: number; seq: number }

/** Where a kept ("Preserve log") page load ended: the background adds it when the top frame navigates. */
export type NavigationMarker = { kind: 'navigation'; url: string; time: number; frameId: 0; seq: number }

/** One entry of a tab's log. Sequence numbers grow per tab and are never reused, not even across loads. */
export type LogEntry = TabEvent | NavigationMarker

/** Why data never reached the panel, counted per tab since its log was last cleared. */
export interface LossCounters {
  /** Message events dropped, oldest first, to stay within the per-tab cap. */
  cap: number
  /** Lifecycle events (connection, opened, closed, ...) dropped past the same cap. */
  capLifecycle: number
  /** Events the page script discarded because nothing took its queue. */
  page: number
  /** Events the relay discarded because the background did not acknowledge them in time. */
  relay: number
  /** Events or messages rejected as malformed by the relay or the background. */
  malformed: number
}

/** The per-tab cap; past it the oldest message events are dropped. */
export interface Limits {
  maxMessages: number
  maxPayloadBytes: number
}
export const DEFAULT_LIMITS: Limits = { maxMessages: 10_000, maxPayloadBytes: 16 * 1024 * 1024 }
export const LIMITS_RANGE = { maxMessages: [10, 1_000_000], maxPayloadBytes: [1024 * 1024, 1024 * 1024 * 1024] } as const

/**
 * What a panel needs besides entries. Entries whose seq is below a floor were dropped (messages below
 * `messageFloor`, everything else below `lifecycleFloor`); a panel drops them too, so it never holds more than the cap.
 */
export interface TabState {
  messageFloor: number
  lifecycleFloor: number
  lost: LossCounters
  preserveLog: boolean
  limits: Limits
}

/**
 * relay -> background, on a port named RELAY_PORT. `hello` opens every connection (again after the
 * background restarts); `doc` is random per document, so a top frame with a new `doc` is a new page load.
 * Batches are numbered per document from 1; the relay resends every batch not yet acknowledged.
 */
export type RelayToBackground =
  | { type: 'hello'; doc: string; top: boolean; url: string }
  | { type: 'batch'; doc: string; seq: number; events: unknown[]; messages?: unknown; lost: { page: number; relay: number; malformed: number } }
export const RELAY_PORT = 'relay'

/**
 * background -> relay: `ack`: every batch of `doc` up to `seq` is durable (persisted), so the relay may
 * forget it; `command`: a panel command for a connection of this frame.
 */
export type BackgroundToRelay = { type: 'ack'; doc: string; seq: number } | ({ type: 'command' } & CommandRequest)

/** panel -> background, on a port named PANEL_PORT. `after` is the last seq the panel holds (null: none). */
export type PanelToBackground =
  | { type: 'subscribe'; tabId: number; after: number | null }
  | { type: 'preserve-log'; tabId: number; preserve: boolean }
  | { type: 'clear'; tabId: number }
  | { type: 'limits'; limits: Limits }
  | ({ type: 'command'; tabId: number; frameId: number } & CommandRequest)
export const PANEL_PORT = 'panel'

/**
 * background -> panel. `reset` replaces the panel's log, `entries` extends it; large logs follow a
 * reset in several `entries` messages. Panels only ever receive durable entries, in seq order.
 */
export type BackgroundToPanel =
  | { type: 'reset'; tabId: number; entries: LogEntry[]; state: TabState }
  | { type: 'entries'; tabId: number; entries: LogEntry[]; state: TabState }
  /** The command could not be delivered (the frame is gone); when it was, the page answers with a `command-result`. */
  | { type: 'command-failed'; tabId: number; commandId: string; error: string }

// ---------------------------------------------------------------------------------------------
// Validators. Everything that arrives from another context is untrusted (the page most of all).

export const MAX_EVENTS_PER_BATCH = 10_000
export const MAX_STRING = 64 * 1024

type Check = (v: unknown) => boolean

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str =
  (max = MAX_STRING): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v)
const int: Check = (v) => Number.isInteger(v)
const bool: Check = (v) => typeof v === 'boolean'
const optional =
  (c: Check): Check =>
  (v) =>
    v === undefined || c(v)
const nullable =
  (c: Check): Check =>
  (v) =>
    v === null || c(v)
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v)
export const MAX_PROTOCOLS = 64
export const MAX_PROTOCOL_LENGTH = 1024
const strings: Check = (v) => Array.isArray(v) && v.length <= MAX_PROTOCOLS && v.every(str(MAX_PROTOCOL_LENGTH))
// Firefox hands the isolated world page-compartment objects, for which `instanceof Uint8Array` is false.
const bytes: Check = (v) => Object.prototype.toString.call(v) === '[object Uint8Array]' && (v as Uint8Array).byteLength <= PAYLOAD_CAP_BYTES

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
    origin: optional(oneOf('devtools', 'synthetic')),
  },
  'close-call': {
    id: str(64),
    time: num,
    via: oneOf('close', 'writer.close', 'writable.abort', 'readable.cancel', 'signal.abort'),
    code: nullable(num),
    reason: nullable(str()),
    error: nullable(str()),
    origin: optional(oneOf('devtools', 'synthetic')),
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
  'command-result': { id: str(64), time: num, commandId: str(64), action: (v) => COMMAND_ACTIONS.includes(v as CommandAction), error: nullable(str()) },
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

const brand = (v: unknown) => Object.prototype.toString.call(v)

/** The columns as arrays of one length, or null. Fields are checked per message by `isPageEvent`. */
function columnsOf(v: unknown): MessageColumns | null {
  if (!isRecord(v)) return null
  const { id, time, flags, size, data } = v
  if (!Array.isArray(id) || !Array.isArray(data) || brand(flags) !== '[object Uint8Array]') return null
  if (brand(time) !== '[object Float64Array]' || brand(size) !== '[object Float64Array]') return null
  const n = id.length
  const lengths = [(time as Float64Array).length, (flags as Uint8Array).length, (size as Float64Array).length, data.length]
  return n <= MAX_EVENTS_PER_BATCH && lengths.every((l) => l === n) ? (v as unknown as MessageColumns) : null
}

/** MESSAGE_FLAGS of a message event. */
export function messageFlags(event: MessagePageEvent): number {
  return (
    (event.direction === 'sent' ? MESSAGE_FLAGS.sent : 0) |
    (event.binary ? MESSAGE_FLAGS.binary : 0) |
    (event.truncated ? MESSAGE_FLAGS.truncated : 0) |
    (event.origin === 'devtools' ? MESSAGE_FLAGS.devtools : 0) |
    (event.origin === 'synthetic' ? MESSAGE_FLAGS.synthetic : 0)
  )
}

/** Writes a message event into row `i` of the columns; `messageAt` reads it back. */
export function putMessage(m: MessageColumns, i: number, event: MessagePageEvent): void {
  m.id[i] = event.id
  m.time[i] = event.time
  m.flags[i] = messageFlags(event)
  m.size[i] = event.size ?? -1
  m.data[i] = event.data
}

/** Message `i` of the columns as the event the page recorded. */
export function messageAt(m: MessageColumns, i: number): MessagePageEvent {
  const flags = m.flags[i]!
  const size = m.size[i]!
  const event: MessagePageEvent = {
    kind: 'message',
    id: m.id[i]!,
    time: m.time[i]!,
    direction: flags & MESSAGE_FLAGS.sent ? 'sent' : 'received',
    binary: (flags & MESSAGE_FLAGS.binary) !== 0,
    size: size === -1 ? null : size,
    data: m.data[i]!,
    truncated: (flags & MESSAGE_FLAGS.truncated) !== 0,
  }
  if (flags & MESSAGE_FLAGS.devtools) event.origin = 'devtools'
  else if (flags & MESSAGE_FLAGS.synthetic) event.origin = 'synthetic'
  return event
}

/**
 * How many events a page batch's event list stands for: each inline one, and the messages each count
 * stands for (a count that is not a positive integer is one malformed event).
 */
export function eventCount(events: unknown[]): number {
  let total = events.length
  for (let i = 0; i < events.length; i++) {
    const e = events[i]
    if (typeof e === 'number' && Number.isSafeInteger(e) && e > 0) total += e - 1
  }
  return total
}

/**
 * Whether row `i` makes a well-formed message event, by the same rules as an inline one. Direction, the
 * booleans and origin come from flag bits and cannot be malformed; the other fields are checked where they
 * lie, without making an event of a row that is then rejected.
 */
function isMessageRow(m: MessageColumns, i: number): boolean {
  const rules = shapes.message
  const size = m.size[i]
  return rules.id!(m.id[i]) && rules.time!(m.time[i]) && rules.size!(size === -1 ? null : size) && rules.data!(m.data[i])
}

/**
 * Splits a batch into the events that are well-formed, in order, and a count of those that were not, so
 * that malformed input is dropped and counted, never passed on. Events come inline or, for messages, as
 * a count of the next rows of `messages` (see PageBatch).
 */
export function validateEvents(v: unknown, messages?: unknown): { events: PageEvent[]; rejected: number } {
  if (!Array.isArray(v)) return { events: [], rejected: 1 }
  const columns = messages === undefined ? null : columnsOf(messages)
  const rows = columns?.id.length ?? 0
  const total = eventCount(v)
  if (total > MAX_EVENTS_PER_BATCH) return { events: [], rejected: total }
  const events: PageEvent[] = []
  let row = 0
  let rejected = 0
  for (const e of v) {
    if (typeof e !== 'number') {
      if (isPageEvent(e)) events.push(e)
      else rejected++
      continue
    }
    if (!Number.isSafeInteger(e) || e < 1 || row + e > rows) {
      rejected += Number.isSafeInteger(e) && e > 0 ? e : 1
      continue
    }
    for (const end = row + e; row < end; row++) {
      if (isMessageRow(columns!, row)) events.push(messageAt(columns!, row))
      else rejected++
    }
  }
  return { events, rejected }
}

const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0
const docId = str(64)

export function isPageBatch(v: unknown): v is ReceivedPageBatch {
  return isRecord(v) && v.type === 'batch' && Array.isArray(v.events) && isRecord(v.messages) && count(v.dropped)
}

/** Checks the envelope only; `validateEvents` sorts a batch's events into kept and rejected. */
export function isRelayToBackground(v: unknown): v is RelayToBackground {
  if (!isRecord(v) || !docId(v.doc)) return false
  if (v.type === 'hello') return bool(v.top) && str()(v.url)
  return (
    v.type === 'batch' && count(v.seq) && Array.isArray(v.events) && isRecord(v.lost) && count(v.lost.page) && count(v.lost.relay) && count(v.lost.malformed)
  )
}

export function isBackgroundToRelay(v: unknown): v is BackgroundToRelay {
  if (!isRecord(v)) return false
  if (v.type === 'command') return isCommandRequest(v)
  return v.type === 'ack' && docId(v.doc) && count(v.seq)
}

/** Numbers, not only safe integers: the close lab sends out-of-range codes on purpose (Chromium clamps them). */
function isCommand(v: unknown): v is Command {
  if (!isRecord(v)) return false
  const codeAndReason = () => (v.code === null || typeof v.code === 'number') && nullable(str(64 * 1024))(v.reason)
  const payload = () => (typeof v.data === 'string' && v.data.length <= PAYLOAD_CAP_BYTES) || bytes(v.data)
  switch (v.action) {
    case 'close':
    case 'writable.abort':
    case 'readable.cancel':
      return codeAndReason()
    case 'writer.close':
      return true
    case 'send':
    case 'simulate':
      return payload()
    default:
      return false
  }
}

export function isCommandRequest(v: unknown): v is CommandRequest {
  return isRecord(v) && str(64)(v.connectionId) && str(64)(v.commandId) && isCommand(v.command)
}

export function isLimits(v: unknown): v is Limits {
  if (!isRecord(v)) return false
  const within = (x: unknown, [min, max]: readonly [number, number]) => count(x) && (x as number) >= min && (x as number) <= max
  return within(v.maxMessages, LIMITS_RANGE.maxMessages) && within(v.maxPayloadBytes, LIMITS_RANGE.maxPayloadBytes)
}

export function isPanelToBackground(v: unknown): v is PanelToBackground {
  if (!isRecord(v)) return false
  switch (v.type) {
    case 'subscribe':
      return count(v.tabId) && (v.after === null || count(v.after))
    case 'preserve-log':
      return count(v.tabId) && bool(v.preserve)
    case 'clear':
      return count(v.tabId)
    case 'limits':
      return isLimits(v.limits)
    case 'command':
      return count(v.tabId) && count(v.frameId) && isCommandRequest(v)
    default:
      return false
  }
}

function isTabState(v: unknown): v is TabState {
  if (!isRecord(v) || !count(v.messageFloor) || !count(v.lifecycleFloor) || !bool(v.preserveLog) || !isLimits(v.limits)) return false
  const lost = v.lost
  return isRecord(lost) && ['cap', 'capLifecycle', 'page', 'relay', 'malformed'].every((k) => count(lost[k]))
}

export function isLogEntry(v: unknown): v is LogEntry {
  if (!isRecord(v) || !count(v.seq)) return false
  if (v.kind === 'navigation') return v.frameId === 0 && str()(v.url) && num(v.time)
  return count(v.frameId) && isPageEvent(v)
}

/** Checks the envelope; the bridge keeps the well-formed entries and counts the rest. */
export function isBackgroundToPanel(v: unknown): v is BackgroundToPanel {
  if (isRecord(v) && v.type === 'command-failed') return count(v.tabId) && str(64)(v.commandId) && str()(v.error)
  return isRecord(v) && (v.type === 'reset' || v.type === 'entries') && count(v.tabId) && Array.isArray(v.entries) && isTabState(v.state)
}
