// Chromium, in the real DevTools: the HAR our panel's Export HAR saves opens in Chrome's own Network
// panel through its "Import HAR file…" button. Each socket is listed as a WebSocket request, and its
// Messages tab lists the socket's messages: text as it was sent, binary as base64 with opcode 2. They
// match the frames Chrome's Network panel recorded for the same sockets while they were open, and the
// file says of each socket what Chrome's own Export HAR says of it (url, status 101, resource type, the
// fields and contents of `_webSocketMessages`; not the times, which Chrome takes from another clock).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cdp, TargetInfo } from '../drivers/cdp.ts'
import { waitFor } from '../drivers/wait.ts'
import type { Page } from 'playwright-core'
import type { DevToolsPanelDriver } from '../drivers/panel.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
import { saveScreenshot } from './helpers/screenshots.ts'

const chromium = useChromiumAndPlayground()
let page: Page | undefined
let panel: DevToolsPanelDriver | undefined
beforeAll(async () => {
  page = await chromium.chromium.newPage()
  await page.goto(chromium.playground.url)
  panel = await chromium.chromium.openDevToolsPanel(page)
})
afterAll(async () => {
  await panel?.close().catch(() => {})
})
/** The playground, Chromium, the inspected page and our panel in its real DevTools. */
const env = {
  get playground() {
    return chromium.playground
  },
  get chromium() {
    return chromium.chromium
  },
  get page() {
    if (!page) throw new Error('the inspected page has not started')
    return page
  },
  get panel() {
    if (!panel) throw new Error('the DevTools panel has not started')
    return panel
  },
}
const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))
let network: NetworkPanel | undefined

beforeAll(async () => {
  await env.chromium.downloadsTo(downloads)
  network = await attachNetworkPanel(env.chromium.cdp)
})

afterAll(() => {
  rmSync(downloads, { recursive: true, force: true })
})

const binary = (bytes: number[]) => Buffer.from(bytes).toString('base64')
const exchange = (text: string, bytes: number[]) => [
  { type: 'send', opCode: 1, text },
  { type: 'receive', opCode: 1, text },
  { type: 'send', opCode: 2, text: binary(bytes) },
  { type: 'receive', opCode: 2, text: binary(bytes) },
]

