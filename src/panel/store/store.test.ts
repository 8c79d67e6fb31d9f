import { describe, expect, it } from 'vitest'
import type { LogEntry, PageEvent, TabState } from '../../shared/protocol/index.ts'
import { STATE } from '../test/fixtures.ts'
import { createStore } from './store.ts'

const state: TabState = STATE
let seq = 0
const entry = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as LogEntry
const text = (data: string) => entry({ kind: 'message', id: 'a', time: seq, direction: 'sent', binary: false, size: data.length, data, truncated: false })

describe('panel store', () => {
  it('shows new events of the selected connection as they arrive', () => {
    const store = createStore()
    store.reset(
      [entry({ kind: 'connection', id: 'a', api: 'WebSocket', time: 0, url: null, resolvedUrl: 'ws://h/', protocols: [], frameUrl: '', stack: '' })],
      state,
    )
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
    store.add(
      [entry({ kind: 'connection', id: 'b', api: 'WebSocket', time: 0, url: null, resolvedUrl: 'ws://h/', protocols: [], frameUrl: '', stack: '' })],
      state,
    )
    store.add([{ ...text('x'), id: 'b' } as LogEntry], state)
    expect(store.list.value).toHaveLength(0)
    expect(store.heldWhilePaused.value).toBe(1)
    store.setPaused(false)
    expect(store.list.value).toHaveLength(1)
    expect(store.list.value[0]!.sent.messages).toBe(1)
    expect(store.heldWhilePaused.value).toBe(0)
  })

  it('keeps the filtered timeline right as entries arrive, the filter narrows and the floors drop old entries', () => {
    const store = createStore()
    const connection = entry({
      kind: 'connection',
      id: 'a',
      api: 'WebSocket',
      time: 0,
      url: null,
      resolvedUrl: 'ws://h/',
      protocols: [],
      frameUrl: '',
      stack: '',
    })
    const [one, two] = [text('error one'), text('fine two')]
    store.reset([connection, one, two], state)
    store.filter.value = { ...store.filter.value, query: 'e' }
    expect(store.rows.value).toEqual([one, two])
    store.filter.value = { ...store.filter.value, query: 'err' }
    expect(store.rows.value).toEqual([one])
    const three = text('error three')
    store.add([three], state)
    expect(store.rows.value).toEqual([one, three])
    // The cap dropped the first two messages: the panel drops them too and rebuilds its timeline.
    const four = text('error four')
    store.add([four], { ...state, messageFloor: three.seq })
    expect(store.rows.value).toEqual([three, four])
    expect(store.allEvents()).toEqual([connection, three, four])
    store.filter.value = { ...store.filter.value, query: '' }
    expect(store.rows.value).toEqual([connection, three, four])
  })
})
