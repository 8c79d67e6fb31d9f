import { batch, computed, signal } from '@preact/signals'
import type { ConnectionDrops, LogEntry, NavigationMarker, TabEvent, TabState } from '../../shared/protocol/index.ts'
import { applyEvents, withNotKept, type Connection } from './connections.ts'
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

type Drops = ReadonlyMap<string, ConnectionDrops>
const noDrops: Drops = new Map()
const dropsOf = (s: TabState): Drops => (s.dropped.length === 0 ? noDrops : new Map(s.dropped.map((d) => [d.id, d])))

/** Whether an entry is still held in the background: above the tab's floors and its connection's cap floor. */
function isHeld(e: LogEntry, s: TabState, drops: Drops): boolean {
  if (e.kind !== 'message') return e.seq >= s.lifecycleFloor
  return e.seq >= s.messageFloor && e.seq >= (drops.get(e.id)?.floor ?? 0)
}

function floorsMoved(previous: TabState | null, next: TabState, before: Drops): boolean {
  if (!previous || previous.messageFloor !== next.messageFloor || previous.lifecycleFloor !== next.lifecycleFloor) return true
  return next.dropped.some((d) => before.get(d.id)?.floor !== d.floor)
}

/**
 * The panel's copy of the tab's log in the background: entries arrive in seq order, and entries below
 * the background's floors (cleared by a navigation, or dropped by the cap from their connection) are
 * dropped here too, so the panel holds what the background holds. What the cap dropped is added back
 * to each connection's totals from the tab's state.
 */
export function createTabLog() {
  /** Every entry held, in seq order: what `held` is folded from. */
  let log: LogEntry[] = []
  const held = signal<Held>(nothingHeld())
  const state = signal<TabState | null>(null)
  /** What the cap dropped from each connection of the live tab (none for an imported file). */
  const drops = signal<Drops>(noDrops)
  /** Entries or messages from the background that failed validation here. */
  const rejected = signal(0)

  // Connections with drops are remade only when their events or their drops change, as folding does.
  let merged = new WeakMap<Connection, Connection>()
  const connections = computed(() => {
    const folded = held.value.connections
    const dropped = drops.value
    if (dropped.size === 0) return folded
    const out = new Map(folded)
    const next = new WeakMap<Connection, Connection>()
    for (const [id, d] of dropped) {
      const c = folded.get(id)
      if (!c) continue
      const m = withNotKept(merged.get(c) ?? c, 'cap', d)
      next.set(c, m)
      out.set(id, m)
    }
    merged = next
    return out
  })
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
    /** What the cap dropped, per connection still listed, most first. */
    capDrops: computed(() =>
      [...connections.value.values()]
        .map((connection) => ({
          connection,
          messages: connection.notKept.cap ? connection.notKept.cap.sent.messages + connection.notKept.cap.received.messages : 0,
        }))
        .filter((d) => d.messages > 0)
        .sort((a, b) => b.messages - a.messages),
    ),
    /** Takes entries from the background: all it holds (`replace`), or those after the last seq held. */
    receive(entries: LogEntry[], next: TabState, replace: boolean): void {
      const last = replace ? 0 : (log[log.length - 1]?.seq ?? 0)
      const nextDrops = dropsOf(next)
      const heldNow = (e: LogEntry) => isHeld(e, next, nextDrops)
      // A resubscribe may overlap what we hold; seqs only grow, so anything at or below ours is known.
      const fresh = entries.filter((e) => e.seq > last && heldNow(e))
      let folded: Held
      if (replace) {
        log = fresh
        folded = fold(nothingHeld(), log)
      } else if (floorsMoved(state.value, next, drops.value) && log.some((e) => !heldNow(e))) {
        log = log.filter(heldNow).concat(fresh)
        folded = fold(nothingHeld(), log)
      } else {
        for (const entry of fresh) log.push(entry)
        folded = fold(held.value, fresh)
      }
      batch(() => {
        held.value = folded
        state.value = next
        drops.value = nextDrops
      })
    },
    /** Holds these events instead of the tab's (an imported file); the tab's state stays as it was. */
    replace(events: TabEvent[]): void {
      log = events
      batch(() => {
        held.value = fold(nothingHeld(), log)
        drops.value = noDrops
      })
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
