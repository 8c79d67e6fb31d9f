import type browser from 'webextension-polyfill'
import { describe, expect, it } from 'vitest'
import type { BackgroundToPanel, Limits, LogEntry, PageEvent, RelayToBackground } from '../shared/protocol/index.ts'
import { createHub, type HubOptions } from './hub.ts'
import type { Persistence } from './persistence.ts'
import type { MessageEntry, TabMeta } from './tab-log.ts'

const EXTENSION = 'chrome-extension://abc/'
const TAB = 7

/** A runtime port pair seen from the background's side: we deliver to it, and read what it posted. */
function fakePort(name: string, sender: browser.Runtime.MessageSender) {
  const onMessage: Array<(m: unknown) => void> = []
  const onDisconnect: Array<() => void> = []
  const posted: unknown[] = []
  const port = {
    name,
    sender,
    postMessage: (m: unknown) => posted.push(structuredClone(m)),
    disconnect() {},
    onMessage: { addListener: (l: (m: unknown) => void) => onMessage.push(l) },
    onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
  } as unknown as browser.Runtime.Port
  return {
    port,
    posted,
    send: (m: unknown) => {
      for (const l of onMessage) l(structuredClone(m))
    },
    drop: () => {
      for (const l of onDisconnect) l()
    },
  }
}

/**
 * Persistence in memory, shared by successive hubs like IndexedDB is by successive workers: message
 * records by key as the tab log names them, other entries by seq.
 */
function memoryStore() {
  type Tab = { meta: TabMeta; records: Map<number, MessageEntry[]>; lifecycle: Map<number, LogEntry> }
  let saved: { limits: Limits | null; tabs: Map<number, Tab> } = { limits: null, tabs: new Map() }
  let failing = false
  const persistence: Persistence = {
    async load() {
      const copy = structuredClone(saved)
      return {
        limits: copy.limits,
        tabs: [...copy.tabs.values()].map(({ meta, records, lifecycle }) => ({
          meta,
          messages: [...records].sort(([a], [b]) => a - b).map(([key, messages]) => ({ key, messages: messages.filter((m) => m.seq >= meta.messageFloor) })),
          lifecycle: [...lifecycle.values()].sort((a, b) => a.seq - b.seq),
        })),
      }
    },
    async commit({ tabs, removedTabs, limits }) {
      await Promise.resolve()
      if (failing) throw new Error('quota')
      const next = structuredClone(saved)
      if (limits) next.limits = limits
      for (const id of removedTabs) next.tabs.delete(id)
      for (const { meta, entries, deletedRecords, rewrittenRecords } of structuredClone(tabs)) {
        const tab = next.tabs.get(meta.tabId) ?? { meta, records: new Map(), lifecycle: new Map() }
        tab.meta = meta
        for (const key of tab.records.keys()) if (key < meta.messageFloor) tab.records.delete(key)
        for (const seq of tab.lifecycle.keys()) if (seq < meta.lifecycleFloor) tab.lifecycle.delete(seq)
        for (const key of deletedRecords) tab.records.delete(key)
        for (const { key, entries } of rewrittenRecords) tab.records.set(key, entries)
        const messages = entries.filter((e): e is MessageEntry => e.kind === 'message')
        if (messages.length > 0) tab.records.set(messages.at(-1)!.seq, messages)
        for (const e of entries) if (e.kind !== 'message') tab.lifecycle.set(e.seq, e)
        next.tabs.set(meta.tabId, tab)
      }
      saved = next
    },
    async clear() {
      saved = { limits: null, tabs: new Map() }
    },
  }
  /** The seqs stored for a tab; a message the cap dropped may stay in a record it only cut into. */
  const storedSeqs = (tab: number) => {
    const t = saved.tabs.get(tab)
    if (!t) return []
    return [...[...t.records.values()].flat().map((m) => m.seq), ...t.lifecycle.keys()].sort((a, b) => a - b)
  }
  return { persistence, fail: (v: boolean) => (failing = v), heldSeqs: storedSeqs, records: (tab: number) => saved.tabs.get(tab)?.records }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 2))
}

function start(persistence: Persistence, sendToFrame: HubOptions['sendToFrame'] = async () => {}) {
  const hub = createHub({ persistence, extensionUrl: EXTENSION, sendToFrame, commitDelayMs: 0, now: () => 1000 })
  const relay = (doc: string, frameId = 0) => {
    const p = fakePort('relay', { tab: { id: TAB } as browser.Tabs.Tab, frameId })
    hub.connect(p.port)
    p.send({ type: 'hello', doc, top: frameId === 0, url: `http://h/${doc}` } satisfies RelayToBackground)
    return p
  }
  const panel = async (after: number | null = null, tabId = TAB) => {
    const p = fakePort('panel', { url: `${EXTENSION}src/panel/index.html` })
    hub.connect(p.port)
    p.send({ type: 'subscribe', tabId, after })
    await settle()
    return p
  }
  return { hub, relay, panel }
}

