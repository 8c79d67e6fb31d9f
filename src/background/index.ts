// Entry of the background (a service worker in Chrome, an event page in Firefox): a router from the
// content scripts of each tab to the panels inspecting that tab. It holds each tab's log so that a
// panel opened late still sees the history.
import browser from 'webextension-polyfill'
import {
  PANEL_PORT,
  RELAY_PORT,
  isPanelToBackground,
  isRelayToBackground,
  validateEvents,
  type BackgroundToPanel,
} from '../shared/protocol.ts'
import { TabLog } from './tab-log.ts'

const logs = new Map<number, TabLog>()
const panels = new Map<number, Set<browser.Runtime.Port>>()

function logFor(tabId: number): TabLog {
  let log = logs.get(tabId)
  if (!log) logs.set(tabId, (log = new TabLog()))
  return log
}

function post(port: browser.Runtime.Port, message: BackgroundToPanel): void {
  try {
    port.postMessage(message)
  } catch {
    // A panel that closed between our check and the post; onDisconnect removes it.
  }
}

function onRelay(port: browser.Runtime.Port): void {
  const tabId = port.sender?.tab?.id
  const frameId = port.sender?.frameId ?? 0
  if (tabId === undefined) return port.disconnect()
  port.onMessage.addListener((message: unknown) => {
    if (!isRelayToBackground(message)) return
    if (message.type === 'navigated') {
      if (frameId !== 0) return
      const log = new TabLog()
      logs.set(tabId, log)
      for (const panel of panels.get(tabId) ?? []) post(panel, { type: 'reset', tabId, events: log.events })
      return
    }
    const { events } = validateEvents(message.events)
    if (events.length === 0) return
    const added = logFor(tabId).append(frameId, events)
    for (const panel of panels.get(tabId) ?? []) post(panel, { type: 'events', tabId, events: added })
  })
}

function onPanel(port: browser.Runtime.Port): void {
  // Only our own pages may subscribe; a content script's sender url is the web page's.
  if (!port.sender?.url?.startsWith(browser.runtime.getURL(''))) return port.disconnect()
  port.onMessage.addListener((message: unknown) => {
    if (!isPanelToBackground(message)) return
    const { tabId } = message
    let set = panels.get(tabId)
    if (!set) panels.set(tabId, (set = new Set()))
    set.add(port)
    port.onDisconnect.addListener(() => set.delete(port))
    post(port, { type: 'reset', tabId, events: logFor(tabId).events })
  })
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name === RELAY_PORT) onRelay(port)
  else if (port.name === PANEL_PORT) onPanel(port)
  else port.disconnect()
})

browser.tabs.onRemoved.addListener((tabId) => {
  logs.delete(tabId)
  panels.delete(tabId)
})