describe("Export HAR opens in Chrome's Network panel", () => {
  it('lists each socket as a WebSocket request with its text and binary messages', async () => {
    const net = network!
    const socketUrl = `${env.playground.wsBase}/echo?api=WebSocket`
    const streamUrl = `${env.playground.wsBase}/echo?api=WebSocketStream`
    await env.page.evaluate(
      async ({ socketUrl, streamUrl }) => {
        const socket = new WebSocket(socketUrl)
        socket.binaryType = 'arraybuffer'
        await new Promise((resolve) => socket.addEventListener('open', resolve))
        for (const message of ['hello', new Uint8Array([0, 1, 0xfe, 0xff])]) {
          socket.send(message)
          await new Promise((resolve) => socket.addEventListener('message', resolve, { once: true }))
        }
        const stream = new WebSocketStream(streamUrl)
        const { readable, writable } = await stream.opened
        const writer = writable.getWriter()
        const reader = readable.getReader()
        for (const message of ['héllo, stream', new Uint8Array([9, 8, 7])]) {
          await writer.write(message)
          await reader.read()
        }
      },
      { socketUrl, streamUrl },
    )
    const expected = [
      { url: socketUrl, resourceType: 'websocket', frames: exchange('hello', [0, 1, 0xfe, 0xff]) },
      { url: streamUrl, resourceType: 'websocket', frames: exchange('héllo, stream', [9, 8, 7]) },
    ]
    await env.panel.waitFor('our panel to hold all 8 messages', `document.querySelectorAll('section[aria-label="Timeline"] [role="row"].message').length === 8`)
    // Chrome's own record of the same sockets, made by the Network panel while they were open.
    const recorded = await waitFor("Chrome's Network panel to record both sockets' frames", async () => {
      const requests = (await net.requests()).filter((r) => r.url === socketUrl || r.url === streamUrl)
      return requests.length === 2 && requests.every((r) => r.frames.length === 4) && requests
    })
    expect(recorded.map(logged)).toEqual(expected)
    const chromes = await net.harOf([socketUrl, streamUrl])

    await env.panel.click('button[data-action="export-har"]')
    const name = await waitFor('the HAR export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.har$/.test(f)), 10_000)
    // Ours says of each socket what Chrome's own HAR export says of it, in the same fields.
    const ours = (JSON.parse(readFileSync(join(downloads, name), 'utf8')) as { log: { entries: HarEntry[] } }).log.entries
    expect(ours.map(comparable)).toEqual(chromes.map(comparable))

    const failure = await net.importWithButton(join(downloads, name))
    expect(failure, 'DevTools logged that it could not load the HAR').toBeUndefined()
    const imported = await waitFor('the imported requests in the Network log', async () => {
      const requests = await net.requests()
      return requests.length > 0 && requests.every((r) => r.imported) && requests
    })
    expect(imported.map(logged)).toEqual(expected)

    expect(await net.listedRows()).toEqual([
      { url: socketUrl, status: '101', type: 'websocket' },
      { url: streamUrl, status: '101', type: 'websocket' },
    ])
    expect(await net.messagesTab(socketUrl)).toEqual([
      { direction: 'send', data: 'hello', length: '5' },
      { direction: 'receive', data: 'hello', length: '5' },
      { direction: 'send', data: 'Binary message', length: '4 B' },
      { direction: 'receive', data: 'Binary message', length: '4 B' },
    ])
    expect(await net.selectMessage(3)).toEqual(['00', '01', 'FE', 'FF'])
    expect(await net.messagesTab(streamUrl)).toEqual([
      { direction: 'send', data: 'héllo, stream', length: '13' },
      { direction: 'receive', data: 'héllo, stream', length: '13' },
      { direction: 'send', data: 'Binary message', length: '3 B' },
      { direction: 'receive', data: 'Binary message', length: '3 B' },
    ])
    if (env.panel.screenshot) saveScreenshot('chromium-network-panel-imported-har.png', await env.panel.screenshot({ width: 1200, height: 800 }))
  })
})

interface HarEntry {
  request: { method: string; url: string }
  response: { status: number }
  _resourceType: string
  _webSocketMessages: Array<Record<string, unknown>>
}

/** The part of a HAR entry Chrome's importer turns into a WebSocket request and its messages (times differ). */
const comparable = (entry: HarEntry) => ({
  method: entry.request.method,
  url: entry.request.url,
  status: entry.response.status,
  resourceType: entry._resourceType,
  messageFields: entry._webSocketMessages.map((m) => Object.keys(m).sort()),
  messages: entry._webSocketMessages.map(({ type, opcode, data }) => ({ type, opcode, data })),
})

/** What the Network log holds for a request, whether recorded or imported. */
const logged = ({ url, resourceType, frames }: LoggedRequest) => ({ url, resourceType, frames })

interface LoggedRequest {
  url: string
  resourceType: string
  /** Loaded from a HAR file rather than recorded. */
  imported: boolean
  frames: Array<{ type: string; opCode: number; text: string }>
}

/** Chrome's Network panel, in the DevTools window that holds our panel. */
interface NetworkPanel {
  /** Every request in the Network log (what the Network panel lists), with its WebSocket frames. */
  requests(): Promise<LoggedRequest[]>
  /** The HAR entries Chrome's own "Export HAR" writes for the recorded requests to these urls, in this order. */
  harOf(urls: string[]): Promise<HarEntry[]>
  /**
   * Clicks the Network panel's "Import HAR file…" button and picks the file in the file chooser it
   * opens; returns the error DevTools logs when it cannot load the file, if any.
   */
  importWithButton(path: string): Promise<string | undefined>
  /** The rows the Network panel's request list shows. */
  listedRows(): Promise<Array<{ url: string; status: string; type: string }>>
  /** Clicks the request's row, then its Messages tab, and reads the messages listed there. */
  messagesTab(url: string): Promise<Array<{ direction: string; data: string; length: string }>>
  /** Clicks the nth message (from 0) of the open Messages tab; returns the bytes its binary view shows in hex. */
  selectMessage(index: number): Promise<string[]>
}

/**
 * Everything here relies on DevTools internals (the front-end's own modules, its DOM and its
 * classes), as drivers/chromium.ts does to select our panel; they are kept together so that a
 * Chromium update breaks this one place, and each says what it stands for in the UI.
 */
async function attachNetworkPanel(cdp: Cdp): Promise<NetworkPanel> {
  const { targetInfos } = await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')
  const devtools = targetInfos.filter((t) => t.type === 'page' && t.url.startsWith('devtools://'))
  if (devtools.length !== 1) throw new Error(`expected one DevTools window, found ${devtools.length}`)
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: devtools[0]!.targetId, flatten: true })
  const evaluate = <T>(expression: string) => cdp.evaluate<T>(sessionId, expression)
  // DevTools draws most of its UI inside shadow roots.
  const deepAll = `const deepAll = (selector, root = document) => {
    const found = [...root.querySelectorAll(selector)]
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) found.push(...deepAll(selector, e.shadowRoot))
    return found
  }`
  const click = async (what: string, findElement: string) => {
    const box = await waitFor(`${what} in DevTools`, () =>
      evaluate<{ x: number; y: number } | false>(`(() => { ${deepAll}
        const e = (${findElement})
        if (!e) return false
        const r = e.getBoundingClientRect()
        return r.width > 0 && { x: r.x + r.width / 2, y: r.y + r.height / 2 } })()`),
    )
    for (const type of ['mousePressed', 'mouseReleased'])
      await cdp.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 }, sessionId)
  }

  return {
    requests: () =>
      evaluate(`(async () => {
        const Logs = await import('./models/logs/logs.js')
        return Logs.NetworkLog.NetworkLog.instance().requests().map((r) => ({
          url: r.url(),
          resourceType: r.resourceType().name(),
          imported: r.isImportedHar(),
          frames: r.frames().map(({ type, opCode, text }) => ({ type, opCode, text })),
        }))
      })()`),

    harOf: (urls) =>
      evaluate(`(async () => {
        const Logs = await import('./models/logs/logs.js')
        const HAR = await import('./models/har/har.js')
        if (typeof HAR.Log?.Log?.build !== 'function') throw new Error('DevTools has no HAR.Log.Log.build any more: ' + Object.keys(HAR))
        const urls = ${JSON.stringify(urls)}
        const requests = Logs.NetworkLog.NetworkLog.instance().requests().filter((r) => urls.includes(r.url()))
        requests.sort((a, b) => urls.indexOf(a.url()) - urls.indexOf(b.url()))
        return (await HAR.Log.Log.build(requests, { sanitize: false })).entries
      })()`),

    async importWithButton(path) {
      // Showing the Network panel hides ours, as clicking its tab would.
      await evaluate(`(async () => {
        const UI = await import('./ui/legacy/legacy.js')
        await UI.InspectorView.InspectorView.instance().showPanel('network')
      })()`)
      await cdp.send('Page.enable', {}, sessionId)
      await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true }, sessionId)
      const chooser = new Promise<number>((resolve) => {
        const stop = cdp.on((method, params, from) => {
          if (method !== 'Page.fileChooserOpened' || from !== sessionId) return
          stop()
          resolve(params.backendNodeId as number)
        })
      })
      await click('the "Import HAR file…" button', `deepAll('button[jslog*="context: import-har"]')[0]`)
      const backendNodeId = await Promise.race([
        chooser,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the Import button opened no file chooser')), 10_000)),
      ])
      await cdp.send('DOM.setFileInputFiles', { files: [path], backendNodeId }, sessionId)
      await cdp.send('Page.setInterceptFileChooserDialog', { enabled: false }, sessionId)
      // The panel reads the file asynchronously: it either imports requests or logs why it could not.
      return waitFor('the HAR to load or fail', () =>
        evaluate<string | false>(`(async () => {
          const Common = await import('./core/common/common.js')
          const Logs = await import('./models/logs/logs.js')
          const failed = Common.Console.Console.instance().messages().find((m) => m.text.startsWith('Failed to load HAR file'))
          if (failed) return failed.text
          return Logs.NetworkLog.NetworkLog.instance().requests().some((r) => r.isImportedHar()) && 'loaded'
        })()`),
      ).then((outcome) => (outcome === 'loaded' ? undefined : outcome))
    },

    listedRows: () =>
      waitFor('the request list to show the imported requests', () =>
        evaluate<Array<{ url: string; status: string; type: string }> | false>(`(() => { ${deepAll}
          const rows = deepAll('tr[data-network-request-id]').map((tr) => ({
            url: tr.querySelector('td.name-column').title,
            status: tr.querySelector('td.status-column').firstChild?.textContent ?? '',
            type: tr.querySelector('td.type-column').textContent,
          }))
          return rows.length > 0 && rows })()`),
      ),

    async messagesTab(url) {
      await click(`the row of ${url}`, `deepAll('tr[data-network-request-id] td.name-column').find((td) => td.title === ${JSON.stringify(url)})`)
      await click('the Messages tab', `deepAll('[role="tab"]#tab-web-socket-frames')[0]`)
      return waitFor(`the Messages tab of ${url}`, () =>
        evaluate<Array<{ direction: string; data: string; length: string }> | false>(`(() => { ${deepAll}
          const selected = deepAll('[role="tab"]#tab-web-socket-frames[aria-selected="true"]').length === 1
          const rows = deepAll('tr[class*="resource-chunk-view-row-"]').map((tr) => ({
            direction: tr.className.match(/resource-chunk-view-row-(\\w+)/)[1],
            data: tr.cells[0].textContent.trim(),
            length: tr.cells[1].textContent.trim().replace(/\\u00a0/g, ' '),
          }))
          return selected && rows.length > 0 && rows })()`),
      )
    },

    async selectMessage(index) {
      await click(`message ${index}`, `deepAll('tr[class*="resource-chunk-view-row-"]')[${index}]`)
      // DevTools' binary view opens on its hex viewer, whose empty cells pad the last row.
      return waitFor(`the bytes of message ${index}`, () =>
        evaluate<string[] | false>(`(() => { ${deepAll}
          const bytes = deepAll('.byte-cell').map((cell) => cell.textContent.trim()).filter(Boolean)
          return bytes.length > 0 && bytes })()`),
      )
    },
  }
}
