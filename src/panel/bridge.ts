import browser from 'webextension-polyfill'
import { PANEL_PORT, isBackgroundToPanel, type PanelToBackground } from '../shared/protocol.ts'
import type { Store } from './store/store.ts'

const RECONNECT_DELAY_MS = 250

/**
 * Keeps the panel subscribed to its tab. The background (a service worker in Chrome) may stop at any
 * time; when the port drops we reconnect and the background answers with a fresh `reset`.
 */
export function connectToBackground(tabId: number, store: Store): void {
  const port = browser.runtime.connect({ name: PANEL_PORT })
  store.connected.value = true
  port.onMessage.addListener((message: unknown) => {
    if (!isBackgroundToPanel(message) || message.tabId !== tabId) return
    if (message.type === 'reset') store.reset(message.events)
    else store.add(message.events)
  })
  port.onDisconnect.addListener(() => {
    store.connected.value = false
    setTimeout(() => connectToBackground(tabId, store), RECONNECT_DELAY_MS)
  })
  const subscribe: PanelToBackground = { type: 'subscribe', tabId }
  port.postMessage(subscribe)
}

/** The inspected tab: `?tabId=` when the panel runs as a page of its own, else DevTools' inspected window. */
export function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId')
  if (fromQuery !== null) return Number.isInteger(Number(fromQuery)) ? Number(fromQuery) : null
  return browser.devtools?.inspectedWindow?.tabId ?? null
}
