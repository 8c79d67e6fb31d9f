import {
  RELAY_LOSSES,
  TOP_FRAME,
  type Limits,
  type LogEntry,
  type LossCounters,
  type NavigationMarker,
  type PageEvent,
  type RelayBatch,
  type Source,
  type TabEvent,
  type TabState,
} from '../shared/protocol/index.ts'
import { encodedUtf8Length } from '../shared/utf8.ts'

/** The part of a tab's log that is persisted besides its entries. */
export interface TabMeta {
  tabId: number
  /** The last seq handed out; seqs are never reused in a tab, so a panel can ask for "everything after N". */
  lastSeq: number
  messageFloor: number
  lifecycleFloor: number
  lost: LossCounters
  preserveLog: boolean
  /** The document of the current top frame; a top frame saying hello with another one has navigated. */
  topDoc: string | null
  /** For each document, the last relay batch applied: a resent batch at or below it is a duplicate. */
  docs: Record<string, number>
}

/** Entries and bookkeeping not yet persisted, taken in one go by the commit. */
export interface TabChanges {
  meta: TabMeta
  /** New entries in seq order. */
  entries: LogEntry[]
}

/** Documents remembered for de-duplication; older ones (long gone frames) are forgotten first. */
const MAX_DOCS = 1000

const zeroLost = (): LossCounters => ({ cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 })

export function emptyMeta(tabId: number): TabMeta {
  return { tabId, lastSeq: 0, messageFloor: 0, lifecycleFloor: 0, lost: zeroLost(), preserveLog: false, topDoc: null, docs: {} }
}

/**
 * Everything captured in one tab, in seq order, within the cap. Message events and the rest
 * ("lifecycle": connection, opened, closed, ..., navigation markers) are kept apart so that the
 * cap drops old messages first while the connections they belonged to stay listed.
 */
export class TabLog {
  readonly meta: TabMeta
  private messages: TabEvent[] = []
  private messageHead = 0
  private messageBytes = 0
  private lifecycle: LogEntry[] = []
  private lifecycleHead = 0
  /** The highest seq that is persisted: panels get nothing above it. */
  durableSeq: number
  private unsavedFrom: number

  constructor(meta: TabMeta, messages: TabEvent[] = [], lifecycle: LogEntry[] = []) {
    this.meta = meta
    this.messages = messages
    this.lifecycle = lifecycle
    for (const m of messages) this.messageBytes += heldBytes(m)
    this.durableSeq = meta.lastSeq
    this.unsavedFrom = meta.lastSeq + 1
  }

  /**
   * Appends well-formed events in the order `source` captured them, and keeps the log within `limits`.
   * Any capture source ends here; a relay's batches first pass `applyBatch`.
   */
  append(events: PageEvent[], source: Source, limits: Limits): void {
    for (const event of events) {
      const entry = { ...withSize(event), source, seq: ++this.meta.lastSeq } as TabEvent
      if (entry.kind === 'message') {
        this.messages.push(entry)
        this.messageBytes += heldBytes(entry)
      } else this.lifecycle.push(entry)
    }
    this.enforce(limits)
  }

  /**
   * The relay's path: a batch is applied once per (document, batch number), so a resend changes nothing;
   * its loss counts and the events the background rejected are counted, then its events appended.
   */
  applyBatch(doc: string, source: Source, batch: RelayBatch, events: PageEvent[], rejected: number, limits: Limits): void {
    const last = this.meta.docs[doc] ?? 0
    if (batch.seq <= last) return
    this.rememberDoc(doc, batch.seq)
    const lost = this.meta.lost
    for (const key of RELAY_LOSSES) lost[key] += batch.lost[key]
    lost.malformed += rejected
    this.append(events, source, limits)
  }

  countMalformed(n = 1): void {
    this.meta.lost.malformed += n
  }

