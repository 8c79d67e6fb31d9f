import type Browser from 'webextension-polyfill'

/** What `chrome.runtime` and Firefox's `browser.runtime` both offer a content script, as the relay uses it. */
interface Runtime {
  connect(info: { name: string }): Browser.Runtime.Port
  onMessage: { addListener(listener: (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => void): void }
}

/**
 * The relay's extension API without webextension-polyfill: the polyfill is 10 KB of wrappers the relay
 * does not use, parsed and run in the isolated world of every frame of every page. Firefox has `browser`,
 * Chromium `chrome`; the relay uses only what behaves alike in both: `connect`, ports, and an onMessage
 * listener that answers with `sendResponse`.
 */
export const runtime: Runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ?? (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome).runtime
