import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, TOP_FRAME, type PageEvent, type RelayBatch, type Source } from '../shared/protocol/index.ts'
import { emptyMeta, TabLog } from './tab-log.ts'

const text = (i: number, data = `${i}`): PageEvent => ({
  kind: 'message',
  id: 'c',
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
