import { batch, computed, signal } from '@preact/signals'
import type { TabEvent } from '../../shared/protocol.ts'
import { applyEvents, type Connection } from './connections.ts'

/** The panel's single source of state. Views read signals; only the functions here write them. */
export function createStore() {
  const connections = new Map<string, Connection>()
  const orphans: TabEvent[] = []
  // Connections are mutated in place; bumping the version tells views to re-read them.
  const version = signal(0)
  const selectedId = signal<string | null>(null)
  const connected = signal(false)

  const list = computed(() => {
    version.value
    return [...connections.values()]
  })
  const selected = computed(() => {
    version.value
    return selectedId.value === null ? null : (connections.get(selectedId.value) ?? null)
  })

  return {
    list,
    selected,
    selectedId,
    connected,
    instrumentationErrors: computed(() => {
      version.value
      return orphans.filter((e) => e.kind === 'instrumentation-error')
    }),
    reset(events: TabEvent[]) {
      connections.clear()
      orphans.length = 0
      applyEvents(connections, events, orphans)
      batch(() => {
        if (selectedId.value !== null && !connections.has(selectedId.value)) selectedId.value = null
        version.value++
      })
    },
    add(events: TabEvent[]) {
      applyEvents(connections, events, orphans)
      version.value++
    },
    select(id: string | null) {
      selectedId.value = id
    },
  }
}

export type Store = ReturnType<typeof createStore>
