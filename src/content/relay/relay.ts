// Entry of the isolated-world content script: takes the page script's MessagePort in the handshake and
// forwards its batches to the background. Listed before the MAIN-world script in the manifest so that
// its capturing listeners exist before the handshake starts and no page listener sees it
// (src/content/page/channel.ts).
import type Browser from 'webextension-polyfill'
import {
  HANDSHAKE_TOKEN,
  RELAY_PORT,
  isBackgroundToRelay,
  isPageBatch,
  type RelayBatch,
  type RelayToBackground,
  type RelayToPage,
} from '../../shared/protocol/index.ts'
import { atDocumentStart } from '../document-start.ts'
import { createOutbox } from './outbox.ts'
import { runtime } from './runtime.ts'

const RESEND_DELAY_MS = 100
/** The top frame's hello (a new page load, for the background) waits for an idle moment, at most this. */
const HELLO_WITHIN_MS = 1000
/** Only Firefox's content scripts have cloneInto, and only there do page objects live in another compartment. */
const PAGE_COMPARTMENT = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function'

/**
 * This document's link to the background. It connects lazily: the top frame says hello once the page is
 * idle (a new page load, for the background), every frame when it has a batch to send; connecting is
 * the costly part of the relay. The page's port arrives with its first event (src/content/page/channel.ts).
 */
function createLink() {
  // A new id per document: the background tells a reconnect (same id) from a new page load (new id).
  // From the relay's own Math.random, which no page can observe: crypto would cost this world the setup
  // of its interface at every page load.
  const doc = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)
  const top = window === window.top
  const outbox = createOutbox(doc)
  let pagePort: MessagePort | null = null
  let background: Browser.Runtime.Port | null = null
  let resendTimer: ReturnType<typeof setTimeout> | undefined
  let commandsHeard = false

  // Close-lab commands reach this frame as runtime messages; only the background can send those. A
  // command is for a live connection, which this frame reported through its port.
  const listenForCommands = () =>
    runtime().onMessage.addListener((message, _sender, sendResponse) => {
      if (!isBackgroundToRelay(message) || message.type !== 'command' || !pagePort) return
      const command: RelayToPage = message
      pagePort.postMessage(command)
      sendResponse(true)
    })
  const connect = () => {
    const port = runtime().connect({ name: RELAY_PORT })
    if (!commandsHeard) {
      commandsHeard = true
      listenForCommands()
    }
    port.onMessage.addListener((message: unknown) => {
      if (isBackgroundToRelay(message) && message.type === 'ack' && message.doc === doc) outbox.ack(message.seq)
    })
    port.onDisconnect.addListener(() => {
      if (background !== port) return
      background = null
      // The background stopped (or restarted): whatever it had not made durable goes again.
      if (outbox.unacknowledged().length > 0) resendTimer ??= setTimeout(resend, RESEND_DELAY_MS)
    })
    const hello: RelayToBackground = { type: 'hello', doc, top, url: location.href }
    port.postMessage(hello)
    for (const batch of outbox.unacknowledged()) port.postMessage(batch)
    return port
  }
  const quiet = () => {
    // The extension was reloaded or removed: this old script goes quiet without touching the page.
    if (!pagePort) return
    pagePort.onmessage = null
    pagePort.close()
  }
  const resend = () => {
    clearTimeout(resendTimer)
    resendTimer = undefined
    try {
      background ??= connect()
    } catch {
      quiet()
    }
  }
  const send = (batch: RelayBatch) => {
    if (!background) return resend()
    try {
      background.postMessage(batch)
    } catch {
      // A port whose worker just stopped can throw before its onDisconnect arrives. That is not a reload:
      // reconnect, which resends every unacknowledged batch; only a failing connect means we are orphaned.
      background = null
      resend()
    }
  }
  const take = (data: unknown) => {
    if (!isPageBatch(data)) return outbox.add([], undefined, 0, 1)
    return outbox.add(data.events, data.messages, data.dropped, 0)
  }

  if (top) requestIdleCallback(resend, { timeout: HELLO_WITHIN_MS })
  return {
    attach(port: MessagePort): void {
      pagePort = port
      port.onmessage = (event) => {
        let data: unknown = event.data
        // In Firefox the data belongs to the page's compartment; a clone makes it ours before we look at it.
        // Chromium hands us our own copy already, and a second one would cost the page's thread.
        if (PAGE_COMPARTMENT)
          try {
            data = structuredClone(data)
          } catch {
            data = null
          }
        const batch = take(data)
        if (batch) send(batch)
      }
    },
  }
}

/**
 * Hears the page script's secret at document_start, once, then takes the port that comes with the first
 * event of that secret type. Both events are stopped and cancelled: cancelling tells the page script
 * that the relay has them. The page never sees either.
 */
function listenForHandshake(link: ReturnType<typeof createLink>): void {
  const onPort = (event: Event) => {
    const { ports } = event as MessageEvent
    if (ports.length !== 1) return
    event.stopImmediatePropagation()
    event.preventDefault()
    removeEventListener(event.type, onPort, { capture: true })
    link.attach(ports[0]!)
  }
  const onSecret = (event: Event) => {
    const secret: unknown = (event as MessageEvent).data
    if (typeof secret !== 'string') return
    event.stopImmediatePropagation()
    event.preventDefault()
    removeEventListener(HANDSHAKE_TOKEN, onSecret, { capture: true })
    addEventListener(secret, onPort, { capture: true })
  }
  addEventListener(HANDSHAKE_TOKEN, onSecret, { capture: true })
}

// Never in a document that was open before we were (Firefox injects into those): a page script could
// hand us a port of its own there (document-start.ts).
if (atDocumentStart()) listenForHandshake(createLink())
