// Every frame and window a page can create reports its sockets, with its own document as the frame, and
// each socket exactly once: the top frame, same- and cross-origin iframes, about:blank, srcdoc and blob:
// frames, nested frames, popups, and the first, empty document of a frame or popup whose URL was set
// before it was created (no content script runs there; src/content/page/instrument-frames.ts covers it).
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { EVENT_TIMEOUT_MS, waitFor } from '../drivers/wait.ts'
import type { Playground } from '../playground/server.ts'
import { useBrowser } from './helpers/fixtures.ts'

/**
 * Runs in the top page: opens one echo connection per kind of frame, tagged `/echo?frame=<tag>`, and
 * returns what each echo brought back. Popups stay open so that their tabs can be inspected.
 * Plain JavaScript in a string: tsx would wrap named functions of a compiled callback in `__name()`.
 */
const OPEN_EVERYWHERE = `async ({ base, cross, ws, streams }) => {
  const results = {}
  const url = (tag) => ws + '/echo?frame=' + tag
  const echo = (WS, tag) => new Promise((resolve) => {
    let socket
    try { socket = new WS(url(tag)) } catch (error) { resolve('throws ' + error); return }
    socket.onopen = () => socket.send(tag)
    socket.onmessage = (event) => resolve(event.data)
    socket.onerror = () => resolve('error')
  })
  const echoStream = async (WSS, tag) => {
    const stream = new WSS(url(tag))
    const { readable, writable } = await stream.opened
    await writable.getWriter().write(tag)
    return (await readable.getReader().read()).value
  }
  const loaded = (f) => new Promise((resolve) => f.addEventListener('load', resolve, { once: true }))
  const reported = (tag) => new Promise((resolve) => {
    const listener = (event) => {
      if (event.data?.frame !== tag) return
      removeEventListener('message', listener)
      resolve(event.data.status)
    }
    addEventListener('message', listener)
  })
  const frame = (setup, parent = document) => {
    const f = parent.createElement('iframe')
    setup(f)
    parent.body.appendChild(f)
    return f
  }
  const inline = (tag) => '<script>const s = new WebSocket(' + JSON.stringify(url(tag)) + '); s.onopen = () => s.send("' + tag +
    '"); s.onmessage = (e) => parent.postMessage({ frame: "' + tag + '", status: e.data }, "*")</' + 'script>'
  const popupLoaded = (w, href) => new Promise((resolve) => {
    const timer = setInterval(() => {
      if (w.document.URL === href && w.document.readyState === 'complete') { clearInterval(timer); resolve() }
    }, 20)
  })

  results.top = await echo(WebSocket, 'top')
  if (streams) results['wss-top'] = await echoStream(WebSocketStream, 'wss-top')

  let reply = reported('same')
  const same = frame((f) => (f.src = base + 'frame.html?tag=same'))
  results.same = await reply
  if (streams) results['wss-same'] = await echoStream(same.contentWindow.WebSocketStream, 'wss-same')

  reply = reported('cross')
  frame((f) => (f.src = cross + 'frame.html?tag=cross'))
  results.cross = await reply

  const blank = frame(() => {})
  results.blank = await echo(blank.contentWindow.WebSocket, 'blank')
  if (streams) results['wss-blank'] = await echoStream(blank.contentWindow.WebSocketStream, 'wss-blank')

  reply = reported('srcdoc')
  frame((f) => (f.srcdoc = inline('srcdoc')))
  results.srcdoc = await reply

  reply = reported('blob')
  const blobUrl = URL.createObjectURL(new Blob([inline('blob')], { type: 'text/html' }))
  frame((f) => (f.src = blobUrl))
  results.blob = await reply

  const outer = frame(() => {})
  const nested = frame(() => {}, outer.contentDocument)
  results.nested = await echo(nested.contentWindow.WebSocket, 'nested')

  // The gap: the URL is set before the frame exists, the constructor is taken from its first, empty
  // document at once and used once the frame has loaded.
  const gap = frame((f) => (f.src = base + 'blank.html?gap'))
  const gapWebSocket = gap.contentWindow.WebSocket
  const gapStream = streams && gap.contentWindow.WebSocketStream
  await loaded(gap)
  results.gap = await echo(gapWebSocket, 'gap')
  results['gap-loaded'] = await echo(gap.contentWindow.WebSocket, 'gap-loaded')
  if (streams) results['wss-gap'] = await echoStream(gapStream, 'wss-gap')

  const srcdocGap = frame((f) => (f.srcdoc = '<p>srcdoc</p>'))
  const srcdocWebSocket = srcdocGap.contentWindow.WebSocket
  await loaded(srcdocGap)
  results['srcdoc-gap'] = await echo(srcdocWebSocket, 'srcdoc-gap')

  const documentGap = frame((f) => (f.src = base + 'blank.html?gap-document'))
  const documentWebSocket = documentGap.contentDocument.defaultView.WebSocket
  await loaded(documentGap)
  results['gap-document'] = await echo(documentWebSocket, 'gap-document')

  // A 204 never commits, so both frames keep their first document; the inner one is reached through
  // the hooks we installed in the outer one's realm.
  const stuck = frame((f) => (f.src = base + 'no-content'))
  const inner = frame((f) => (f.src = base + 'no-content'), stuck.contentWindow.document)
  results['nested-gap'] = await echo(inner.contentWindow.WebSocket, 'nested-gap')

  const popupBlank = open('about:blank')
  results['popup-blank'] = await echo(popupBlank.WebSocket, 'popup-blank')

  reply = reported('popup-url')
  open(base + 'frame.html?tag=popup-url')
  results['popup-url'] = await reply

  const popupGap = open(base + 'blank.html?popup-gap')
  const popupWebSocket = popupGap.WebSocket
  await popupLoaded(popupGap, base + 'blank.html?popup-gap')
  results['popup-gap'] = await echo(popupWebSocket, 'popup-gap')
  results['popup-loaded'] = await echo(popupGap.WebSocket, 'popup-loaded')

  return { results, blobUrl }
}`

