import type browser from 'webextension-polyfill'

/** Posts to a runtime port that may have closed since we last heard from it. */
export function post(port: browser.Runtime.Port, message: unknown): void {
  try {
    port.postMessage(message)
  } catch {
    // A port that closed between our check and the post; onDisconnect cleans up after it.
  }
}
