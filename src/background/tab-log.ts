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
  type Traffic,
} from '../shared/protocol/index.ts'
import { encodedUtf8Length } from '../shared/utf8.ts'
import { StoredRecords } from './tab-log-records.ts'

/** The part of a tab's log that is persisted besides its entries. */
export interface TabMeta {
  tabId: number
  /** The last seq handed out; seqs are never reused in a tab, so a panel can ask for "everything after N". */
  lastSeq: number
  /** Messages below it were cleared (Clear, or a navigation without Preserve log). */
  messageFloor: number
  lifecycleFloor: number
  /** What the cap dropped from each connection (see TabState.dropped), by connection id. */
  dropped: Record<string, { floor: number; sent: Traffic; received: Traffic }>
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
  /** Stored message records (by key) the cap has emptied, and those to write again with what it left. */
  deletedRecords: number[]
  rewrittenRecords: Array<{ key: number; entries: MessageEntry[] }>
}

/** One stored message record: its key (the seq of its last message) and its messages. */
export interface StoredMessages {
  key: number
  messages: MessageEntry[]
}

export type MessageEntry = Extract<TabEvent, { kind: 'message' }>

/** One connection's held messages, oldest first. */
interface Held {
  messages: MessageEntry[]
  head: number
  bytes: number
}

/** Documents remembered for de-duplication; older ones (long gone frames) are forgotten first. */
const MAX_DOCS = 1000

const zeroLost = (): LossCounters => ({ cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 })

export function emptyMeta(tabId: number): TabMeta {
  return { tabId, lastSeq: 0, messageFloor: 0, lifecycleFloor: 0, dropped: {}, lost: zeroLost(), preserveLog: false, topDoc: null, docs: {} }
}

const size = (held: Held | undefined) => (held ? held.messages.length - held.head : 0)

/**
 * Everything captured in one tab, in seq order, within the cap. Message events and the rest
 * ("lifecycle": connection, opened, closed, ..., navigation markers) are kept apart so that the
 * cap drops old messages first while the connections they belonged to stay listed. The cap takes from
 * the connection holding the most (messages, or payload bytes when those are over), its oldest first, so a
 * flood on one connection cannot evict a quiet one's history.
 */
export class TabLog {
  readonly meta: TabMeta
  /** Held messages of all connections in seq order; dropped ones stay until compaction, skipped. */
  private messages: MessageEntry[] = []
  private messageHead = 0
  private messageCount = 0
  private messageBytes = 0
  private byConnection = new Map<string, Held>()
  private records = new StoredRecords()
  private lifecycle: LogEntry[] = []
  private lifecycleHead = 0
  /** The highest seq that is persisted: panels get nothing above it. */
  durableSeq: number
  private unsavedFrom: number

  constructor(meta: TabMeta, stored: StoredMessages[] = [], lifecycle: LogEntry[] = []) {
    this.meta = meta
    for (const { key, messages } of stored) {
      const held = messages.filter((m) => !this.isDropped(m))
      this.records.add(key, messages.length, held.length)
      for (const m of held) this.hold(m)
    }
    this.lifecycle = lifecycle
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
      if (entry.kind === 'message') this.hold(entry)
      else this.lifecycle.push(entry)
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
    this.messageCount = 0
    this.messageBytes = 0
    this.byConnection.clear()
    this.records.clear()
    this.lifecycle = []
    this.lifecycleHead = 0
    this.meta.messageFloor = this.meta.lifecycleFloor = this.meta.lastSeq + 1
    this.meta.dropped = {}
    this.meta.lost = zeroLost()
  }

