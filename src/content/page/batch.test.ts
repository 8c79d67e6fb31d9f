// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { validateEvents, type PageEvent } from '../../shared/protocol/index.ts'
import { batchOf } from './batch.ts'

const connection: PageEvent = {
  kind: 'connection',
  id: 'abc-1',
  api: 'WebSocket',
  time: 1.5,
  url: 'ws://x/',
  resolvedUrl: 'ws://x/',
  protocols: [],
  frameUrl: 'http://x/',
  stack: '',
}
const message = (over: Partial<Extract<PageEvent, { kind: 'message' }>>): PageEvent => ({
  kind: 'message',
  id: 'abc-1',
  time: 2.25,
  direction: 'received',
  binary: false,
  size: null,
  data: 'hi',
  truncated: false,
  ...over,
})
const closed: PageEvent = { kind: 'closed', id: 'abc-1', time: 9, code: 1000, reason: '', wasClean: true, error: null }

/** What the background gets: the batch as structured clone copies it. */
const received = (events: PageEvent[]) => structuredClone(batchOf(events, 0).batch)

describe('page batches', () => {
  it('carry every event, in order, messages as columns and the rest inline', () => {
    const events = [
      connection,
      message({}),
      message({ direction: 'sent', binary: true, size: 4, data: new Uint8Array([0, 1, 2, 255]), truncated: true }),
      message({ size: 3_000_000, data: 'é'.repeat(10), origin: 'devtools' }),
      closed,
      message({ direction: 'sent', data: null, origin: 'synthetic' }),
    ]
    const batch = received(events)
    expect(batch.events).toEqual([connection, 3, closed, 1])
    expect(validateEvents(batch.events, batch.messages)).toEqual({ events, rejected: 0 })
  })

  it('transfer the buffers of binary payloads', () => {
    const bytes = new Uint8Array([1, 2, 3])
    expect(batchOf([message({ binary: true, size: 3, data: bytes }), message({})], 0).transfer).toEqual([bytes.buffer])
  })

  it('with malformed columns, count every message as rejected and keep the inline events', () => {
    const batch = received([connection, message({}), message({}), closed])
    const short = { ...batch.messages, time: new Float64Array(1) }
    expect(validateEvents(batch.events, short)).toEqual({ events: [connection, closed], rejected: 2 })
    expect(validateEvents(batch.events, { ...batch.messages, flags: [0, 0] })).toEqual({ events: [connection, closed], rejected: 2 })
    expect(validateEvents(batch.events, undefined)).toEqual({ events: [connection, closed], rejected: 2 })
  })

  it('count rows that are missing, bad counts and bad rows as rejected', () => {
    const batch = received([message({}), message({})])
    expect(validateEvents([3], batch.messages)).toEqual({ events: [], rejected: 3 })
    expect(validateEvents([0, -2, 1.5, Number.NaN, 1], batch.messages).rejected).toBe(4)
    const badRows = [
      { ...batch.messages, id: ['abc-1', 7] },
      { ...batch.messages, id: ['abc-1', 'x'.repeat(65)] },
      { ...batch.messages, time: new Float64Array([2.25, Number.NaN]) },
      { ...batch.messages, size: new Float64Array([-1, 1.5]) },
      { ...batch.messages, size: new Float64Array([-1, -2]) },
      { ...batch.messages, data: ['hi', { length: 2 }] },
    ]
    for (const badRow of badRows) expect(validateEvents([2], badRow)).toEqual({ events: [message({})], rejected: 1 })
  })

  it('rejects a batch whose counts add up to more than a batch may hold, whole', () => {
    const batch = received([message({})])
    expect(validateEvents([1, 20_000], batch.messages)).toEqual({ events: [], rejected: 20_001 })
  })
})
