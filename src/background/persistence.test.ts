import { describe, expect, it } from 'vitest'
import { TOP_FRAME, type TabEvent } from '../shared/protocol/index.ts'
import { messageEntries, messageRecord } from './persistence.ts'

const message = (seq: number, over: Partial<Extract<TabEvent, { kind: 'message' }>> = {}): TabEvent => ({
  kind: 'message',
  id: 'abc-1',
  time: 1764090000000.5 + seq,
  direction: 'received',
  binary: false,
  size: 2,
  data: 'hi',
  truncated: false,
  source: { kind: 'frame', frameId: 3 },
  seq,
  ...over,
})

describe('stored messages', () => {
  it('come back from IndexedDB as they went in, from the floor on', () => {
    const entries = [
      message(10),
      message(11, { direction: 'sent', binary: true, size: 70_000, data: new Uint8Array([0, 255]), truncated: true, origin: 'devtools', source: TOP_FRAME }),
      message(12, { size: null, data: null, origin: 'synthetic' }),
    ]
    const stored = structuredClone(messageRecord(entries))
    expect(messageEntries(stored, 0)).toEqual(entries)
    expect(messageEntries(stored, 11)).toEqual(entries.slice(1))
  })

  it('keep each source once, and give every row its own back', () => {
    const frame = { kind: 'frame', frameId: 2 } as const
    const entries = [message(1, { source: frame }), message(2, { source: TOP_FRAME }), message(3, { source: frame })]
    const record = messageRecord(entries)
    expect(record.sources).toEqual([frame, TOP_FRAME])
    expect(messageEntries(structuredClone(record), 0).map((e) => e.source)).toEqual([frame, TOP_FRAME, frame])
  })

  it('refuse anything but messages', () => {
    const closed: TabEvent = { kind: 'closed', id: 'abc-1', time: 1, code: 1000, reason: '', wasClean: true, error: null, source: TOP_FRAME, seq: 1 }
    expect(() => messageRecord([closed])).toThrow(/not a message/)
  })
})
