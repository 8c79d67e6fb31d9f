import { batch, computed, signal } from '@preact/signals'
import type { Command, Limits, LogEntry, NavigationMarker, PanelToBackground, TabEvent, TabState } from '../../shared/protocol.ts'
import { ALL, compileFilter, type MessageFilter } from '../messages/filter.ts'
import { createRowFilter } from '../messages/filter-rows.ts'
import { applyEvents, type Connection } from './connections.ts'
import { groupByLoad } from './loads.ts'

/**
 * The panel's single source of state. Views read signals; only the functions here write them.
 * It mirrors the background's log of the tab: entries arrive in seq order, and entries below the
 * background's floors (dropped by the cap, or cleared by a navigation) are dropped here too.
 */
export function createStore() {
  let log: LogEntry[] = []
  /** The log without navigation markers: the timeline of all connections. Replaced on refold, else only pushed to. */
  let timeline: TabEvent[] = []
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
  const filter = signal<MessageFilter>(ALL)
  const selectedSeq = signal<number | null>(null)
  /** While paused the view stands still; what arrives meanwhile is held and counted, then shown on resume. */
  const paused = signal(false)
  const heldWhilePaused = signal(0)
  let pending: Array<{ entries: LogEntry[]; state: TabState; replace: boolean }> = []
  /** The name of an imported file being browsed offline, or null for the live tab. */
  const imported = signal<string | null>(null)
  /** Close-lab commands sent and not yet answered by the page, and those the background could not deliver. */
  const commands = signal<ReadonlyMap<string, SentCommand>>(new Map())
  let commandCounter = 0
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
    const events: TabEvent[] = []
    for (const entry of entries) {
      if (entry.kind === 'navigation') markers.push(entry)
      else events.push(entry)
    }
    for (const event of events) timeline.push(event)
    applyEvents(connections, events, orphans)
  }

  function refold(): void {
    // New arrays, not emptied ones: the row filter keeps results for an array as long as it only grows.
    timeline = []
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
    } else if (floorsMoved && log.some((e) => !held(e, next))) {
      log = log.filter((e) => held(e, next)).concat(fresh)
      refold()
    } else {
      for (const entry of fresh) log.push(entry)
      fold(fresh)
    }
    batch(() => {
      state.value = next
      if (selectedId.value !== null && !connections.has(selectedId.value)) selectedId.value = null
      version.value++
    })
  }

  function arrive(entries: LogEntry[], next: TabState, replace: boolean): void {
    if (imported.value !== null) return
    if (!paused.value) return receive(entries, next, replace)
    pending.push({ entries, state: next, replace })
    heldWhilePaused.value += entries.filter((e) => e.kind === 'message').length
  }

  const events = computed(() => {
    version.value
    const connection = selected.value
    return connection ? connection.events : timeline
  })
  const compiled = computed(() => compileFilter(filter.value))
  const filterRows = createRowFilter()
  // Connections and their event arrays are mutated in place, so everything derived from them also
  // reads `version`: the same array reference does not mean the same contents.
  const rows = computed(() => {
    version.value
    return filterRows(events.value, filter.value, compiled.value)
  })

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
    filter,
    compiled,
    /** The timeline of the selected connection, or of all connections, after the filter. */
    rows,
    /** How many timeline entries there are before the filter. */
    total: computed(() => {
      version.value
      return events.value.length
    }),
    selectedSeq,
    selectedEntry: computed(() => {
      version.value
      return selectedSeq.value === null ? null : (events.value.find((e) => e.seq === selectedSeq.value) ?? null)
    }),
    paused,
    heldWhilePaused,
    imported,
    /** Every captured event held, for export. */
    allEvents(): TabEvent[] {
      return timeline.slice()
    },
    reset(entries: LogEntry[], next: TabState) {
      arrive(entries, next, true)
    },
    add(entries: LogEntry[], next: TabState) {
      arrive(entries, next, false)
    },
    setPaused(pause: boolean) {
      paused.value = pause
      if (pause) return
      const backlog = pending
      pending = []
      heldWhilePaused.value = 0
      for (const { entries, state, replace } of backlog) receive(entries, state, replace)
    },
    /** Shows an exported file instead of the live tab; the live log stays in the background. */
    showImported(name: string, events: TabEvent[]) {
      imported.value = name
      log = events
      refold()
      batch(() => {
        selectedId.value = null
        selectedSeq.value = null
        version.value++
      })
    },
    clear() {
      request((tabId) => ({ type: 'clear', tabId }))
    },
    commands,
    /** Sends a close-lab command to the page that owns the connection; its answer arrives as a command-result event. */
    sendCommand(connection: Connection, command: Command): string {
      const commandId = `${Date.now().toString(36)}-${++commandCounter}`
      commands.value = new Map(commands.value).set(commandId, { connectionId: connection.id, command, sentAt: Date.now(), failure: null })
      request((tabId) => ({ type: 'command', tabId, frameId: connection.frameId, connectionId: connection.id, commandId, command }))
      return commandId
    },
    commandFailed(commandId: string, error: string) {
      const sent = commands.value.get(commandId)
      if (sent) commands.value = new Map(commands.value).set(commandId, { ...sent, failure: error })
    },
    countRejected(n: number) {
      rejected.value += n
    },
    select(id: string | null) {
      batch(() => {
        selectedId.value = id
        selectedSeq.value = null
      })
    },
    selectEntry(seq: number | null) {
      selectedSeq.value = seq
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

export interface SentCommand {
  connectionId: string
  command: Command
  sentAt: number
  /** Set when the background could not hand the command to the page. */
  failure: string | null
}

export interface Sender {
  tabId: number
  post(message: PanelToBackground): void
}