const text = (i: number): PageEvent => ({ kind: 'message', id: 'c', time: i, direction: 'received', binary: false, size: null, data: `${i}`, truncated: false })
const created: PageEvent = {
  kind: 'connection',
  id: 'c',
  api: 'WebSocket',
  time: 0,
  url: null,
  resolvedUrl: 'ws://h/',
  protocols: [],
  frameUrl: 'http://h/',
  stack: '',
}
const batch = (doc: string, seq: number, events: PageEvent[], lost = { page: 0, relay: 0, malformed: 0 }): RelayToBackground => ({
  type: 'batch',
  doc,
  seq,
  events,
  lost,
})

/** Everything a panel port received, folded the way the panel store does: reset replaces, entries extend. */
type LogMessage = Omit<Exclude<BackgroundToPanel, { type: 'command-failed' }>, 'entries'> & { entries: LogEntry[] }
function panelView(posted: unknown[]) {
  let seqs: number[] = []
  let last: LogMessage | undefined
  const logMessages = (posted as BackgroundToPanel[]).filter((m): m is LogMessage => m.type !== 'command-failed')
  for (const m of logMessages) {
    if (m.type === 'reset') seqs = []
    seqs.push(...m.entries.map((e) => e.seq))
    seqs = seqs.filter((s) => s >= Math.min(m.state.messageFloor, m.state.lifecycleFloor))
    last = m
  }
  return { seqs, state: last?.state, texts: logMessages.flatMap((m) => m.entries).map((e) => (e.kind === 'message' ? e.data : e.kind)) }
}

