import { computed } from '@preact/signals'
import { describe, expect, it } from 'vitest'
import type { LogEntry, PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { STATE } from '../test/fixtures.ts'
import { createTabLog } from './tab-log.ts'

let seq = 0
const entry = (e: PageEvent) => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as LogEntry
const created = (id: string) =>
  entry({ kind: 'connection', id, api: 'WebSocket', time: 0, url: null, resolvedUrl: `ws://h/${id}`, protocols: [], frameUrl: '', stack: '' })
const text = (id: string, data: string) =>
  entry({ kind: 'message', id, time: seq, direction: 'sent', binary: false, size: data.length, data, truncated: false })
const marker = (url: string) => ({ kind: 'navigation', url, time: 0, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as LogEntry

describe('tab log', () => {
  it('folds entries into connections that values computed from them follow', () => {
    const log = createTabLog()
    const sent = computed(() => log.list.value.map((c) => c.sent.messages))
    const timeline = computed(() => log.timeline.value.length)
    log.receive([created('a'), text('a', 'one')], STATE, true)
    expect(sent.value).toEqual([1])
    log.receive([text('a', 'two')], STATE, false)
    expect(sent.value).toEqual([2])
    expect(timeline.value).toBe(3)
  })

  it('makes a new connection object for a connection that changed, and keeps the others', () => {
    const log = createTabLog()
    log.receive([created('a'), created('b')], STATE, true)
    const [a, b] = log.list.value
    const connections = log.connections.value
    log.receive([text('b', 'x')], STATE, false)
    expect(log.connections.value).not.toBe(connections)
    expect(log.list.value[0]).toBe(a)
    expect(log.list.value[1]).not.toBe(b)
    expect(b!.sent.messages).toBe(0)
    expect(b!.events.length).toBe(1)
  })

  it('leaves its values as they were when nothing new arrives', () => {
    const log = createTabLog()
    const first = created('a')
    log.receive([first], STATE, true)
    const list = log.list.value
    const timeline = log.timeline.value
    log.receive([first], STATE, false)
    expect(log.list.value).toBe(list)
    expect(log.timeline.value).toBe(timeline)
  })

  it('skips entries it holds already, and those below the floors', () => {
    const log = createTabLog()
    const [a, one, two] = [created('a'), text('a', 'one'), text('a', 'two')]
    log.receive([a, one], STATE, true)
    log.receive([one, two], STATE, false)
    expect(log.allEvents()).toEqual([a, one, two])
    expect(log.lastSeq()).toBe(two.seq)
    // The cap dropped the first message: the log drops it too and starts a new timeline.
    const timeline = log.timeline.value
    log.receive([], { ...STATE, messageFloor: two.seq }, false)
    expect(log.allEvents()).toEqual([a, two])
    expect(log.timeline.value.extends(timeline)).toBe(false)
    expect(log.list.value[0]!.sent.messages).toBe(1)
  })

  it('asks, when empty, for what lies after the floors', () => {
    const log = createTabLog()
    expect(log.lastSeq()).toBeNull()
    log.receive([], { ...STATE, messageFloor: 5, lifecycleFloor: 3 }, true)
    expect(log.lastSeq()).toBe(4)
  })

  it('groups connections by page load and keeps instrumentation errors aside', () => {
    const log = createTabLog()
    const error = entry({ kind: 'instrumentation-error', time: 0, where: 'send', message: 'boom' })
    log.receive([created('a'), marker('http://h/2'), created('b'), error], STATE, true)
    expect(log.loads.value.map((l) => [l.marker?.url ?? null, l.connections.map((c) => c.id)])).toEqual([
      [null, ['a']],
      ['http://h/2', ['b']],
    ])
    expect(log.instrumentationErrors.value).toEqual([error])
    expect(log.allEvents()).not.toContainEqual(expect.objectContaining({ kind: 'navigation' }))
  })

  it('holds an imported file instead, and counts what failed validation', () => {
    const log = createTabLog()
    log.receive([created('a')], STATE, true)
    log.replace([created('z')] as TabEvent[])
    expect(log.list.value.map((c) => c.id)).toEqual(['z'])
    log.countRejected(2)
    log.countRejected(1)
    expect(log.rejected.value).toBe(3)
  })
})

describe('tab log under the cap', () => {
  const drop = (id: string, floor: number, received = { messages: 0, bytes: 0 }, sent = { messages: 0, bytes: 0 }) => ({ id, floor, sent, received })

  it("drops a connection's messages below its floor and no other connection's, and counts them in its totals", () => {
    const log = createTabLog()
    const first = [created('quiet'), created('flood'), text('quiet', 'hi'), text('flood', 'f1'), text('flood', 'f2'), text('flood', 'f3')]
    log.receive(first, STATE, true)
    // The cap took the flood's two oldest (sent, 2 B each); the quiet connection's older message stays.
    const floor = first[5]!.seq
    log.receive([text('flood', 'f4')], { ...STATE, dropped: [drop('flood', floor, undefined, { messages: 2, bytes: 4 })] }, false)
    const texts = log.timeline.value.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.data : ''))
    expect(texts).toEqual(['hi', 'f3', 'f4'])
    const flood = log.connections.value.get('flood')!
    expect(flood.kept.sent).toEqual({ messages: 2, bytes: 4 })
    expect(flood.sent).toEqual({ messages: 4, bytes: 8 })
    expect(log.connections.value.get('quiet')!.sent).toEqual({ messages: 1, bytes: 2 })
    expect(log.capDrops.value.map((d) => [d.connection.id, d.messages])).toEqual([['flood', 2]])
  })

  it('keeps a connection object while its events and drops stay the same', () => {
    const log = createTabLog()
    const state = { ...STATE, dropped: [drop('a', 1, { messages: 3, bytes: 3 })] }
    log.receive([created('a'), created('b')], state, true)
    const a = log.connections.value.get('a')!
    expect(a.received.messages).toBe(3)
    log.receive([text('b', 'x')], { ...state, dropped: [drop('a', 1, { messages: 3, bytes: 3 })] }, false)
    expect(log.connections.value.get('a')).toBe(a)
  })

  it("does not apply the live tab's drops to an imported file", () => {
    const log = createTabLog()
    log.receive([created('a')], { ...STATE, dropped: [drop('a', 1, { messages: 3, bytes: 3 })] }, true)
    log.replace([created('a') as TabEvent])
    expect(log.connections.value.get('a')!.received.messages).toBe(0)
    expect(log.capDrops.value).toEqual([])
  })
})