  /** Drops messages (then the oldest lifecycle events) until the log is within `limits`. */
  enforce(limits: Limits): void {
    for (;;) {
      const byCount = this.messageCount > limits.maxMessages
      if (!byCount && this.messageBytes <= limits.maxPayloadBytes) break
      const measure = byCount ? size : (held: Held | undefined) => held?.bytes ?? 0
      const over = byCount ? () => this.messageCount > limits.maxMessages : () => this.messageBytes > limits.maxPayloadBytes
      // One scan finds the largest and the runner-up; the largest gives until it is no longer above it.
      let victim: Held | undefined
      let runnerUp = 0
      for (const held of this.byConnection.values()) {
        const m = measure(held)
        if (!victim || m > measure(victim) || (m === measure(victim) && held.messages[held.head]!.seq < victim.messages[victim.head]!.seq)) {
          if (victim) runnerUp = Math.max(runnerUp, measure(victim))
          victim = held
        } else runnerUp = Math.max(runnerUp, m)
      }
      do this.dropOldest(victim!)
      while (over() && measure(victim) > runnerUp)
    }
    while (this.lifecycle.length - this.lifecycleHead > limits.maxMessages) {
      const dropped = this.lifecycle[this.lifecycleHead++]!
      this.meta.lifecycleFloor = dropped.seq + 1
      this.meta.lost.capLifecycle++
    }
    // Compacting only once the dropped part outweighs the rest keeps dropping O(1) per entry.
    while (this.messageHead < this.messages.length && this.isDropped(this.messages[this.messageHead]!)) this.messageHead++
    if (this.messages.length - this.messageHead > 2 * this.messageCount + 1024) {
      this.messages = this.messages.slice(this.messageHead).filter((m) => !this.isDropped(m))
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
      while (m < this.messages.length && this.isDropped(this.messages[m]!)) m++
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
    const dropped = Object.entries(this.meta.dropped).map(([id, d]) => ({ id, floor: d.floor, sent: { ...d.sent }, received: { ...d.received } }))
    return { messageFloor, lifecycleFloor, dropped, lost: { ...this.meta.lost }, preserveLog, limits }
  }

  /** Takes what the next commit must persist; entries already dropped by the cap are not written at all. */
  takeChanges(): TabChanges {
    const { deleted, rewritten } = this.records.take((after, upTo) => this.entries(after, upTo).filter((e): e is MessageEntry => e.kind === 'message'))
    const entries = this.entries(this.unsavedFrom - 1)
    this.unsavedFrom = this.meta.lastSeq + 1
    let messages = 0
    let key = 0
    for (const e of entries)
      if (e.kind === 'message') {
        messages++
        key = e.seq
      }
    if (messages > 0) this.records.add(key, messages, messages)
    return { meta: structuredClone(this.meta), entries, deletedRecords: deleted, rewrittenRecords: rewritten }
  }

  private hold(message: MessageEntry): void {
    this.messages.push(message)
    let held = this.byConnection.get(message.id)
    if (!held) this.byConnection.set(message.id, (held = { messages: [], head: 0, bytes: 0 }))
    held.messages.push(message)
    const bytes = heldBytes(message)
    held.bytes += bytes
    this.messageBytes += bytes
    this.messageCount++
  }

  private dropOldest(held: Held): void {
    const message = held.messages[held.head++]!
    const bytes = heldBytes(message)
    held.bytes -= bytes
    this.messageBytes -= bytes
    this.messageCount--
    const drops = (this.meta.dropped[message.id] ??= { floor: 0, sent: { messages: 0, bytes: 0 }, received: { messages: 0, bytes: 0 } })
    drops.floor = message.seq + 1
    // Counted as the panel counts held traffic: a synthetic message never crossed the wire.
    if (message.origin !== 'synthetic') {
      const traffic = drops[message.direction]
      traffic.messages++
      traffic.bytes += message.size ?? 0
    }
    this.meta.lost.cap++
    this.records.dropped(message.seq)
    if (held.head === held.messages.length) this.byConnection.delete(message.id)
    else if (held.head > 1024 && held.head * 2 > held.messages.length) {
      held.messages = held.messages.slice(held.head)
      held.head = 0
    }
  }

  private isDropped(message: MessageEntry): boolean {
    return message.seq < this.meta.messageFloor || message.seq < (this.meta.dropped[message.id]?.floor ?? 0)
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
export function heldBytes(event: LogEntry): number {
  if (event.kind !== 'message' || event.data === null) return 0
  return typeof event.data === 'string' ? event.data.length : event.data.byteLength
}

/** The page leaves the UTF-8 size of whole texts to us, to keep that work off its thread. */
function withSize(event: PageEvent): PageEvent {
  if (event.kind === 'message' && event.size === null && typeof event.data === 'string' && !event.truncated)
    return { ...event, size: encodedUtf8Length(event.data) }
  return event
}
