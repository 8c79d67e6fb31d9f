import { eventCount, type RelayBatch } from '../../shared/protocol/index.ts'

/** How much the relay holds unacknowledged before it drops (and counts) new events. */
export const OUTBOX_LIMITS = { maxEvents: 200_000, maxBytes: 128 * 1024 * 1024 }

/**
 * The relay's numbered batches that the background has not yet acknowledged as durable. They are
 * resent, in order, whenever the relay (re)connects, so a background that stops mid-stream loses
 * nothing. Losses (page queue, malformed events, a full outbox) ride along with the next batch that
 * is accepted, so they are counted exactly once too.
 */
export function createOutbox(doc: string, limits = OUTBOX_LIMITS) {
  let nextSeq = 1
  let pending: Array<{ batch: RelayBatch; count: number; bytes: number }> = []
  let pendingEvents = 0
  let pendingBytes = 0
  const lost = { page: 0, relay: 0, malformed: 0 }

  return {
    /**
     * Numbers a page batch's events (inline, and message columns: PageBatch) into a batch to send, or
     * returns null when there is nothing new to say.
     */
    add(events: unknown[], messages: unknown, pageDropped: number, malformed: number): RelayBatch | null {
      lost.page += pageDropped
      lost.malformed += malformed
      const bytes = payloadBytes(events) + payloadBytes((messages as { data?: unknown } | null)?.data)
      const count = eventCount(events)
      if (pendingEvents + count > limits.maxEvents || pendingBytes + bytes > limits.maxBytes) {
        lost.relay += count
        return null
      }
      if (events.length === 0 && lost.page + lost.relay + lost.malformed === 0) return null
      const batch: RelayBatch = { type: 'batch', doc, seq: nextSeq++, events, messages, lost: { ...lost } }
      lost.page = lost.relay = lost.malformed = 0
      pending.push({ batch, count, bytes })
      pendingEvents += count
      pendingBytes += bytes
      return batch
    },
    /** Forgets every batch up to `seq`: the background has made them durable. */
    ack(seq: number): void {
      const kept = pending.filter((p) => p.batch.seq > seq)
      if (kept.length === pending.length) return
      pending = kept
      pendingEvents = kept.reduce((n, p) => n + p.count, 0)
      pendingBytes = kept.reduce((n, p) => n + p.bytes, 0)
    },
    unacknowledged(): RelayBatch[] {
      return pending.map((p) => p.batch)
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>

/**
 * Payload bytes held, for the outbox's bound: of inline events (their `data`) or of a column of payloads.
 * Nothing is validated yet, so anything may be there.
 */
export function payloadBytes(values: unknown): number {
  if (!Array.isArray(values)) return 0
  let bytes = 0
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i]
    const data = typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) ? (value as { data?: unknown }).data : value
    if (typeof data === 'string') bytes += data.length
    else if (ArrayBuffer.isView(data)) bytes += data.byteLength
  }
  return bytes
}
