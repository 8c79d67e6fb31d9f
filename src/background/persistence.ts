import type { Limits, LogEntry, TabEvent } from '../shared/protocol.ts'
import type { TabChanges, TabMeta } from './tab-log.ts'

/** What survives the background: tab logs and the cap. Acknowledgements to relays wait for `commit`. */
export interface Persistence {
  load(): Promise<{ limits: Limits | null; tabs: Array<{ meta: TabMeta; messages: TabEvent[]; lifecycle: LogEntry[] }> }>
  commit(changes: { tabs: TabChanges[]; removedTabs: number[]; limits: Limits | null }): Promise<void>
  clear(): Promise<void>
}

const DB_NAME = 'wss-devtools-log'
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
// Entries are keyed [tabId, seq]: a tab's log, or everything below a floor, is one key range.
const below = (tabId: number, floor: number) => IDBKeyRange.bound([tabId, -1], [tabId, floor], false, true)
const wholeTab = (tabId: number) => IDBKeyRange.bound([tabId, -1], [tabId, Infinity])

/** IndexedDB: it works in Chrome's service worker and Firefox's event page, and holds binary as bytes. */
export async function openIndexedDb(): Promise<Persistence> {
  const open = indexedDB.open(DB_NAME, 1)
  open.onupgradeneeded = () => {
    for (const name of [MESSAGES, LIFECYCLE, TABS, SETTINGS]) open.result.createObjectStore(name)
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
          messages: (await request(tx.objectStore(MESSAGES).getAll(wholeTab(meta.tabId)))) as TabEvent[],
          lifecycle: (await request(tx.objectStore(LIFECYCLE).getAll(wholeTab(meta.tabId)))) as LogEntry[],
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
        for (const e of entries) (e.kind === 'message' ? messages : lifecycle).put(e, [meta.tabId, e.seq])
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
