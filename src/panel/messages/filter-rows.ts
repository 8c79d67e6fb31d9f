import type { TabEvent } from '../../shared/protocol/index.ts'
import type { EventList } from '../store/event-list.ts'
import { type CompiledFilter, type MessageFilter, narrows } from './filter.ts'

/**
 * The filtered timeline, kept between calls so that each call does only the new work: while each list
 * extends the one before (see `EventList.extends`), just the events appended since the last call are
 * tested; when the filter narrows (see `narrows`), only the rows it kept are tested again. Anything else
 * filters everything. The arrays it returns are never changed afterwards; an unchanged result is the
 * same array.
 */
export function createRowFilter() {
  let source: EventList | null = null
  let filter: MessageFilter | null = null
  let compiled: CompiledFilter | null = null
  let rows: TabEvent[] = []
  return function filterRows(events: EventList, nextFilter: MessageFilter, nextCompiled: CompiledFilter): TabEvent[] {
    const test = nextCompiled.matches
    const fresh = source === null || compiled === null || !events.extends(source)
    if (fresh || (nextCompiled !== compiled && !narrows(filter!, nextFilter))) rows = events.filter(test)
    else {
      const kept = nextCompiled === compiled ? rows : rows.filter(test)
      const added = events.filter(test, source!.length)
      rows = added.length ? kept.concat(added) : kept
    }
    source = events
    filter = nextFilter
    compiled = nextCompiled
    return rows
  }
}
