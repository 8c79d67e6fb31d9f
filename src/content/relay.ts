// Entry of the isolated-world content script: takes the page script's MessagePort in the handshake and
// forwards its batches to the background. Listed before the MAIN-world script in the manifest so that
// its capturing listener exists before the handshake is posted and no page listener sees it.
import type Browser from 'webextension-polyfill'
import {
  HANDSHAKE_TOKEN,
  RELAY_PORT,
  isBackgroundToRelay,
  isPageBatch,
  type RelayToBackground,
  type RelayToPage,
} from '../shared/protocol.ts'
import { atDocumentStart } from './document-start.ts'
import { createOutbox, type RelayBatch } from './outbox.ts'
import { runtime } from './runtime.ts'

const RESEND_DELAY_MS = 100
/** The top frame's hello (a new page load, for the background) waits for an idle moment, at most this. */
const HELLO_WITHIN_MS = 1000
/** Only Firefox's content scripts have cloneInto, and only there do page objects live in another compartment. */
const PAGE_COMPARTMENT = typeof (globalThis as { cloneInto?: unknown }).cloneInto === 'function'

function onHandshake(event: MessageEvent): void {
  if (event.source !== window || event.data !== HANDSHAKE_TOKEN || event.ports.length !== 1) return
  event.stopImmediatePropagation()
  removeEventListener('message', onHandshake, { capture: true })
  relay(event.ports[0]!)
}
// Never in a document that was open before we were (Firefox injects into those): a page script could
// hand us a port of its own there (document-start.ts).
if (atDocumentStart()) addEventListener('message', onHandshake, { capture: true })

function relay(pagePort: MessagePort): void {
  // A new id per document: the background tells a reconnect (same id) from a new page load (new id).
  const doc = crypto.randomUUID()
  const hello: RelayToBackground = { type: 'hello', doc, top: window === window.top, url: location.href }
  const outbox = createOutbox(doc)
  let background: Browser.Runtime.Port | null = null
  let resendTimer: ReturnType<typeof setTimeout> | undefined
  let commandsHeard = false

  // Close-lab commands reach this frame as runtime messages; only the background can send those.
  const listenForCommands = () =>
    runtime().onMessage.addListener((message, _sender, sendResponse) => {
      if (!isBackgroundToRelay(message) || message.type !== 'command') return
      const command: RelayToPage = message
      pagePort.postMessage(command)
      sendResponse(true)
    })
  const connect = () => {
    const port = runtime().connect({ name: RELAY_PORT })
    // A command is for a live connection, and this frame has connected to report it before any can come.
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
    port.postMessage(hello)
    for (const batch of outbox.unacknowledged()) port.postMessage(batch)
    return port
  }
  const quiet = () => {
    // The extension was reloaded or removed: this old script goes quiet without touching the page.
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
    if (!isPageBatch(data)) return outbox.add([], 0, 1)
    return outbox.add(data.events, data.dropped, 0)
  }

  // Connecting is the costly part of the relay: the top frame says hello once the page is idle (a batch
  // that comes first connects, hello first), other frames only when they have something to send.
  if (hello.top) requestIdleCallback(resend, { timeout: HELLO_WITHIN_MS })
  pagePort.onmessage = (event) => {
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
  const ready: RelayToPage = { type: 'ready' }
  pagePort.postMessage(ready)
}