/**
 * The connections the background holds for the panel's tab, read the way the panel gets them (a
 * subscription on the panel port), because the panel does not display frame URLs. Waits for `count`
 * connections, then a little longer so that a duplicate would show up too.
 */
const CONNECTIONS_OF_PANEL_TAB = `async (count) => {
  const tabId = Number(new URLSearchParams(location.search).get('tabId'))
  const port = (globalThis.browser ?? globalThis.chrome).runtime.connect({ name: 'panel' })
  const connections = []
  let enough
  const reached = new Promise((resolve) => (enough = resolve))
  port.onMessage.addListener((message) => {
    if (message.tabId !== tabId) return
    if (message.type === 'reset') connections.length = 0
    for (const entry of message.entries)
      if (entry.kind === 'connection') connections.push({ url: entry.resolvedUrl, frameUrl: entry.frameUrl })
    if (connections.length >= count) enough()
  })
  port.postMessage({ type: 'subscribe', tabId, after: null })
  await Promise.race([reached, new Promise((resolve) => setTimeout(resolve, ${EVENT_TIMEOUT_MS}))])
  await new Promise((resolve) => setTimeout(resolve, 500))
  port.disconnect()
  return connections
}`

interface Connection {
  url: string
  frameUrl: string
}
type Tab = 'top' | 'popup-blank' | 'popup-url' | 'popup-loaded'

