import { computed, type ReadonlySignal, signal } from '@preact/signals'
import { ALL, compileFilter, type MessageFilter } from '../messages/filter.ts'
import { createRowFilter } from '../messages/filter-rows.ts'
import type { EventList } from './event-list.ts'

/**
 * The timeline on show (of the selected connection, or of all) through the filter, and its selected
 * entry. `events` is a new list whenever the events change, so every value here follows it.
 */
export function createTimeline(events: ReadonlySignal<EventList>, selectedSeq: ReadonlySignal<number | null>) {
  const filter = signal<MessageFilter>(ALL)
  const compiled = computed(() => compileFilter(filter.value))
  const filterRows = createRowFilter()
  return {
    filter,
    compiled,
    /** The timeline after the filter. */
    rows: computed(() => filterRows(events.value, filter.value, compiled.value)),
    /** How many timeline entries there are before the filter. */
    total: computed(() => events.value.length),
    selectedEntry: computed(() => {
      const seq = selectedSeq.value
      return seq === null ? null : (events.value.find((e) => e.seq === seq) ?? null)
    }),
  }
}
