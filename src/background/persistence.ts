import { messageAt, putMessage, type Limits, type LogEntry, type MessageColumns, type Source, type TabEvent } from '../shared/protocol/index.ts'
import type { MessageEntry, StoredMessages, TabChanges, TabMeta } from './tab-log.ts'

/** What survives the background: tab logs and the cap. Acknowledgements to relays wait for `commit`. */
export interface Persistence {
  load(): Promise<{ limits: Limits | null; tabs: Array<{ meta: TabMeta; messages: StoredMessages[]; lifecycle: LogEntry[] }> }>
  commit(changes: { tabs: TabChanges[]; removedTabs: number[]; limits: Limits | null }): Promise<void>
  clear(): Promise<void>
}

const DB_NAME = 'wss-devtools-log'
// Version 2 stores each commit's entries as one record: a put per entry cost the browser process about
// 0.2 ms each, which at a few thousand messages a second halved the page's own WebSocket throughput.
// Version 3 stores a record's messages as columns (MessageRecord): IndexedDB's structured clone writes
// every key of every object, and as columns a put of 1 KiB messages took the worker 1.7-5 instead of
// 5-11 us per message (in Chromium's worker, 40 puts of 200).
// Version 4 stores where each message was captured (MessageRecord.sources) instead of a frame id.
// Version 5 keeps what the cap dropped per connection (TabMeta.dropped); records are rewritten without it.
const DB_VERSION = 5
const MESSAGES = 'messages'
const LIFECYCLE = 'lifecycle'
const TABS = 'tabs'
const SETTINGS = 'settings'

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
// A chunk is keyed [tabId, seq of its last entry]: the chunks wholly below a floor are one key range,
// and a chunk the floor cuts through is trimmed when it is read back. The cap drops per connection, so
// the tab log names the message records it emptied or wants written again (StoredRecords).
const below = (tabId: number, floor: number) => IDBKeyRange.bound([tabId, -1], [tabId, floor], false, true)
const wholeTab = (tabId: number) => IDBKeyRange.bound([tabId, -1], [tabId, Infinity])

/**
 * One commit's message entries of a tab, as columns. A record's messages come from few sources (the
 * frames that sent them), so each source is stored once and rows hold its index.
 */
export interface MessageRecord extends MessageColumns {
  seq: Float64Array
  sources: Source[]
  source: Uint32Array
}

export function messageRecord(entries: readonly TabEvent[]): MessageRecord {
  const n = entries.length
  const record: MessageRecord = {
    id: [],
    time: new Float64Array(n),
    flags: new Uint8Array(n),
    size: new Float64Array(n),
    data: [],
    seq: new Float64Array(n),
    sources: [],
    source: new Uint32Array(n),
  }
  // Entries from one relay port share one source object (relay-source.ts), so identity finds most repeats.
  const indexOf = new Map<Source, number>()
  for (let i = 0; i < n; i++) {
    const e = entries[i]!
    if (e.kind !== 'message') throw new Error(`not a message: ${e.kind}`)
    putMessage(record, i, e)
    record.seq[i] = e.seq
    let index = indexOf.get(e.source)
    if (index === undefined) indexOf.set(e.source, (index = record.sources.push(e.source) - 1))
    record.source[i] = index
  }
  return record
}

/** The entries of a record from `floor` on. */
export function messageEntries(record: MessageRecord, floor: number): MessageEntry[] {
  const entries: MessageEntry[] = []
  for (let i = 0; i < record.id.length; i++)
    if (record.seq[i]! >= floor) entries.push({ ...messageAt(record, i), source: record.sources[record.source[i]!]!, seq: record.seq[i]! } as MessageEntry)
  return entries
}

/** Each record with its key; the tab log leaves out what the cap dropped (TabMeta.dropped). */
async function readMessages(store: IDBObjectStore, tabId: number, floor: number): Promise<StoredMessages[]> {
  const keys = (await request(store.getAllKeys(wholeTab(tabId)))) as Array<[number, number]>
  const records = (await request(store.getAll(wholeTab(tabId)))) as MessageRecord[]
  return records.map((r, i) => ({ key: keys[i]![1], messages: messageEntries(r, floor) }))
}

async function readLifecycle(store: IDBObjectStore, tabId: number, floor: number): Promise<LogEntry[]> {
  const chunks = (await request(store.getAll(wholeTab(tabId)))) as LogEntry[][]
  return chunks.flat().filter((e) => e.seq >= floor)
}

/** IndexedDB: it works in Chrome's service worker and Firefox's event page, and holds binary as bytes. */
export async function openIndexedDb(): Promise<Persistence> {
  const open = indexedDB.open(DB_NAME, DB_VERSION)
  open.onupgradeneeded = () => {
    // Logs live for one browser session only (see index.ts), so an older layout is simply dropped.
    const db = open.result
    for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name)
    for (const name of [MESSAGES, LIFECYCLE, TABS, SETTINGS]) db.createObjectStore(name)
  }
  const db = await request(open)

  return {
    async load() {
      const tx = db.transaction([MESSAGES, LIFECYCLE, TABS, SETTINGS], 'readonly')
      const limits = ((await request(tx.objectStore(SETTINGS).get('limits'))) as Limits | undefined) ?? null
      const metas = (await request(tx.objectStore(TABS).getAll())) as TabMeta[]
      const tabs = await Promise.all(
        metas.map(async (meta) => ({
          meta,
          messages: await readMessages(tx.objectStore(MESSAGES), meta.tabId, meta.messageFloor),
          lifecycle: await readLifecycle(tx.objectStore(LIFECYCLE), meta.tabId, meta.lifecycleFloor),
        })),
      )
      return { limits, tabs }
    },
    async commit({ tabs, removedTabs, limits }) {
      const tx = db.transaction([MESSAGES, LIFECYCLE, TABS, SETTINGS], 'readwrite')
      const messages = tx.objectStore(MESSAGES)
      const lifecycle = tx.objectStore(LIFECYCLE)
      if (limits) tx.objectStore(SETTINGS).put(limits, 'limits')
      for (const tabId of removedTabs) {
        messages.delete(wholeTab(tabId))
        lifecycle.delete(wholeTab(tabId))
        tx.objectStore(TABS).delete(tabId)
      }
      for (const { meta, entries, deletedRecords, rewrittenRecords } of tabs) {
        messages.delete(below(meta.tabId, meta.messageFloor))
        lifecycle.delete(below(meta.tabId, meta.lifecycleFloor))
        for (const key of deletedRecords) messages.delete([meta.tabId, key])
        for (const { key, entries } of rewrittenRecords) messages.put(messageRecord(entries), [meta.tabId, key])
        const newMessages = entries.filter((e) => e.kind === 'message')
        const newLifecycle = entries.filter((e) => e.kind !== 'message')
        if (newMessages.length > 0) messages.put(messageRecord(newMessages), [meta.tabId, newMessages.at(-1)!.seq])
        if (newLifecycle.length > 0) lifecycle.put(newLifecycle, [meta.tabId, newLifecycle.at(-1)!.seq])
        tx.objectStore(TABS).put(meta, meta.tabId)
      }
      await done(tx)
    },
    async clear() {
      const tx = db.transaction([MESSAGES, LIFECYCLE, TABS], 'readwrite')
      for (const name of [MESSAGES, LIFECYCLE, TABS]) tx.objectStore(name).clear()
      await done(tx)
    },
  }
}
