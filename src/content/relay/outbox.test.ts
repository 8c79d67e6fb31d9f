import { describe, expect, it } from 'vitest'
import type { PageEvent } from '../../shared/protocol/index.ts'
import { createOutbox, payloadBytes } from './outbox.ts'

const text = (data: string): PageEvent => ({ kind: 'message', id: 'c', time: 0, direction: 'sent', binary: false, size: null, data, truncated: false })

describe('relay outbox', () => {
  it('numbers batches and keeps them until acknowledged', () => {
    const outbox = createOutbox('d')
    expect(outbox.add([text('a')], undefined, 0, 0)?.seq).toBe(1)
    expect(outbox.add([text('b')], undefined, 0, 0)?.seq).toBe(2)
    outbox.ack(1)
    expect(outbox.unacknowledged().map((b) => b.seq)).toEqual([2])
  })

  it('drops and counts events past its bound, and reports the count with the next accepted batch', () => {
    const outbox = createOutbox('d', { maxEvents: 2, maxBytes: 1000 })
    outbox.add([text('a'), text('b')], undefined, 0, 0)
    expect(outbox.add([1], { data: ['c'] }, 3, 1)).toBeNull()
    outbox.ack(1)
    expect(outbox.add([text('d')], undefined, 0, 0)?.lost).toEqual({ page: 3, relay: 1, malformed: 1 })
    expect(outbox.add([], undefined, 0, 0)).toBeNull()
  })

  it('bounds and counts message columns by the messages they hold, not by their count entries', () => {
    const outbox = createOutbox('d', { maxEvents: 4, maxBytes: 1000 })
    expect(outbox.add([3], { data: ['a', 'b', 'c'] }, 0, 0)?.seq).toBe(1)
    expect(outbox.add([text('d'), 2], { data: ['e', 'f'] }, 0, 0)).toBeNull()
    outbox.ack(1)
    expect(outbox.add([1], { data: ['g'] }, 0, 0)?.lost).toEqual({ page: 0, relay: 3, malformed: 0 })
  })
})

describe('payloadBytes', () => {
  it('counts text and bytes, and anything else the page may have posted as nothing', () => {
    const forged = [null, 7, { data: { byteLength: 1e9 } }, { data: [1, 2] }]
    expect(payloadBytes([text('abc'), { data: new Uint8Array(5) }, ...forged])).toBe(3 + 5)
  })

  it('counts a column of payloads the same way', () => {
    expect(payloadBytes(['abc', new Uint8Array(5), null, { byteLength: 1e9 }, [1, 2]])).toBe(3 + 5)
    expect(payloadBytes({ length: 1e9 })).toBe(0)
  })
})
