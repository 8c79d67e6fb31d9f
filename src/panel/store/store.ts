import { batch, computed } from '@preact/signals'
import type { LogEntry, TabEvent, TabState } from '../../shared/protocol/index.ts'
import { createCommands } from './commands.ts'
import { createIntake } from './intake.ts'
import { createLink } from './link.ts'
import { createSelection } from './selection.ts'
import { createTabLog } from './tab-log.ts'
import { createTabSettings } from './tab-settings.ts'
import { createTimeline } from './timeline.ts'

/**
 * The panel's state, composed of one small store per concern. Views read signals; only the functions
 * here write them. Every value a signal holds is replaced, never changed, when its data changes (see
 * `Held` and `EventList`), so whatever is computed from them follows without being told.
 */
export function createStore() {
  const link = createLink()
  const log = createTabLog()
  const selection = createSelection(log.connections)
  const events = computed(() => selection.selected.value?.events ?? log.timeline.value)
  const timeline = createTimeline(events, selection.selectedSeq)
  const intake = createIntake(log.receive)

  return {
    connected: link.connected,
    setSender: link.setSender,
    state: log.state,
    rejected: log.rejected,
    countRejected: log.countRejected,
    connections: log.connections,
    list: log.list,
    loads: log.loads,
    instrumentationErrors: log.instrumentationErrors,
    capDrops: log.capDrops,
    lastSeq: log.lastSeq,
    allEvents: log.allEvents,
    ...selection,
    ...timeline,
    paused: intake.paused,
    heldWhilePaused: intake.heldWhilePaused,
    imported: intake.imported,
    setPaused: intake.setPaused,
    reset(entries: LogEntry[], next: TabState) {
      intake.arrive(entries, next, true)
    },
    add(entries: LogEntry[], next: TabState) {
      intake.arrive(entries, next, false)
    },
    /** Shows an exported file instead of the live tab; the live log stays in the background. */
    showImported(name: string, imported: TabEvent[]) {
      batch(() => {
        intake.imported.value = name
        log.replace(imported)
        selection.select(null)
      })
    },
    ...createCommands(link),
    ...createTabSettings(link),
  }
}

export type Store = ReturnType<typeof createStore>
