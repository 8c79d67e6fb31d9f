// Entry of the isolated-world content script: takes the page script's MessagePort in the handshake and
// forwards its batches to the background. Listed before the MAIN-world script in the manifest so that
// its capturing listener exists before the handshake is posted and no page listener sees it.
import browser from 'webextension-polyfill'
import { HANDSHAKE_TOKEN, RELAY_PORT, isPageBatch, type RelayToBackground } from '../shared/protocol.ts'

function onHandshake(event: MessageEvent): void {
  if (event.source !== window || event.data !== HANDSHAKE_TOKEN || event.ports.length !== 1) return
  event.stopImmediatePropagation()
  removeEventListener('message', onHandshake, { capture: true })
  relay(event.ports[0]!)
}
addEventListener('message', onHandshake, { capture: true })

function relay(pagePort: MessagePort): void {
  let background: browser.Runtime.Port | null = null
  const connect = () => {
    const port = browser.runtime.connect({ name: RELAY_PORT })
    port.onDisconnect.addListener(() => {
      if (background === port) background = null
    })
    return port
  }
  const send = (message: RelayToBackground) => {
    try {
      background ??= connect()
      background.postMessage(message)
    } catch {
      // The extension was reloaded or removed: this old script goes quiet without touching the page.
      pagePort.onmessage = null
      pagePort.close()
    }
  }
  if (window === window.top) send({ type: 'navigated', url: location.href })
  pagePort.onmessage = (event) => {
    if (isPageBatch(event.data)) send({ type: 'events', events: event.data.events })
  }
}
