import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { ALL, compileFilter, searchableText } from './filter.ts'

let seq = 0
const tag = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as TabEvent
const text = (direction: 'sent' | 'received', data: string) =>
  tag({ kind: 'message', id: 'a', time: 0, direction, binary: false, size: data.length, data, truncated: false })
const binary = (bytes: number[]) =>
  tag({ kind: 'message', id: 'a', time: 0, direction: 'received', binary: true, size: bytes.length, data: new Uint8Array(bytes), truncated: false })
const closed = tag({ kind: 'closed', id: 'a', time: 0, code: 4000, reason: 'bye', wasClean: true, error: null })

const events = [text('sent', '{"type":"ping"}'), text('received', '{"type":"PONG"}'), binary([0xca, 0xfe]), closed]
const run = (filter: Partial<typeof ALL>) => events.filter(compileFilter({ ...ALL, ...filter }).matches)

describe('compileFilter', () => {
  it('filters by direction and by text, binary or control events, combined', () => {
    expect(run({ received: false })).toEqual([events[0], closed])
    expect(run({ text: false, events: false })).toEqual([events[2]])
    expect(run({ sent: false, binary: false, events: false })).toEqual([events[1]])
  })

  it('matches plain text case-insensitively, and regular expressions as written', () => {
    expect(run({ query: 'pong' })).toEqual([events[1]])
    expect(run({ query: '/"type":"[a-z]+"/' })).toEqual([events[0]])
    expect(run({ query: '/pong/i' })).toEqual([events[1]])
  })

  it('inverts the query, not the type filters', () => {
    expect(run({ query: 'ping', invert: true, binary: false })).toEqual([events[1], closed])
  })

  it('searches binary payloads as hex and close events by code and reason', () => {
    expect(run({ query: 'ca fe' })).toEqual([events[2]])
    expect(run({ query: '4000' })).toEqual([closed])
  })

  it('writes binary payloads as hex pairs, the first 4,096 bytes', () => {
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) & 255)
    const expected = Array.from(bytes.subarray(0, 4096), (b) => b.toString(16).padStart(2, '0')).join(' ')
    expect(searchableText(binary([...bytes]))).toBe(expected)
    expect(searchableText(binary([0, 15, 16, 255]))).toBe('00 0f 10 ff')
    expect(searchableText(binary([]))).toBe('')
  })

  it('reports an invalid regular expression and matches nothing', () => {
    const compiled = compileFilter({ ...ALL, query: '/(/' })
    expect(compiled.error).toMatch(/Invalid regular expression|Unterminated group/)
    expect(events.filter(compiled.matches)).toEqual([])
  })

  it('passes over payloads without the text every match needs, with the same answers as the pattern alone', () => {
    const many = ['user 4242 joined', 'USER 4242', 'user 42.42', 'bye', '4242', 'a/b', 'A/B'].map((d) => text('received', d))
    for (const query of ['4242', 'user 4242', '/4\\d?42/', '/user \\d+/i', '/a\\/b/', '/A\\/b/i', '/42|bye/'])
      for (const invert of [false, true]) {
        const compiled = compileFilter({ ...ALL, query, invert })
        const reference = compiled.pattern!
        expect(many.filter(compiled.matches), `${query} invert ${invert}`).toEqual(many.filter((e) => reference.test(searchableText(e)) !== invert))
      }
  })

  it('treats regex characters in plain text literally', () => {
    expect(run({ query: '{"type"' })).toHaveLength(2)
  })
})
