import type { TabEvent } from '../../shared/protocol.ts'
import { narrows, type CompiledFilter, type MessageFilter } from './filter.ts'

/**
 * The filtered timeline, kept between calls so that each call does only the new work: while the same
 * events array only grows, just the events appended since the last call are tested; when the filter
 * narrows (see `narrows`), only the rows it kept are tested again. Anything else filters everything.
 * The arrays it returns are never changed afterwards; an unchanged result is the same array.
 *
 * The caller's promise: an events array passed again has only been appended to since (the store
 * replaces the arrays when it rebuilds its state, and mutates them only by push).
 */
export function createRowFilter() {
  let source: readonly TabEvent[] | null = null
  let scanned = 0
  let filter: MessageFilter | null = null
  let compiled: CompiledFilter | null = null
  let rows: TabEvent[] = []
  return function filterRows(events: readonly TabEvent[], nextFilter: MessageFilter, nextCompiled: CompiledFilter): TabEvent[] {
    const test = nextCompiled.matches
    const fresh = events !== source || compiled === null || events.length < scanned
    if (fresh || (nextCompiled !== compiled && !narrows(filter!, nextFilter))) rows = events.filter(test)
    else {
      const kept = nextCompiled === compiled ? rows : rows.filter(test)
      const added: TabEvent[] = []
      for (let i = scanned; i < events.length; i++) if (test(events[i]!)) added.push(events[i]!)
      rows = added.length ? kept.concat(added) : kept
    }
    source = events
    scanned = events.length
    filter = nextFilter
    compiled = nextCompiled
    return rows
  }
}
