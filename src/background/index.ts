// Entry of the background (a service worker in Chrome, an event page in Firefox): a router from the
// content scripts of each tab to the panels inspecting that tab, with each tab's log kept in IndexedDB
// so that it survives the worker being stopped. See hub.ts and ARCHITECTURE.md, "Delivery".
import browser from 'webextension-polyfill'
import { createHub } from './hub.ts'
import { openIndexedDb, type Persistence } from './persistence.ts'

const SESSION_KEY = 'wss-devtools:session'

/**
 * Tab ids start again in every browser session, so logs from an earlier session must not be shown
 * for a new tab that happens to get the same id. storage.session is emptied when the browser quits.
 */
async function openForThisSession(): Promise<Persistence> {
  const persistence = await openIndexedDb()
  const marker = await browser.storage.session.get(SESSION_KEY)
  if (!marker[SESSION_KEY]) {
    await persistence.clear()
    await browser.storage.session.set({ [SESSION_KEY]: true })
  }
  return persistence
}

const opened = openForThisSession()
const hub = createHub({
  persistence: {
    load: async () => (await opened).load(),
    commit: async (changes) => (await opened).commit(changes),
    clear: async () => (await opened).clear(),
  },
  extensionUrl: browser.runtime.getURL(''),
  sendToFrame: (tabId, frameId, message) => browser.tabs.sendMessage(tabId, message, { frameId }),
})

// Registered synchronously, as a service worker must; the hub holds messages until the logs are loaded.
browser.runtime.onConnect.addListener(hub.connect)
browser.tabs.onRemoved.addListener(hub.removeTab)
