import type { Limits, LogEntry, TabEvent } from '../shared/protocol.ts'
import type { TabChanges, TabMeta } from './tab-log.ts'

/** What survives the background: tab logs and the cap. Acknowledgements to relays wait for `commit`. */
export interface Persistence {
  load(): Promise<{ limits: Limits | null; tabs: Array<{ meta: TabMeta; messages: TabEvent[]; lifecycle: LogEntry[] }> }>
  commit(changes: { tabs: TabChanges[]; removedTabs: number[]; limits: Limits | null }): Promise<void>
  clear(): Promise<void>
}

const DB_NAME = 'wss-devtools-log'
// Version 2 stores each commit's entries as one record: a put per entry cost the browser process about
// 0.2 ms each, which at a few thousand messages a second halved the page's own WebSocket throughput.
const DB_VERSION = 2
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
// and a chunk the floor cuts through is trimmed when it is read back.
const below = (tabId: number, floor: number) => IDBKeyRange.bound([tabId, -1], [tabId, floor], false, true)
const wholeTab = (tabId: number) => IDBKeyRange.bound([tabId, -1], [tabId, Infinity])

async function readChunks<T extends LogEntry>(store: IDBObjectStore, tabId: number, floor: number): Promise<T[]> {
  const chunks = (await request(store.getAll(wholeTab(tabId)))) as T[][]
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
          messages: await readChunks<TabEvent>(tx.objectStore(MESSAGES), meta.tabId, meta.messageFloor),
          lifecycle: await readChunks<LogEntry>(tx.objectStore(LIFECYCLE), meta.tabId, meta.lifecycleFloor),
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
      for (const { meta, entries } of tabs) {
        messages.delete(below(meta.tabId, meta.messageFloor))
        lifecycle.delete(below(meta.tabId, meta.lifecycleFloor))
        const newMessages = entries.filter((e) => e.kind === 'message')
        const newLifecycle = entries.filter((e) => e.kind !== 'message')
        if (newMessages.length > 0) messages.put(newMessages, [meta.tabId, newMessages.at(-1)!.seq])
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
