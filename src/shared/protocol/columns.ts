/**
 * The message-column codec that the page's batches (src/content/page/batch.ts), the tab log and the
 * stored records (src/background/persistence.ts) share: message events as one array per field.
 */
import { isPageEvent, messageFields, type MessagePageEvent, type PageEvent } from './events.ts'
import { MAX_EVENTS_PER_BATCH } from './limits.ts'
import { isRecord } from './shape.ts'

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
 * The fields of a message event that a row carries (the `kind` is implied). A field added to the message
 * shape fails the type test in columns.test.ts until it is added here and to putMessage, messageAt and
 * isMessageRow.
 */
export type RowField = 'kind' | 'id' | 'time' | 'direction' | 'binary' | 'size' | 'data' | 'truncated' | 'origin'

const brand = (v: unknown) => Object.prototype.toString.call(v)

/** The columns as arrays of one length, or null. Fields are checked per message by `isMessageRow`. */
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
 * Whether row `i` makes a well-formed message event, by the message shape's own rules. Direction, the
 * booleans and origin come from flag bits and cannot be malformed; the other fields are checked where they
 * lie, without making an event of a row that is then rejected.
 */
function isMessageRow(m: MessageColumns, i: number): boolean {
  const rules = messageFields
  const size = m.size[i]
  return rules.id(m.id[i]) && rules.time(m.time[i]) && rules.size(size === -1 ? null : size) && rules.data(m.data[i])
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