describe('delivery hub', () => {
  it('never sends a panel older loss counters than it already has, even mid-commit', async () => {
    const store = memoryStore()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const held: Persistence = { ...store.persistence, commit: async (changes) => (await gate, store.persistence.commit(changes)) }
    const { relay, panel } = start(held)
    const r = relay('d1')
    r.send(batch('d1', 1, [created], { page: 5, relay: 0, malformed: 0 }))
    await settle()
    // The first commit is in flight; more losses arrive and a panel subscribes before it completes.
    r.send(batch('d1', 2, [text(1)], { page: 3, relay: 0, malformed: 0 }))
    const p = await panel()
    release()
    await settle()
    const seen = (p.posted as LogMessage[]).map((m) => m.state.lost.page)
    expect(seen.length).toBeGreaterThan(1)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(8)
    expect(panelView(p.posted).texts).toEqual(['connection', '1'])
  })

  it('passes a batch to panels and acknowledges it only after it is persisted', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    const view = await panel()
    const r = relay('d1')
    r.send(batch('d1', 1, [created, text(1)]))
    expect(r.posted).toEqual([])
    await settle()
    expect(store.heldSeqs(TAB)).toEqual([1, 2])
    expect(r.posted).toEqual([{ type: 'ack', doc: 'd1', seq: 1 }])
    expect(panelView(view.posted).seqs).toEqual([1, 2])
  })

  it('does not acknowledge (nor show) what it could not persist', async () => {
    const store = memoryStore()
    store.fail(true)
    const { relay } = start(store.persistence)
    const r = relay('d1')
    r.send(batch('d1', 1, [created]))
    await settle()
    expect(r.posted).toEqual([])
  })

  it('applies a resent batch once, and acknowledges it again', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    const r = relay('d1')
    r.send(batch('d1', 1, [created, text(1)]))
    r.send(batch('d1', 2, [text(2)]))
    await settle()
    const again = relay('d1')
    again.send(batch('d1', 2, [text(2)]))
    again.send(batch('d1', 3, [text(3)]))
    await settle()
    expect(again.posted).toContainEqual({ type: 'ack', doc: 'd1', seq: 3 })
    expect(panelView((await panel()).posted).texts).toEqual(['connection', '1', '2', '3'])
  })

  it('keeps history across a restart and takes the unacknowledged batches again', async () => {
    const store = memoryStore()
    const first = start(store.persistence)
    const r = first.relay('d1')
    r.send(batch('d1', 1, [created, text(1)]))
    await settle()
    store.fail(true)
    r.send(batch('d1', 2, [text(2)]))
    await settle()
    store.fail(false)
    // The worker stops: a new hub over the same storage; the relay reconnects and resends batch 2.
    const second = start(store.persistence)
    const again = second.relay('d1')
    again.send(batch('d1', 2, [text(2)]))
    await settle()
    const view = panelView((await second.panel()).posted)
    expect(view.texts).toEqual(['connection', '1', '2'])
    expect(view.seqs).toEqual([1, 2, 3])
  })

  it('sends a reconnecting panel only what it lacks', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    const r = relay('d1')
    r.send(batch('d1', 1, [created, text(1), text(2)]))
    await settle()
    const resumed = await panel(2)
    expect(resumed.posted).toMatchObject([{ type: 'entries', entries: [{ seq: 3, data: '2' }] }])
  })

  it('drops the oldest messages past the cap, counts them, and keeps the connection', async () => {
    const store = memoryStore()
    const { hub, relay, panel } = start(store.persistence)
    const settings = fakePort('panel', { url: EXTENSION })
    hub.connect(settings.port)
    settings.send({ type: 'limits', limits: { maxMessages: 10, maxPayloadBytes: 1024 * 1024 } })
    const view = await panel()
    const r = relay('d1')
    r.send(batch('d1', 1, [created, ...Array.from({ length: 25 }, (_, i) => text(i))]))
    await settle()
    const seen = panelView(view.posted)
    expect(seen.state?.lost.cap).toBe(15)
    expect(seen.seqs.length).toBe(11)
    expect(store.heldSeqs(TAB)).toEqual([1, ...Array.from({ length: 10 }, (_, i) => 17 + i)])
    expect(panelView((await panel()).posted).texts).toEqual(['connection', ...Array.from({ length: 10 }, (_, i) => `${15 + i}`)])
  })

  it('takes the cap from the busiest connection, and a restarted worker holds and stores just what it kept', async () => {
    const store = memoryStore()
    const first = start(store.persistence)
    const settings = fakePort('panel', { url: EXTENSION })
    first.hub.connect(settings.port)
    settings.send({ type: 'limits', limits: { maxMessages: 10, maxPayloadBytes: 1024 * 1024 } })
    const quiet = (i: number): PageEvent => ({ ...text(i), id: 'q' }) as PageEvent
    const r = first.relay('d1')
    r.send(batch('d1', 1, [created, { ...created, id: 'q' }, quiet(1), quiet(2)]))
    await settle()
    // The flood comes in many commits, so the quiet connection's record is older than all of them.
    for (let b = 0; b < 10; b++) {
      r.send(
        batch(
          'd1',
          2 + b,
          Array.from({ length: 5 }, (_, i) => text(b * 5 + i)),
        ),
      )
      await settle()
    }
    const before = panelView((await first.panel()).posted)
    expect(before.texts.filter((t) => t !== 'connection')).toEqual(['1', '2', ...Array.from({ length: 8 }, (_, i) => `${42 + i}`)])
    expect(before.state?.dropped).toEqual([{ id: 'c', floor: 47, sent: { messages: 0, bytes: 0 }, received: { messages: 42, bytes: 74 } }])
    // Stored: the quiet connection's two, and no more than twice what the flood kept.
    const stored = [...store.records(TAB)!.values()].flat()
    expect(stored.filter((m) => m.id === 'q').length).toBe(2)
    expect(stored.filter((m) => m.id === 'c').length).toBeLessThanOrEqual(16)

    const second = start(store.persistence)
    await second.hub.ready
    const after = panelView((await second.panel()).posted)
    expect(after.texts).toEqual(before.texts)
    expect(after.state).toEqual(before.state)
  })

  it('caps payload bytes too', async () => {
    const store = memoryStore()
    const { hub, relay, panel } = start(store.persistence)
    const settings = fakePort('panel', { url: EXTENSION })
    hub.connect(settings.port)
    settings.send({ type: 'limits', limits: { maxMessages: 1000, maxPayloadBytes: 1024 * 1024 } })
    const big = (i: number): PageEvent => ({ ...text(i), data: 'x'.repeat(400 * 1024) }) as PageEvent
    relay('d1').send(batch('d1', 1, [created, big(1), big(2), big(3), big(4)]))
    await settle()
    expect(panelView((await panel()).posted).state?.lost.cap).toBe(2)
  })

  it('clears the log when the top frame navigates, or keeps it behind a marker with Preserve log', async () => {
    const store = memoryStore()
    const { hub, relay, panel } = start(store.persistence)
    relay('d1').send(batch('d1', 1, [created, text(1)]))
    await settle()
    relay('d2')
    await settle()
    expect(panelView((await panel()).posted).texts).toEqual([])
    const control = fakePort('panel', { url: EXTENSION })
    hub.connect(control.port)
    control.send({ type: 'preserve-log', tabId: TAB, preserve: true })
    relay('d2').send(batch('d2', 1, [created]))
    await settle()
    relay('d3')
    await settle()
    expect(panelView((await panel()).posted).texts).toEqual(['connection', 'navigation'])
  })

  it('clears the log on request, for every panel, and keeps capturing after', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    const r = relay('d1')
    r.send(batch('d1', 1, [created, text(1)]))
    await settle()
    const view = await panel()
    view.send({ type: 'clear', tabId: TAB })
    await settle()
    expect(panelView(view.posted).seqs).toEqual([])
    expect(store.heldSeqs(TAB)).toEqual([])
    r.send(batch('d1', 2, [text(2)]))
    await settle()
    expect(panelView(view.posted).seqs).toEqual([3])
    expect(panelView((await panel()).posted).texts).toEqual(['2'])
  })

  it('does not treat a reconnect of the same document as a navigation', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    relay('d1').send(batch('d1', 1, [created]))
    await settle()
    relay('d1')
    await settle()
    expect(panelView((await panel()).posted).texts).toEqual(['connection'])
  })

  it('counts malformed messages and events, and losses reported by the page and relay', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    const r = relay('d1')
    r.send({ type: 'batch', doc: 'd1', seq: 'one', events: [] })
    r.send('<script>')
    r.send(batch('other-doc', 1, [created]))
    r.send(batch('d1', 1, [created, { ...created, api: 'XHR' } as never, { kind: 'nope' } as never], { page: 4, relay: 5, malformed: 6 }))
    await settle()
    const view = panelView((await panel()).posted)
    expect(view.texts).toEqual(['connection'])
    expect(view.state?.lost).toEqual({ cap: 0, capLifecycle: 0, page: 4, relay: 5, malformed: 3 + 2 + 6 })
  })

  it('tags entries with the frame that captured them', async () => {
    const store = memoryStore()
    const { relay, panel } = start(store.persistence)
    relay('top').send(batch('top', 1, [created]))
    relay('inner', 3).send(batch('inner', 1, [{ ...created, id: 'd' }]))
    await settle()
    const [reset] = (await panel()).posted as LogMessage[]
    expect(reset!.entries.map((e) => e.source)).toEqual([
      { kind: 'frame', frameId: 0 },
      { kind: 'frame', frameId: 3 },
    ])
  })

  it('routes a command to the source of its connection, with nothing but the command', async () => {
    const sent: unknown[][] = []
    const { hub } = start(memoryStore().persistence, async (...args) => {
      sent.push(args)
      if (sent.length === 2) throw new Error('no frame with id 9')
    })
    const p = fakePort('panel', { url: `${EXTENSION}src/panel/index.html` })
    hub.connect(p.port)
    const command = { action: 'close', code: 4000, reason: 'bye' } as const
    p.send({ type: 'command', tabId: TAB, source: { kind: 'frame', frameId: 3 }, connectionId: 'c', commandId: 'k1', command, extra: 'x' })
    p.send({ type: 'command', tabId: TAB, source: { kind: 'frame', frameId: 9 }, connectionId: 'c', commandId: 'k2', command })
    p.send({ type: 'command', tabId: TAB, source: { kind: 'worker', frameId: 3 }, connectionId: 'c', commandId: 'k3', command })
    await settle()
    expect(sent).toEqual([
      [TAB, 3, { type: 'command', connectionId: 'c', commandId: 'k1', command }],
      [TAB, 9, { type: 'command', connectionId: 'c', commandId: 'k2', command }],
    ])
    expect(p.posted).toEqual([{ type: 'command-failed', tabId: TAB, commandId: 'k2', error: 'The page did not take the command: no frame with id 9' }])
  })

  it('keeps tabs apart, and refuses panels that are not extension pages', async () => {
    const store = memoryStore()
    const { hub, relay, panel } = start(store.persistence)
    relay('d1').send(batch('d1', 1, [created]))
    await settle()
    expect(panelView((await panel(null, TAB + 1)).posted).texts).toEqual([])
    const web = fakePort('panel', { url: 'http://evil/' })
    let disconnected = false
    web.port.disconnect = () => void (disconnected = true)
    hub.connect(web.port)
    expect(disconnected).toBe(true)
  })
})
