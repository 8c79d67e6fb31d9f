import { batch, computed, effect, type ReadonlySignal, signal } from '@preact/signals'
import type { Connection } from './connections.ts'

/** Which connection is selected (null: all of them), and which timeline entry, by seq. */
export function createSelection(connections: ReadonlySignal<ReadonlyMap<string, Connection>>) {
  const selectedId = signal<string | null>(null)
  const selectedSeq = signal<number | null>(null)
  // A connection the log no longer holds (cleared, capped, or another file imported) is no longer selected.
  effect(() => {
    const id = selectedId.value
    if (id !== null && !connections.value.has(id)) selectedId.value = null
  })
  return {
    selectedId: selectedId as ReadonlySignal<string | null>,
    selectedSeq: selectedSeq as ReadonlySignal<number | null>,
    selected: computed(() => (selectedId.value === null ? null : (connections.value.get(selectedId.value) ?? null))),
    select(id: string | null): void {
      batch(() => {
        selectedId.value = id
        selectedSeq.value = null
      })
    },
    selectEntry(seq: number | null): void {
      selectedSeq.value = seq
    },
  }
}
