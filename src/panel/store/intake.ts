import { signal } from '@preact/signals'
import type { LogEntry, TabState } from '../../shared/protocol/index.ts'

type Receive = (entries: LogEntry[], state: TabState, replace: boolean) => void

/**
 * What of the background's entries reaches the tab log. Live, all of it; while paused the view stands
 * still and what arrives is held and counted, then passed on at resume; while an imported file is
 * shown, none (the live log stays in the background).
 */
export function createIntake(receive: Receive) {
  const paused = signal(false)
  const heldWhilePaused = signal(0)
  let pending: Array<{ entries: LogEntry[]; state: TabState; replace: boolean }> = []
  /** The name of an imported file being browsed offline, or null for the live tab. */
  const imported = signal<string | null>(null)
  return {
    paused,
    heldWhilePaused,
    imported,
    arrive(entries: LogEntry[], state: TabState, replace: boolean): void {
      if (imported.value !== null) return
      if (!paused.value) return receive(entries, state, replace)
      pending.push({ entries, state, replace })
      heldWhilePaused.value += entries.filter((e) => e.kind === 'message').length
    },
    setPaused(pause: boolean): void {
      paused.value = pause
      if (pause) return
      const backlog = pending
      pending = []
      heldWhilePaused.value = 0
      for (const { entries, state, replace } of backlog) receive(entries, state, replace)
    },
  }
}