/** Where each tagged connection must appear: the tab whose panel shows it, and its frame URL. */
function expectations(playground: Playground, cross: string, blobUrl: string, streams: boolean) {
  const base = playground.url
  const top = `${base}blank.html?top`
  const rows: Array<[tag: string, tab: Tab, frameUrl: string]> = [
    ['top', 'top', top],
    ['same', 'top', `${base}frame.html?tag=same`],
    ['cross', 'top', `${cross}frame.html?tag=cross`],
    ['blank', 'top', 'about:blank'],
    ['srcdoc', 'top', 'about:srcdoc'],
    ['blob', 'top', blobUrl],
    ['nested', 'top', 'about:blank'],
    ['gap', 'top', `${base}blank.html?gap`],
    ['gap-loaded', 'top', `${base}blank.html?gap`],
    ['srcdoc-gap', 'top', 'about:srcdoc'],
    ['gap-document', 'top', `${base}blank.html?gap-document`],
    ['nested-gap', 'top', 'about:blank'],
    ['popup-blank', 'popup-blank', 'about:blank'],
    ['popup-url', 'popup-url', `${base}frame.html?tag=popup-url`],
    // Taken from the popup's first document, which the opener instrumented: reported by the opener's tab.
    ['popup-gap', 'top', `${base}blank.html?popup-gap`],
    ['popup-loaded', 'popup-loaded', `${base}blank.html?popup-gap`],
  ]
  if (streams)
    rows.push(
      ['wss-top', 'top', top],
      ['wss-same', 'top', `${base}frame.html?tag=same`],
      ['wss-blank', 'top', 'about:blank'],
      ['wss-gap', 'top', `${base}blank.html?gap`],
    )
  const wsOf = (tag: string) => `${tag === 'cross' ? cross.replace(/^http/, 'ws').replace(/\/$/, '') : playground.wsBase}/echo?frame=${tag}`
  const byTab = new Map<Tab, Connection[]>()
  for (const [tag, tab, frameUrl] of rows) byTab.set(tab, [...(byTab.get(tab) ?? []), { url: wsOf(tag), frameUrl }])
  const echoes = Object.fromEntries(rows.map(([tag]) => [tag, ['same', 'cross', 'popup-url'].includes(tag) ? 'WebSocket: echoed hello from the frame' : tag]))
  return { byTab, echoes }
}

const sorted = (connections: Connection[]) => [...connections].sort((a, b) => a.url.localeCompare(b.url))

/** The page of each tab, found by the URL it shows. */
const TAB_URLS = (base: string): Record<Tab, string> => ({
  top: `${base}blank.html?top`,
  'popup-blank': 'about:blank',
  'popup-url': `${base}frame.html?tag=popup-url`,
  'popup-loaded': `${base}blank.html?popup-gap`,
})

describe.each(browsers)('%s: every frame and window reports its sockets once, as its own frame', (kind) => {
  const env = useBrowser(kind)

  it(`top, iframes of every kind, nested frames, popups and first documents; WebSocket${kind.has.webSocketStream ? ' and WebSocketStream' : ''}`, async () => {
    const { playground, browser } = env
    const streams = browser.has.webSocketStream
    const page = await browser.newPage()
    await page.goto(`${playground.url}blank.html?top`)
    const cross = playground.url.replace('127.0.0.1', 'localhost')
    const args = { base: playground.url, cross, ws: playground.wsBase, streams }
    const { results, blobUrl } = await page.evaluate<{ results: Record<string, string>; blobUrl: string }>(`(${OPEN_EVERYWHERE})(${JSON.stringify(args)})`)
    const { byTab, echoes } = expectations(playground, cross, blobUrl, streams)
    // The page's sockets work exactly as without the extension.
    expect(results).toEqual(echoes)

    const urls = TAB_URLS(playground.url)
    for (const [tab, expected] of byTab) {
      let open: string[] = []
      const tabPage = await waitFor(`a tab showing ${urls[tab]}`, async () => {
        const pages = await browser.pages()
        open = pages.map((p) => p.url())
        return pages.find((p) => p.url() === urls[tab])
      }).catch((error: Error) => {
        throw new Error(`${error.message}; open: ${open.join(', ')}`)
      })
      const panel = await browser.openPanelTab(tabPage)
      try {
        const connections = await panel.evaluate<Connection[]>(`(${CONNECTIONS_OF_PANEL_TAB})(${expected.length})`)
        expect({ tab, connections: sorted(connections) }).toEqual({ tab, connections: sorted(expected) })
        if (tab === 'top') expect((await panel.texts('tr[data-connection-id] td.url')).sort()).toEqual(expected.map((c) => c.url).sort())
      } finally {
        await panel.close()
      }
    }
  })
})
