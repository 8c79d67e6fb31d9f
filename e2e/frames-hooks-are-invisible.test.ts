// The hooks that reach new windows (contentWindow, contentDocument, defaultView, open) and the realms
// they instrument look native: the same script gives the same answers with and without the extension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlayground, type Playground } from '../playground/server.ts'
import { launchChromium } from '../drivers/chromium.ts'

/** What a page can learn about the hooks and about a realm it reached early. Plain JavaScript (see frames-every-frame). */
const INSPECT = `async ({ base, cross, echo }) => {
  const describe = (holder, name) => {
    const d = Object.getOwnPropertyDescriptor(holder, name)
    const fn = d.get ?? d.value
    let illegal
    try { (d.get ?? d.value).call({}) } catch (error) { illegal = error.constructor.name + ': ' + error.message }
    return { keys: Object.keys(d), enumerable: d.enumerable, configurable: d.configurable, writable: d.writable,
      name: fn.name, length: fn.length, source: Function.prototype.toString.call(fn), illegal }
  }
  const out = {
    contentWindow: describe(HTMLIFrameElement.prototype, 'contentWindow'),
    contentDocument: describe(HTMLIFrameElement.prototype, 'contentDocument'),
    frameWindow: describe(HTMLFrameElement.prototype, 'contentWindow'),
    objectDocument: describe(HTMLObjectElement.prototype, 'contentDocument'),
    defaultView: describe(Document.prototype, 'defaultView'),
    documentOpen: describe(Document.prototype, 'open'),
    open: describe(window, 'open'),
    globals: Object.getOwnPropertyNames(window).length,
    symbols: Object.getOwnPropertySymbols(window).length,
  }
  const gap = document.createElement('iframe')
  gap.src = base + 'blank.html?gap'
  document.body.appendChild(gap)
  const w = gap.contentWindow
  out.gap = {
    same: w === gap.contentWindow && w === frames[0] && gap.contentDocument.defaultView === w && gap.contentDocument === w.document,
    globals: Object.getOwnPropertyNames(w).length,
    webSocket: describe(w, 'WebSocket'),
    ownSource: w.Function.prototype.toString.call(w.WebSocket),
    send: w.Function.prototype.toString.call(w.WebSocket.prototype.send),
    constructor: w.WebSocket.prototype.constructor === w.WebSocket,
    instance: new w.WebSocket(echo) instanceof w.WebSocket,
    notConstructed: (() => { try { w.WebSocket(echo) } catch (error) { return error instanceof w.TypeError } })(),
  }
  const crossFrame = document.createElement('iframe')
  crossFrame.src = cross + 'blank.html'
  document.body.appendChild(crossFrame)
  await new Promise((resolve) => crossFrame.addEventListener('load', resolve, { once: true }))
  out.cross = { document: crossFrame.contentDocument, window: crossFrame.contentWindow === frames[1] }
  const popup = open('about:blank')
  out.popup = popup === popup.window && popup.opener === window
  popup.close()
  return out
}`

describe('Chromium: the frame hooks cannot be told apart from native', () => {
  let playground: Playground
  beforeAll(async () => {
    playground = await startPlayground()
  })
  afterAll(async () => {
    await playground?.close()
  })

  it('same descriptors, names, lengths, sources, errors, identities and globals with and without the extension', async () => {
    const runs = []
    for (const extension of [false, true]) {
      const chromium = await launchChromium({ extension })
      try {
        const page = await chromium.newPage()
        const console: string[] = []
        page.on('console', (message) => console.push(message.text()))
        await page.goto(`${playground.url}blank.html`)
        const args = { base: playground.url, cross: playground.url.replace('127.0.0.1', 'localhost'), echo: `${playground.wsBase}/echo` }
        runs.push({ seen: await page.evaluate(`(${INSPECT})(${JSON.stringify(args)})`), console })
      } finally {
        await chromium.close()
      }
    }
    const [without, withExtension] = runs
    expect(withExtension).toEqual(without)
    // The comparison is only worth something if the script saw what a page sees of native code.
    expect(without!.seen).toMatchObject({
      contentWindow: { name: 'get contentWindow', source: 'function get contentWindow() { [native code] }' },
      gap: { same: true, ownSource: 'function WebSocket() { [native code] }', instance: true, notConstructed: true },
      cross: { document: null, window: true },
      popup: true,
    })
  })
})
