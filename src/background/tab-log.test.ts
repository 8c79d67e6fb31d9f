import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, TOP_FRAME, type PageEvent, type RelayBatch, type Source } from '../shared/protocol/index.ts'
import { emptyMeta, TabLog, type MessageEntry, type TabChanges } from './tab-log.ts'

const text = (i: number, data = `${i}`, id = 'c'): PageEvent => ({
  kind: 'message',
  id,
  time: i,
  direction: 'received',
  binary: false,
  size: null,
  data,
  truncated: false,
})
const opened: PageEvent = { kind: 'opened', id: 'c', time: 0, protocol: '', extensions: '' }
const batch = (seq: number, lost = { page: 0, relay: 0, malformed: 0 }): RelayBatch => ({ type: 'batch', doc: 'd1', seq, events: [], lost })

describe('a tab log', () => {
  it('appends what a source captured, in order, without documents or batch numbers', () => {
    // Any source that is not a relay (a worker capture, later) appends straight away.
    const elsewhere = { kind: 'frame', frameId: 4 } as const satisfies Source
    const log = new TabLog(emptyMeta(1))
    log.append([opened, text(1, 'é')], elsewhere, DEFAULT_LIMITS)
    log.append([text(2)], TOP_FRAME, DEFAULT_LIMITS)
    expect(log.entries(0)).toEqual([
      { ...opened, source: elsewhere, seq: 1 },
      { ...text(1, 'é'), size: 2, source: elsewhere, seq: 2 },
      { ...text(2), size: 1, source: TOP_FRAME, seq: 3 },
    ])
    expect(log.meta.docs).toEqual({})
    expect(log.meta.lost).toEqual({ cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 })
  })

  it('keeps appended events within the cap, as it does a relay batch', () => {
    const log = new TabLog(emptyMeta(1))
    log.append([text(1), text(2), text(3)], TOP_FRAME, { ...DEFAULT_LIMITS, maxMessages: 2 })
    expect(log.entries(0).map((e) => e.seq)).toEqual([2, 3])
    expect(log.meta.lost.cap).toBe(1)
  })

  it('takes a relay batch once, counts its losses, then appends its events', () => {
    const log = new TabLog(emptyMeta(1))
    log.applyBatch('d1', TOP_FRAME, batch(1, { page: 2, relay: 3, malformed: 1 }), [text(1)], 4, DEFAULT_LIMITS)
    log.applyBatch('d1', TOP_FRAME, batch(1, { page: 2, relay: 3, malformed: 1 }), [text(1)], 4, DEFAULT_LIMITS)
    expect(log.entries(0).map((e) => e.seq)).toEqual([1])
    expect(log.meta.docs).toEqual({ d1: 1 })
    expect(log.meta.lost).toEqual({ cap: 0, capLifecycle: 0, page: 2, relay: 3, malformed: 5 })
  })
})

const limits = (maxMessages: number, maxPayloadBytes = DEFAULT_LIMITS.maxPayloadBytes) => ({ maxMessages, maxPayloadBytes })
const on = (id: string, from: number, n: number, data = 'xy') => Array.from({ length: n }, (_, i) => text(from + i, data, id))
const held = (log: TabLog, id: string) => log.entries(0).filter((e) => e.kind === 'message' && e.id === id).length

/** Message records by key, written and rewritten as IndexedDB would be by the commits. */
function storedRecords() {
  const records = new Map<number, MessageEntry[]>()
  return {
    records,
    apply({ entries, deletedRecords, rewrittenRecords }: TabChanges) {
      for (const key of deletedRecords) records.delete(key)
      for (const { key, entries } of rewrittenRecords) records.set(key, entries)
      const messages = entries.filter((e): e is MessageEntry => e.kind === 'message')
      if (messages.length > 0) records.set(messages.at(-1)!.seq, messages)
    },
    stored: () => [...records].sort(([a], [b]) => a - b).map(([key, messages]) => ({ key, messages: structuredClone(messages) })),
    count: () => [...records.values()].reduce((n, r) => n + r.length, 0),
  }
}

