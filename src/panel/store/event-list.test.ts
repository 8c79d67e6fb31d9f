import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { EventList } from './event-list.ts'

let seq = 0
const event = (): TabEvent => ({ kind: 'error', id: 'a', time: 0, message: 'm', source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as PageEvent as TabEvent

describe('EventList', () => {
  it('appends into a new list and leaves the earlier one as it was', () => {
    const [a, b, c] = [event(), event(), event()]
    const one = EventList.of([a])
    const two = one.append([b, c])
    expect(one.toArray()).toEqual([a])
    expect(one.length).toBe(1)
    expect(one.at(1)).toBeUndefined()
    expect(two.toArray()).toEqual([a, b, c])
    expect(one.append([])).toBe(one)
  })

  it('keeps a newer list as it was when an older one is appended to', () => {
    const [a, b, c] = [event(), event(), event()]
    const base = EventList.of([a])
    const newer = base.append([b])
    const fork = base.append([c])
    expect(newer.toArray()).toEqual([a, b])
    expect(fork.toArray()).toEqual([a, c])
    expect(fork.extends(base)).toBe(false)
  })

  it('tells whether a list was made from another by appending', () => {
    const base = EventList.of([event()])
    const later = base.append([event()]).append([event()])
    expect(later.extends(base)).toBe(true)
    expect(later.extends(later)).toBe(true)
    expect(base.extends(later)).toBe(false)
    expect(EventList.of(later.toArray()).extends(later)).toBe(false)
  })

  it('is not changed by changes to the array it was made of', () => {
    const source = [event()]
    const list = EventList.of(source)
    source.push(event())
    expect(list.length).toBe(1)
    expect(list.toArray()).toHaveLength(1)
  })

  it('finds and filters only its own events', () => {
    const [a, b, c] = [event(), event(), event()]
    const base = EventList.of([a, b])
    base.append([c])
    expect(base.find((e) => e.seq === c.seq)).toBeUndefined()
    expect(base.find((e) => e.seq === b.seq)).toBe(b)
    expect(base.filter(() => true)).toEqual([a, b])
    expect(base.filter(() => true, 1)).toEqual([b])
  })
})
