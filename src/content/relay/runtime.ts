import type Browser from 'webextension-polyfill'

/** What `chrome.runtime` and Firefox's `browser.runtime` both offer a content script, as the relay uses it. */
interface Runtime {
  connect(info: { name: string }): Browser.Runtime.Port
  onMessage: { addListener(listener: (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => void): void }
}

/**
 * The relay's extension API, looked up on first use and without webextension-polyfill. Looking it up
 * and connecting were most of what the relay cost a page load (1.2-1.8 ms of the main thread before the
 * load event, 0.6 ms without them; bench section 4): a frame whose page opens no socket never needs them. Firefox has `browser`, Chromium `chrome`; the relay uses only what behaves alike in both:
 * `connect`, ports, and an onMessage listener that answers with `sendResponse`.
 */
export function runtime(): Runtime {
  return ((globalThis as { browser?: { runtime: Runtime } }).browser ?? (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome).runtime
}