describe('the cap', () => {
  it('takes from the connection holding the most, so a flood leaves a quiet connection its messages', () => {
    const log = new TabLog(emptyMeta(1))
    log.append(on('quiet', 0, 3), TOP_FRAME, limits(10))
    log.append(on('flood', 100, 20), TOP_FRAME, limits(10))
    expect(held(log, 'quiet')).toBe(3)
    expect(held(log, 'flood')).toBe(7)
    // The flood's oldest went: seqs 4..16 are dropped, 17..23 held.
    expect(log.entries(0).map((e) => e.seq)).toEqual([1, 2, 3, 17, 18, 19, 20, 21, 22, 23])
    expect(log.meta.lost.cap).toBe(13)
    expect(log.state(limits(10)).dropped).toEqual([{ id: 'flood', floor: 17, sent: { messages: 0, bytes: 0 }, received: { messages: 13, bytes: 26 } }])
  })

  it('shares the cap evenly between busy connections, oldest first among equals', () => {
    const log = new TabLog(emptyMeta(1))
    log.append([...on('a', 0, 6), ...on('b', 0, 6)], TOP_FRAME, limits(10))
    expect([held(log, 'a'), held(log, 'b')]).toEqual([5, 5])
    // a's first message was the oldest of the two connections' oldest.
    expect(log.state(limits(10)).dropped.map((d) => [d.id, d.floor])).toEqual([
      ['a', 2],
      ['b', 8],
    ])
  })

  it('takes payload bytes from the connection holding the most bytes', () => {
    const log = new TabLog(emptyMeta(1))
    const mib = 1024 * 1024
    log.append([text(0, 'small', 'small'), ...on('big', 1, 3, 'x'.repeat(mib / 2))], TOP_FRAME, limits(100, mib))
    expect(held(log, 'small')).toBe(1)
    expect(held(log, 'big')).toBe(1)
    expect(log.meta.dropped.big!.received).toEqual({ messages: 2, bytes: mib })
  })

  it('does not count a dropped synthetic message as traffic, but as dropped', () => {
    const log = new TabLog(emptyMeta(1))
    log.append([{ ...text(0), origin: 'synthetic' } as PageEvent, ...on('c', 1, 10)], TOP_FRAME, limits(10))
    expect(log.meta.lost.cap).toBe(1)
    expect(log.meta.dropped.c).toEqual({ floor: 2, sent: { messages: 0, bytes: 0 }, received: { messages: 0, bytes: 0 } })
  })

  it('forgets what it dropped when the log is cleared', () => {
    const log = new TabLog(emptyMeta(1))
    log.append(on('a', 0, 11), TOP_FRAME, limits(10))
    expect(Object.keys(log.meta.dropped)).toEqual(['a'])
    log.clear()
    expect(log.meta.dropped).toEqual({})
    expect(log.state(limits(10)).dropped).toEqual([])
  })
})

describe('stored records under the cap', () => {
  it('drop what the cap dropped, so stored messages stay within twice the held ones', () => {
    const log = new TabLog(emptyMeta(1))
    const store = storedRecords()
    log.append(on('quiet', 0, 2), TOP_FRAME, limits(10))
    store.apply(log.takeChanges())
    for (let i = 0; i < 50; i++) {
      log.append(on('flood', i * 4, 4), TOP_FRAME, limits(10))
      store.apply(log.takeChanges())
      expect(store.count()).toBeLessThanOrEqual(20)
    }
    // The quiet connection's record was never cut into; the flood's oldest records are gone.
    expect(store.records.get(2)?.map((m) => m.seq)).toEqual([1, 2])
    expect(store.records.size).toBeLessThan(10)
  })

  it('give a restarted worker the log the stopped one held, with its drops', () => {
    const log = new TabLog(emptyMeta(1))
    const store = storedRecords()
    log.append([...on('a', 0, 3), ...on('b', 0, 3)], TOP_FRAME, limits(10))
    store.apply(log.takeChanges())
    log.append(on('b', 3, 4), TOP_FRAME, limits(10))
    store.apply(log.takeChanges())
    log.append(on('a', 3, 6), TOP_FRAME, limits(10))
    const changes = log.takeChanges()
    store.apply(changes)
    const restarted = new TabLog(changes.meta, store.stored())
    expect(restarted.entries(0)).toEqual(log.entries(0))
    expect(restarted.state(limits(10))).toEqual(log.state(limits(10)))
    // And it goes on dropping as the stopped one would have.
    restarted.append(on('b', 7, 5), TOP_FRAME, limits(10))
    log.append(on('b', 7, 5), TOP_FRAME, limits(10))
    expect(restarted.entries(0)).toEqual(log.entries(0))
  })
})
