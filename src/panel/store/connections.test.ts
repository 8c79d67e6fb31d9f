import { describe, expect, it } from 'vitest'
import type { PageEvent, TabEvent } from '../../shared/protocol/index.ts'
import { applyEvents, closeInitiator, keptOfTotal, withNotKept } from './connections.ts'

let seq = 0
const tag = (e: PageEvent): TabEvent => ({ ...e, source: { kind: 'frame', frameId: 0 }, seq: ++seq }) as TabEvent
const created = (id: string): TabEvent =>
  tag({ kind: 'connection', id, api: 'WebSocket', time: 10, url: null, resolvedUrl: `ws://h/${id}`, protocols: [], frameUrl: 'http://h/', stack: '' })

const fold = (events: TabEvent[]) => applyEvents(new Map(), events)

describe('applyEvents', () => {
  it('tracks status, traffic and a page-initiated close', () => {
    const { connections } = fold([
      created('a'),
      tag({ kind: 'opened', id: 'a', time: 11, protocol: 'chat', extensions: '' }),
      tag({ kind: 'message', id: 'a', time: 12, direction: 'sent', binary: false, size: 5, data: 'hello', truncated: false }),
      tag({ kind: 'message', id: 'a', time: 13, direction: 'received', binary: true, size: 3, data: new Uint8Array(3), truncated: false }),
      tag({ kind: 'close-call', id: 'a', time: 14, via: 'close', code: 4000, reason: 'bye', error: null }),
    ])
    expect(connections.get('a')).toMatchObject({ status: 'closing', protocol: 'chat', sent: { messages: 1, bytes: 5 }, received: { messages: 1, bytes: 3 } })
    const a = applyEvents(connections, [tag({ kind: 'closed', id: 'a', time: 20, code: 4000, reason: 'bye', wasClean: true, error: null })]).connections.get(
      'a',
    )!
    expect(a.status).toBe('closed')
    expect(closeInitiator(a)).toBe('page')
    expect(a.events.toArray().map((e) => e.kind)).toEqual(['connection', 'opened', 'message', 'message', 'close-call', 'closed'])
  })

  it('does not count a close() that threw as a close request', () => {
    const { connections } = fold([
      created('b'),
      tag({ kind: 'close-call', id: 'b', time: 11, via: 'close', code: 1001, reason: null, error: 'InvalidAccessError: …' }),
    ])
    expect(connections.get('b')).toMatchObject({ status: 'connecting', closeRequest: null })
  })

  it('attributes a close nobody on the page asked for to the server', () => {
    const { connections } = fold([created('c'), tag({ kind: 'closed', id: 'c', time: 11, code: 1011, reason: '', wasClean: true, error: null })])
    expect(closeInitiator(connections.get('c')!)).toBe('server')
  })

  it('keeps events of unknown connections and instrumentation errors aside', () => {
    const { connections, orphans } = fold([
      tag({ kind: 'opened', id: 'zzz', time: 1, protocol: '', extensions: '' }),
      tag({ kind: 'instrumentation-error', time: 2, where: 'x', message: 'y' }),
    ])
    expect(connections.size).toBe(0)
    expect(orphans).toHaveLength(2)
  })
})

describe('totals', () => {
  const message = (direction: 'sent' | 'received', size: number) =>
    tag({ kind: 'message', id: 'a', time: 12, direction, binary: false, size, data: 'x'.repeat(size), truncated: false })

  it('are what is kept plus each amount not kept', () => {
    const { connections } = fold([created('a'), message('sent', 2), message('received', 3)])
    const kept = connections.get('a')!
    expect(kept.sent).toEqual(kept.kept.sent)
    const capped = withNotKept(kept, 'cap', { sent: { messages: 10, bytes: 20 }, received: { messages: 0, bytes: 0 } })
    expect(capped.sent).toEqual({ messages: 11, bytes: 22 })
    expect(capped.received).toEqual({ messages: 1, bytes: 3 })
    expect(keptOfTotal(capped)).toEqual({ kept: 2, total: 12 })
    // Events folded later keep the amount not kept as an addend.
    const later = applyEvents(new Map([['a', capped]]), [message('sent', 1)]).connections.get('a')!
    expect(later.sent).toEqual({ messages: 12, bytes: 23 })
    expect(withNotKept(later, 'cap', undefined).sent).toEqual({ messages: 2, bytes: 3 })
  })

  it('leave the connection as it is when the amount not kept is the same', () => {
    const { connections } = fold([created('a')])
    const flow = { sent: { messages: 1, bytes: 1 }, received: { messages: 0, bytes: 0 } }
    const capped = withNotKept(connections.get('a')!, 'cap', flow)
    expect(withNotKept(capped, 'cap', structuredClone(flow))).toBe(capped)
  })
})
