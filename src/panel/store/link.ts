import { signal } from '@preact/signals'
import type { PanelToBackground } from '../../shared/protocol/index.ts'

export interface Sender {
  tabId: number
  post(message: PanelToBackground): void
}

/** The panel's link to the background, which the bridge keeps up: requests made while it is down wait for it. */
export function createLink() {
  const connected = signal(false)
  let sender: Sender | null = null
  const unsent: Array<(tabId: number) => PanelToBackground> = []
  return {
    connected,
    /** Sends now, or as soon as there is a sender; the message is made for the tab the sender serves. */
    request(message: (tabId: number) => PanelToBackground): void {
      if (sender) sender.post(message(sender.tabId))
      else unsent.push(message)
    },
    /** Where requests to the background go; null while disconnected (they wait). */
    setSender(next: Sender | null): void {
      sender = next
      if (sender) for (const message of unsent.splice(0)) sender.post(message(sender.tabId))
    },
  }
}

export type Link = ReturnType<typeof createLink>
