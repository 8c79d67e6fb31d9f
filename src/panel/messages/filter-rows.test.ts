import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { ALL, compileFilter, narrows, type MessageFilter } from './filter.ts'
import { EventList } from '../store/event-list.ts'
import { createRowFilter } from './filter-rows.ts'

let seq = 0
const tag = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as TabEvent
const text = (data: string, direction: 'sent' | 'received' = 'received') =>
  tag({ kind: 'message', id: 'a', time: 0, direction, binary: false, size: data.length, data, truncated: false })
const binary = (bytes: number[]) =>
  tag({ kind: 'message', id: 'a', time: 0, direction: 'sent', binary: true, size: bytes.length, data: new Uint8Array(bytes), truncated: false })
const closed = (reason: string) => tag({ kind: 'closed', id: 'a', time: 0, code: 1000, reason, wasClean: true, error: null })

describe('narrows', () => {
  it('holds when a plain-text query is extended or a type is switched off', () => {
    expect(narrows({ ...ALL, query: 'err' }, { ...ALL, query: 'error' })).toBe(true)
    expect(narrows({ ...ALL, query: 'rro' }, { ...ALL, query: 'error' })).toBe(true)
    expect(narrows(ALL, { ...ALL, query: '/x+/', invert: true })).toBe(true)
    expect(narrows({ ...ALL, query: 'a' }, { ...ALL, query: 'a', binary: false })).toBe(true)
  })

  it('does not hold for a shorter or other query, an inversion, a regex or a type switched on', () => {
    expect(narrows({ ...ALL, query: 'error' }, { ...ALL, query: 'err' })).toBe(false)
    expect(narrows({ ...ALL, query: 'err' }, { ...ALL, query: 'err', invert: true })).toBe(false)
    expect(narrows({ ...ALL, query: 'err', invert: true }, { ...ALL, query: 'error', invert: true })).toBe(false)
    expect(narrows({ ...ALL, query: '/e/' }, { ...ALL, query: '/e/x' })).toBe(false)
    expect(narrows({ ...ALL, query: 'a' }, { ...ALL, query: '/a/' })).toBe(false)
    expect(narrows({ ...ALL, binary: false }, ALL)).toBe(false)
  })
})

describe('createRowFilter', () => {
  it('matches filtering everything, through appends, filter changes and new arrays', () => {
    const payloads = ['error 1', 'Error 22', 'warn 3', 'ok', 'ERR', 'e', '', 'r.r', 'errors', 'x err y']
    const filters: MessageFilter[] = [
      ALL,
      { ...ALL, query: 'e' },
      { ...ALL, query: 'er' },
      { ...ALL, query: 'err' },
      { ...ALL, query: 'error' },
      { ...ALL, query: 'rr' },
      { ...ALL, query: 'err', invert: true },
      { ...ALL, query: 'error', invert: true },
      { ...ALL, query: '/^e/' },
      { ...ALL, query: '/r\\.r/' },
      { ...ALL, query: '/(/' },
      { ...ALL, query: 'err', binary: false },
      { ...ALL, query: 'err', sent: false, events: false },
      { ...ALL, text: false },
      { ...ALL, query: '03' },
    ]
    let seed = 11
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const filterRows = createRowFilter()
    let events = EventList.of()
    let filter = ALL
    let compiled = compileFilter(filter)
    let previous: TabEvent[] | null = null
    let previousCopy: TabEvent[] = []
    for (let step = 0; step < 2000; step++) {
      const action = random(10)
      if (action < 5) {
        const added: TabEvent[] = []
        for (let n = random(4); n > 0; n--) {
          const kind = random(8)
          added.push(
            kind === 0
              ? binary([random(4), 3])
              : kind === 1
                ? closed(payloads[random(payloads.length)]!)
                : text(payloads[random(payloads.length)]!, random(2) ? 'sent' : 'received'),
          )
        }
        events = events.append(added)
      } else if (action < 9) {
        filter = filters[random(filters.length)]!
        compiled = compileFilter(filter)
      } else events = EventList.of(events.toArray().slice(random(3)))
      const rows = filterRows(events, filter, compiled)
      expect(rows).toEqual(events.filter(compiled.matches))
      // A result handed out is never changed later.
      if (previous) expect(previous).toEqual(previousCopy)
      previous = rows
      previousCopy = rows.slice()
    }
  })

  it('returns the same array while nothing changed, and a new one when rows were added', () => {
    const filterRows = createRowFilter()
    let events = EventList.of([text('a'), text('b')])
    const compiled = compileFilter(ALL)
    const first = filterRows(events, ALL, compiled)
    expect(filterRows(events, ALL, compiled)).toBe(first)
    events = events.append([text('c')])
    const second = filterRows(events, ALL, compiled)
    expect(second).not.toBe(first)
    expect(second).toHaveLength(3)
    expect(first).toHaveLength(2)
  })
})
