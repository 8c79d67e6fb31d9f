import { batch, computed, signal } from '@preact/signals'
import type { Limits, LogEntry, NavigationMarker, PanelToBackground, TabEvent, TabState } from '../../shared/protocol.ts'
import { applyEvents, type Connection } from './connections.ts'
import { groupByLoad } from './loads.ts'

/**
 * The panel's single source of state. Views read signals; only the functions here write them.
 * It mirrors the background's log of the tab: entries arrive in seq order, and entries below the
 * background's floors (dropped by the cap, or cleared by a navigation) are dropped here too.
 */
export function createStore() {
  let log: LogEntry[] = []
  const connections = new Map<string, Connection>()
  const orphans: TabEvent[] = []
  const markers: NavigationMarker[] = []
  // Connections are mutated in place; bumping the version tells views to re-read them.
  const version = signal(0)
  const selectedId = signal<string | null>(null)
  const connected = signal(false)
  const state = signal<TabState | null>(null)
  /** Entries or messages from the background that failed validation here. */
  const rejected = signal(0)
  let sender: Sender | null = null
  const unsent: Array<(tabId: number) => PanelToBackground> = []

  const list = computed(() => {
    version.value
    return [...connections.values()]
  })
  const selected = computed(() => {
    version.value
    return selectedId.value === null ? null : (connections.get(selectedId.value) ?? null)
  })

  function fold(entries: LogEntry[]): void {
    for (const entry of entries) if (entry.kind === 'navigation') markers.push(entry)
    applyEvents(
      connections,
      entries.filter((e): e is TabEvent => e.kind !== 'navigation'),
      orphans,
    )
  }

  function refold(): void {
    connections.clear()
    orphans.length = 0
    markers.length = 0
    fold(log)
  }

  const held = (e: LogEntry, s: TabState) => e.seq >= (e.kind === 'message' ? s.messageFloor : s.lifecycleFloor)

  function receive(entries: LogEntry[], next: TabState, replace: boolean): void {
    const last = replace ? 0 : (log[log.length - 1]?.seq ?? 0)
    // A resubscribe may overlap what we hold; seqs only grow, so anything at or below ours is known.
    const fresh = entries.filter((e) => e.seq > last && held(e, next))
    const previous = state.value
    const floorsMoved = !previous || previous.messageFloor !== next.messageFloor || previous.lifecycleFloor !== next.lifecycleFloor
    if (replace) {
      log = fresh
      refold()
    } else if (floorsMoved && log.length > 0 && !held(log[0]!, next)) {
      log = log.filter((e) => held(e, next)).concat(fresh)
      refold()
    } else {
      log.push(...fresh)
      fold(fresh)
    }
    batch(() => {
      state.value = next
      if (selectedId.value !== null && !connections.has(selectedId.value)) selectedId.value = null
      version.value++
    })
  }

  function request(message: (tabId: number) => PanelToBackground): void {
    if (sender) sender.post(message(sender.tabId))
    else unsent.push(message)
  }

  return {
    list,
    selected,
    selectedId,
    connected,
    state,
    rejected,
    /** Connections grouped by page load, each load after the navigation marker that started it. */
    loads: computed(() => {
      version.value
      return groupByLoad([...connections.values()], markers)
    }),
    instrumentationErrors: computed(() => {
      version.value
      return orphans.filter((e) => e.kind === 'instrumentation-error')
    }),
    /** The last seq held, so that a reconnecting panel asks only for what it lacks. */
    lastSeq(): number | null {
      return log[log.length - 1]?.seq ?? (state.value ? Math.max(state.value.messageFloor, state.value.lifecycleFloor) - 1 : null)
    },
    reset(entries: LogEntry[], next: TabState) {
      receive(entries, next, true)
    },
    add(entries: LogEntry[], next: TabState) {
      receive(entries, next, false)
    },
    countRejected(n: number) {
      rejected.value += n
    },
    select(id: string | null) {
      selectedId.value = id
    },
    /** Where requests to the background go; null while disconnected (they wait). */
    setSender(next: Sender | null) {
      sender = next
      if (sender) for (const message of unsent.splice(0)) sender.post(message(sender.tabId))
    },
    setPreserveLog(preserve: boolean) {
      request((tabId) => ({ type: 'preserve-log', tabId, preserve }))
    },
    setLimits(limits: Limits) {
      request(() => ({ type: 'limits', limits }))
    },
  }
}

export type Store = ReturnType<typeof createStore>

export interface Sender {
  tabId: number
  post(message: PanelToBackground): void
}
