import { batch, computed, signal } from '@preact/signals'
import type { LogEntry, NavigationMarker, TabEvent, TabState } from '../../shared/protocol/index.ts'
import { applyEvents, type Connection } from './connections.ts'
import { EventList } from './event-list.ts'
import { groupByLoad } from './loads.ts'

/** The log folded into what the views show. A value: each change makes a new one. */
export interface Held {
  readonly connections: ReadonlyMap<string, Connection>
  /** The log without navigation markers: the timeline of all connections. */
  readonly timeline: EventList
  readonly markers: readonly NavigationMarker[]
  /** Instrumentation errors, and events of connections never seen created. */
  readonly orphans: readonly TabEvent[]
}

const nothingHeld = (): Held => ({ connections: new Map(), timeline: EventList.of(), markers: [], orphans: [] })

function fold(held: Held, entries: readonly LogEntry[]): Held {
  const events: TabEvent[] = []
  const markers: NavigationMarker[] = []
  for (const entry of entries) {
    if (entry.kind === 'navigation') markers.push(entry)
    else events.push(entry)
  }
  if (events.length === 0 && markers.length === 0) return held
  const applied = applyEvents(held.connections, events)
  return {
    connections: applied.connections,
    timeline: held.timeline.append(events),
    markers: markers.length ? held.markers.concat(markers) : held.markers,
    orphans: applied.orphans.length ? held.orphans.concat(applied.orphans) : held.orphans,
  }
}

/**
 * The panel's copy of the tab's log in the background: entries arrive in seq order, and entries below
 * the background's floors (dropped by the cap, or cleared by a navigation) are dropped here too.
 */
export function createTabLog() {
  /** Every entry held, in seq order: what `held` is folded from. */
  let log: LogEntry[] = []
  const held = signal<Held>(nothingHeld())
  const state = signal<TabState | null>(null)
  /** Entries or messages from the background that failed validation here. */
  const rejected = signal(0)

  const isHeld = (e: LogEntry, s: TabState) => e.seq >= (e.kind === 'message' ? s.messageFloor : s.lifecycleFloor)

  const connections = computed(() => held.value.connections)
  const list = computed(() => [...connections.value.values()])
  const markers = computed(() => held.value.markers)
  const orphans = computed(() => held.value.orphans)

  return {
    state,
    rejected,
    connections,
    list,
    timeline: computed(() => held.value.timeline),
    /** Connections grouped by page load, each load after the navigation marker that started it. */
    loads: computed(() => groupByLoad(list.value, markers.value)),
    instrumentationErrors: computed(() => orphans.value.filter((e) => e.kind === 'instrumentation-error')),
    /** Takes entries from the background: all it holds (`replace`), or those after the last seq held. */
    receive(entries: LogEntry[], next: TabState, replace: boolean): void {
      const last = replace ? 0 : (log[log.length - 1]?.seq ?? 0)
      // A resubscribe may overlap what we hold; seqs only grow, so anything at or below ours is known.
      const fresh = entries.filter((e) => e.seq > last && isHeld(e, next))
      const previous = state.value
      const floorsMoved = !previous || previous.messageFloor !== next.messageFloor || previous.lifecycleFloor !== next.lifecycleFloor
      let folded: Held
      if (replace) {
        log = fresh
        folded = fold(nothingHeld(), log)
      } else if (floorsMoved && log.some((e) => !isHeld(e, next))) {
        log = log.filter((e) => isHeld(e, next)).concat(fresh)
        folded = fold(nothingHeld(), log)
      } else {
        for (const entry of fresh) log.push(entry)
        folded = fold(held.value, fresh)
      }
      batch(() => {
        held.value = folded
        state.value = next
      })
    },
    /** Holds these events instead of the tab's (an imported file); the tab's state stays as it was. */
    replace(events: TabEvent[]): void {
      log = events
      held.value = fold(nothingHeld(), log)
    },
    /** The last seq held, so that a reconnecting panel asks only for what it lacks. */
    lastSeq(): number | null {
      return log[log.length - 1]?.seq ?? (state.value ? Math.max(state.value.messageFloor, state.value.lifecycleFloor) - 1 : null)
    },
    /** Every captured event held, for export. */
    allEvents(): TabEvent[] {
      return held.value.timeline.toArray()
    },
    countRejected(n: number): void {
      rejected.value += n
    },
  }
}

export type TabLog = ReturnType<typeof createTabLog>