  /**
   * The top frame said hello. A document we have not seen there starts a new page load: the log is
   * cleared, or with "Preserve log" kept and marked with where the tab navigated.
   */
  topFrameHello(doc: string, url: string, time: number): void {
    const previous = this.meta.topDoc
    this.meta.topDoc = doc
    if (previous === null || previous === doc) return
    if (this.meta.preserveLog) {
      const marker: NavigationMarker = { kind: 'navigation', url, time, source: TOP_FRAME, seq: ++this.meta.lastSeq }
      this.lifecycle.push(marker)
    } else {
      this.clear()
      this.meta.docs = { [doc]: this.meta.docs[doc] ?? 0 }
    }
  }

  /** Forgets everything captured so far ("Clear" in the panel, or a navigation without Preserve log). */
  clear(): void {
    this.messages = []
    this.messageHead = 0
    this.messageBytes = 0
    this.lifecycle = []
    this.lifecycleHead = 0
    this.meta.messageFloor = this.meta.lifecycleFloor = this.meta.lastSeq + 1
    this.meta.lost = zeroLost()
  }

  /** Drops the oldest messages (then lifecycle events) until the log is within `limits`. */
  enforce(limits: Limits): void {
    while (this.messages.length - this.messageHead > limits.maxMessages || this.messageBytes > limits.maxPayloadBytes) {
      const dropped = this.messages[this.messageHead++]!
      this.messageBytes -= heldBytes(dropped)
      this.meta.messageFloor = dropped.seq + 1
      this.meta.lost.cap++
    }
    while (this.lifecycle.length - this.lifecycleHead > limits.maxMessages) {
      const dropped = this.lifecycle[this.lifecycleHead++]!
      this.meta.lifecycleFloor = dropped.seq + 1
      this.meta.lost.capLifecycle++
    }
    // Compacting only once the dropped head outweighs the rest keeps dropping O(1) per entry.
    if (this.messageHead > 1024 && this.messageHead * 2 > this.messages.length) {
      this.messages = this.messages.slice(this.messageHead)
      this.messageHead = 0
    }
    if (this.lifecycleHead > 1024 && this.lifecycleHead * 2 > this.lifecycle.length) {
      this.lifecycle = this.lifecycle.slice(this.lifecycleHead)
      this.lifecycleHead = 0
    }
  }

  /** Held entries with after < seq <= upTo, merged into seq order. */
  entries(after: number, upTo = this.meta.lastSeq): LogEntry[] {
    const out: LogEntry[] = []
    let m = this.firstAbove(this.messages, this.messageHead, after)
    let l = this.firstAbove(this.lifecycle, this.lifecycleHead, after)
    for (;;) {
      const a = this.messages[m]
      const b = this.lifecycle[l]
      const next = a && (!b || a.seq < b.seq) ? a : b
      if (!next || next.seq > upTo) return out
      out.push(next)
      if (next === a) m++
      else l++
    }
  }

  state(limits: Limits): TabState {
    const { messageFloor, lifecycleFloor, preserveLog } = this.meta
    return { messageFloor, lifecycleFloor, lost: { ...this.meta.lost }, preserveLog, limits }
  }

  /** Takes what the next commit must persist; entries already dropped by the cap are not written at all. */
  takeChanges(): TabChanges {
    const entries = this.entries(this.unsavedFrom - 1)
    this.unsavedFrom = this.meta.lastSeq + 1
    return { meta: structuredClone(this.meta), entries }
  }

  private firstAbove<T extends LogEntry>(list: T[], head: number, seq: number): number {
    let lo = head
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (list[mid]!.seq <= seq) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private rememberDoc(doc: string, seq: number): void {
    const docs = this.meta.docs
    delete docs[doc]
    docs[doc] = seq
    const keys = Object.keys(docs)
    if (keys.length > MAX_DOCS) delete docs[keys[0]!]
  }
}

/** Payload held in memory: characters of a text, bytes of a binary copy. */
export function heldBytes(event: TabEvent): number {
  if (event.kind !== 'message' || event.data === null) return 0
  return typeof event.data === 'string' ? event.data.length : event.data.byteLength
}

/** The page leaves the UTF-8 size of whole texts to us, to keep that work off its thread. */
function withSize(event: PageEvent): PageEvent {
  if (event.kind === 'message' && event.size === null && typeof event.data === 'string' && !event.truncated)
    return { ...event, size: encodedUtf8Length(event.data) }
  return event
}
