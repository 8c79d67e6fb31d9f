import { signal } from '@preact/signals'
import { describe, expect, it } from 'vitest'
import { session } from '../test/fixtures.ts'
import { EventList } from './event-list.ts'
import { createTimeline } from './timeline.ts'

describe('timeline', () => {
  it('filters the events on show, and follows them as they are appended or replaced', () => {
    const [connection, opened, hello, bytes, ping] = session('a')
    const events = signal(EventList.of([connection!, opened!, hello!]))
    const timeline = createTimeline(events, signal(null))
    timeline.filter.value = { ...timeline.filter.value, events: false }
    expect(timeline.rows.value).toEqual([hello])
    events.value = events.value.append([bytes!, ping!])
    expect(timeline.rows.value).toEqual([hello, bytes, ping])
    expect(timeline.total.value).toBe(5)
    timeline.filter.value = { ...timeline.filter.value, query: 'ping' }
    expect(timeline.rows.value).toEqual([ping])
    events.value = EventList.of([hello!])
    expect(timeline.rows.value).toEqual([])
    expect(timeline.total.value).toBe(1)
  })

  it('says why a query is not a regular expression', () => {
    const timeline = createTimeline(signal(EventList.of(session('a'))), signal(null))
    timeline.filter.value = { ...timeline.filter.value, query: '/(/' }
    expect(timeline.compiled.value.error).toMatch(/Invalid regular expression|Unterminated group/)
    expect(timeline.rows.value).toEqual([])
  })

  it('finds the selected entry among the events on show', () => {
    const all = session('a')
    const events = signal(EventList.of(all.slice(0, 3)))
    const selectedSeq = signal<number | null>(4)
    const timeline = createTimeline(events, selectedSeq)
    expect(timeline.selectedEntry.value).toBeNull()
    events.value = events.value.append(all.slice(3))
    expect(timeline.selectedEntry.value).toBe(all[3])
    selectedSeq.value = null
    expect(timeline.selectedEntry.value).toBeNull()
  })
})
