/**
 * The messages of each hop, and their validators:
 *
 *   page (MAIN world) --MessagePort--> relay (isolated world) --runtime port--> background --runtime port--> panel
 *
 * Everything that arrives from another context is untrusted (the page most of all); each side checks it
 * with the shape's `check` (exported as `is…`) and drops what does not fit.
 */
import type { MessageColumns } from './columns.ts'
import { commandRequestFields } from './commands.ts'
import { isSource, isTraffic, type MessagePageEvent, type PageEvent } from './events.ts'
import { MAX_STRING } from './limits.ts'
import {
  arrayOf,
  bool,
  count,
  counts,
  extend,
  fieldsOf,
  list,
  literal,
  nullable,
  object,
  optional,
  record,
  str,
  unknown,
  variant,
  type Infer,
} from './shape.ts'

/** The type of the event that carries the page script's secret to the relay; see src/content/page/channel.ts. */
export const HANDSHAKE_TOKEN = 'wss-devtools:handshake:v1'

const docId = str(64)
const tabId = count()

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
export const isPageBatch = object({ type: literal('batch'), events: list, messages: record, dropped: count() })
export type ReceivedPageBatch = Infer<typeof isPageBatch>

/** The losses a relay reports with a batch; with the background's own, they make LossCounters. */
export const RELAY_LOSSES = ['page', 'relay', 'malformed'] as const
/**
 * Why data never reached the panel, counted per tab since its log was last cleared:
 * - `cap`: message events dropped to stay within the per-tab cap (per connection in TabState.dropped);
 * - `capLifecycle`: lifecycle events (connection, opened, closed, ...) dropped past the same cap;
 * - `page`: events the page script discarded because nothing took its queue;
 * - `relay`: events the relay discarded because the background did not acknowledge them in time;
 * - `malformed`: events or messages rejected as malformed by the relay or the background.
 */
export const LOSS_KEYS = ['cap', 'capLifecycle', ...RELAY_LOSSES] as const
const lossCounters = object(fieldsOf(LOSS_KEYS, count()))
export type LossCounters = Infer<typeof lossCounters>

/**
 * relay -> background, on a port named RELAY_PORT. `hello` opens every connection (again after the
 * background restarts); `doc` is random per document, so a top frame with a new `doc` is a new page load.
 * Batches are numbered per document from 1; the relay resends every batch not yet acknowledged. Only the
 * envelope is checked here; `validateEvents` sorts a batch's events into kept and rejected.
 */
export const isRelayToBackground = variant('type', {
  hello: { doc: docId, top: bool, url: str(MAX_STRING) },
  batch: { doc: docId, seq: count(), events: list, messages: optional(unknown), lost: object(fieldsOf(RELAY_LOSSES, count())) },
})
export type RelayToBackground = Infer<typeof isRelayToBackground>
export type RelayBatch = Extract<RelayToBackground, { type: 'batch' }>
export const RELAY_PORT = 'relay'

/**
 * background -> relay: `ack`: every batch of `doc` up to `seq` is durable (persisted), so the relay may
 * forget it; `command`: a panel command for a connection of this frame.
 */
export const isBackgroundToRelay = variant('type', { ack: { doc: docId, seq: count() }, command: commandRequestFields })
export type BackgroundToRelay = Infer<typeof isBackgroundToRelay>

/** relay -> page: a command from the panel. */
export type RelayToPage = Extract<BackgroundToRelay, { type: 'command' }>

/** The per-tab cap; past it the oldest messages of the connection holding the most are dropped. */
export const LIMITS_RANGE = { maxMessages: [10, 1_000_000], maxPayloadBytes: [1024 * 1024, 1024 * 1024 * 1024] } as const
export const isLimits = object(counts(LIMITS_RANGE))
export type Limits = Infer<typeof isLimits>
export const DEFAULT_LIMITS: Limits = { maxMessages: 10_000, maxPayloadBytes: 16 * 1024 * 1024 }

/**
 * What the cap dropped from one connection. It drops a connection's oldest messages first, so all of its
 * messages below `floor` are gone and none above; `sent` and `received` count what went over the wire
 * (a synthetic message did not), so the connection's totals are what is held plus these.
 */
const connectionDrops = object({ id: str(64), floor: count(), sent: isTraffic, received: isTraffic })
export type ConnectionDrops = Infer<typeof connectionDrops>

/**
 * What a panel needs besides entries. Entries whose seq is below a floor were cleared (messages below
 * `messageFloor`, everything else below `lifecycleFloor`), and a connection's messages below its floor in
 * `dropped` were dropped by the cap; a panel drops them too, so it holds exactly what the background does.
 * `dropped` lists the connections that lost messages since the log was last cleared.
 */
const tabState = object({
  messageFloor: count(),
  lifecycleFloor: count(),
  dropped: arrayOf(connectionDrops, Number.POSITIVE_INFINITY),
  lost: lossCounters,
  preserveLog: bool,
  limits: isLimits,
})
export type TabState = Infer<typeof tabState>

/**
 * panel -> background, on a port named PANEL_PORT. `after` is the last seq the panel holds (null: none).
 * A command names the connection's source, and the background picks the transport that reaches it.
 */
export const isPanelToBackground = variant('type', {
  subscribe: { tabId, after: nullable(count()) },
  'preserve-log': { tabId, preserve: bool },
  clear: { tabId },
  limits: { limits: isLimits },
  command: extend({ tabId, source: isSource }, commandRequestFields),
})
export type PanelToBackground = Infer<typeof isPanelToBackground>
export const PANEL_PORT = 'panel'

/**
 * background -> panel. `reset` replaces the panel's log, `entries` extends it; large logs follow a
 * reset in several `entries` messages. Panels only ever receive durable entries, in seq order. Only the
 * envelope is checked: the bridge keeps the well-formed entries (`isLogEntry`) and counts the rest.
 */
export const isBackgroundToPanel = variant('type', {
  reset: { tabId, entries: list, state: tabState },
  entries: { tabId, entries: list, state: tabState },
  /** The command could not be delivered (its source is gone, e.g. the frame); when it was, the page answers with a `command-result`. */
  'command-failed': { tabId, commandId: str(64), error: str(MAX_STRING) },
})
export type BackgroundToPanel = Infer<typeof isBackgroundToPanel>
