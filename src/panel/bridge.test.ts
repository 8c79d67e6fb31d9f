import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStore } from './store/store.ts'

/** Runtime ports the bridge opens: each records what the panel posted and whether it was let go. */
const ports: Array<{ posted: unknown[]; disconnected: boolean; answer(message: unknown): void }> = []

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      connect() {
        const listeners: Array<(m: unknown) => void> = []
        const record = {
          posted: [] as unknown[],
          disconnected: false,
          answer: (m: unknown) => {
            for (const l of listeners) l(m)
          },
        }
        ports.push(record)
        return {
          postMessage: (m: unknown) => record.posted.push(m),
          disconnect: () => (record.disconnected = true),
          onMessage: { addListener: (l: (m: unknown) => void) => listeners.push(l) },
          onDisconnect: { addListener() {} },
        }
      },
    },
  },
}))

const { connectToBackground } = await import('./bridge.ts')

const TAB = 3
const state = {
  messageFloor: 0,
  lifecycleFloor: 0,
  dropped: [],
  lost: { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 },
  preserveLog: false,
  limits: { maxMessages: 10, maxPayloadBytes: 2 ** 20 },
}
const reset = { type: 'reset', tabId: TAB, entries: [], state }

describe('panel bridge', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    ports.length = 0
  })
  afterEach(() => vi.useRealTimers())

  it('keeps a port that answers its subscriptions', () => {
    connectToBackground(TAB, createStore())
    for (let i = 0; i < 5; i++) {
      ports[0]!.answer(reset)
      vi.advanceTimersByTime(2_000)
    }
    expect(ports).toHaveLength(1)
    expect(ports[0]!.posted.length).toBeGreaterThan(4)
  })

  it('drops a port that stays silent, though posting to it does not throw, and subscribes on a new one', () => {
    const store = createStore()
    connectToBackground(TAB, store)
    ports[0]!.answer(reset)
    vi.advanceTimersByTime(2_000)
    expect(ports).toHaveLength(1)
    // No answer to that subscribe: the worker behind the port is gone without saying so.
    vi.advanceTimersByTime(2_000)
    expect(ports[0]!.disconnected).toBe(true)
    expect(store.connected.value).toBe(false)
    vi.advanceTimersByTime(300)
    expect(ports).toHaveLength(2)
    expect(ports[1]!.posted).toEqual([{ type: 'subscribe', tabId: TAB, after: -1 }])
  })
})
