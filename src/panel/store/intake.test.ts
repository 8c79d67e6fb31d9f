import { describe, expect, it, vi } from 'vitest'
import type { LogEntry } from '../../shared/protocol/index.ts'
import { entries, session, STATE } from '../test/fixtures.ts'
import { createIntake } from './intake.ts'

describe('intake', () => {
  it('passes entries on while live', () => {
    const receive = vi.fn()
    createIntake(receive).arrive(entries(session()), STATE, true)
    expect(receive).toHaveBeenCalledWith(entries(session()), STATE, true)
  })

  it('holds what arrives while paused, counts its messages, and passes it on in order at resume', () => {
    const receive = vi.fn()
    const intake = createIntake(receive)
    intake.setPaused(true)
    const [first, second] = [entries(session('a')), entries(session('b', 'WebSocket', 8))]
    intake.arrive(first, STATE, true)
    intake.arrive(second, STATE, false)
    expect(receive).not.toHaveBeenCalled()
    expect(intake.heldWhilePaused.value).toBe(6)
    intake.setPaused(false)
    expect(receive.mock.calls).toEqual([
      [first, STATE, true],
      [second, STATE, false],
    ])
    expect(intake.heldWhilePaused.value).toBe(0)
  })

  it('lets nothing through while an imported file is shown', () => {
    const receive = vi.fn()
    const intake = createIntake(receive)
    intake.imported.value = 'saved.json'
    intake.arrive([] as LogEntry[], STATE, false)
    expect(receive).not.toHaveBeenCalled()
  })
})
