import browser from 'webextension-polyfill'
import { PANEL_PORT, isBackgroundToPanel, isLogEntry, type PanelToBackground } from '../shared/protocol/index.ts'
import type { Store } from './store/store.ts'

const RECONNECT_DELAY_MS = 250
const RESUBSCRIBE_MS = 2_000

/**
 * Keeps the panel subscribed to its tab. The background (a service worker in Chrome) may stop at any
 * time; when the port drops we reconnect and subscribe again with the last seq we hold, so the
 * background sends only what we lack (or a reset, if it cannot).
 */
export function connectToBackground(tabId: number, store: Store): void {
  const port = browser.runtime.connect({ name: PANEL_PORT })
  const post = (message: PanelToBackground) => port.postMessage(message)
  let reconnecting = false
  let answered = true
  const reconnect = () => {
    if (reconnecting) return
    reconnecting = true
    clearInterval(heartbeat)
    try {
      port.disconnect()
    } catch {
      // Already gone.
    }
    store.connected.value = false
    store.setSender(null)
    setTimeout(() => connectToBackground(tabId, store), RECONNECT_DELAY_MS)
  }
  // After a worker stop the port can be left dead without onDisconnect, or the new worker may not know
  // us (seen in e2e/hostile-faults-leave-the-page-working.test.ts). Subscribing again now and then is
  // idempotent for the background and heals both. The background answers every subscribe (with entries
  // or a reset, maybe empty), so a port that stayed silent since the last one is dead even when posting
  // to it does not throw.
  const heartbeat = setInterval(() => {
    if (!answered) return reconnect()
    answered = false
    try {
      post({ type: 'subscribe', tabId, after: store.lastSeq() })
    } catch {
      reconnect()
    }
  }, RESUBSCRIBE_MS)
  store.connected.value = true
  port.onMessage.addListener((message: unknown) => {
    answered = true
    if (!isBackgroundToPanel(message)) return store.countRejected(1)
    if (message.tabId !== tabId) return
    if (message.type === 'command-failed') return store.commandFailed(message.commandId, message.error)
    const entries = message.entries.filter(isLogEntry)
    if (entries.length < message.entries.length) store.countRejected(message.entries.length - entries.length)
    if (message.type === 'reset') store.reset(entries, message.state)
    else store.add(entries, message.state)
  })
  port.onDisconnect.addListener(reconnect)
  post({ type: 'subscribe', tabId, after: store.lastSeq() })
  store.setSender({ tabId, post })
}

/** The inspected tab: `?tabId=` when the panel runs as a page of its own, else DevTools' inspected window. */
export function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId')
  if (fromQuery !== null) return Number.isInteger(Number(fromQuery)) ? Number(fromQuery) : null
  return browser.devtools?.inspectedWindow?.tabId ?? null
}
