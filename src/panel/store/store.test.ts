import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, type LogEntry, type PageEvent, type TabState } from '../../shared/protocol.ts'
import { createStore } from './store.ts'

const state: TabState = {
  messageFloor: 0,
  lifecycleFloor: 0,
  lost: { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 },
  preserveLog: false,
  limits: DEFAULT_LIMITS,
}
let seq = 0
const entry = (e: PageEvent) => ({ ...e, frameId: 0, seq: ++seq }) as LogEntry
const text = (data: string) => entry({ kind: 'message', id: 'a', time: seq, direction: 'sent', binary: false, size: data.length, data, truncated: false })

describe('panel store', () => {
  it('shows new events of the selected connection, whose arrays are mutated in place', () => {
    const store = createStore()
    store.reset([entry({ kind: 'connection', id: 'a', api: 'WebSocket', time: 0, url: null, resolvedUrl: 'ws://h/', protocols: [], frameUrl: '', stack: '' })], state)
    store.select('a')
    expect(store.rows.value).toHaveLength(1)
    store.add([text('one'), text('two')], state)
    expect(store.rows.value.map((e) => e.kind)).toEqual(['connection', 'message', 'message'])
    expect(store.total.value).toBe(3)
    store.filter.value = { ...store.filter.value, query: 'two' }
    expect(store.rows.value).toHaveLength(1)
  })

  it('holds what arrives while paused, counts it, and shows it on resume', () => {
    const store = createStore()
    store.reset([], state)
    store.setPaused(true)
    store.add([entry({ kind: 'connection', id: 'b', api: 'WebSocket', time: 0, url: null, resolvedUrl: 'ws://h/', protocols: [], frameUrl: '', stack: '' })], state)
    store.add([{ ...text('x'), id: 'b' } as LogEntry], state)
    expect(store.list.value).toHaveLength(0)
    expect(store.heldWhilePaused.value).toBe(1)
    store.setPaused(false)
    expect(store.list.value).toHaveLength(1)
    expect(store.list.value[0]!.sent.messages).toBe(1)
    expect(store.heldWhilePaused.value).toBe(0)
  })
})
