// The extension captures every WebSocket event kind, with the values the page itself saw, in the top frame
// and in an iframe.
//
// The page runs one scenario (creation, handshake opened and failed, messages both ways as text and
// binary, close() calls that go through and ones that throw, close and error events, closes started by the
// page and by the server) and reports what it observed natively. The test then reads what the background
// holds for the tab, subscribing from an extension page as the panel does (readTabLog), and compares event
// by event; who initiated each close is read from the real panel's connection list.
import { beforeAll, describe, expect, it } from 'vitest'
import type { BrowserFrame, BrowserPage } from '../drivers/browser.ts'
import { browsers } from '../drivers/browsers.ts'
import type { PanelTab } from '../drivers/panel.ts'
import { waitFor } from '../drivers/wait.ts'
import type { TabEvent } from '../src/shared/protocol/index.ts'
import { readTabLog } from './helpers/differential.ts'
import { useBrowser } from './helpers/fixtures.ts'

/** One message as the page sent or received it: text with its UTF-8 size, or bytes. */
interface Message {
  binary: boolean
  size: number
  data: string | number[]
}

/** What the page observed natively of one of its connections. */
interface Observed {
  key: string
  /** The url exactly as passed to the constructor. */
  given: string
  /** `socket.url`. */
  resolved: string
  requested: string[]
  frameUrl: string
  /** Page clock (`performance.timeOrigin + performance.now()`) just before and after the constructor. */
  createdBetween: [number, number]
  /** `socket.protocol` and `socket.extensions` at the open event; null if it never opened. */
  protocol: string | null
  extensions: string | null
  sent: Message[]
  received: Message[]
  /** Every close() call: its code and reason arguments, and the exception it threw as `Name: message`. */
  closeCalls: Array<{ code: number | null; reason: string | null; error: string | null }>
  errorEvents: number
  close: { code: number; reason: string; wasClean: boolean } | null
  /** Who the test expects the panel to name as the initiator of the close. */
  closedBy: 'page' | 'server'
}

/**
 * Runs in the page (top frame or iframe), sent as source text: self-contained. Every socket is made by
 * `openFromPage`, whose name the captured initiator stacks must start with.
 */
async function pageScenario({ wsBase, httpBase, tag }: { wsBase: string; httpBase: string; tag: string }): Promise<Observed[]> {
  const clock = () => performance.timeOrigin + performance.now()
  const asMessage = async (value: unknown): Promise<Message> => {
    if (typeof value === 'string') return { binary: false, size: new TextEncoder().encode(value).byteLength, data: value }
    let bytes: Uint8Array
    if (value instanceof Blob) bytes = new Uint8Array(await value.arrayBuffer())
    else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    else bytes = new Uint8Array(value as ArrayBuffer)
    return { binary: true, size: bytes.byteLength, data: Array.from(bytes) }
  }
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 20_000
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`page scenario: timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  function openFromPage(url: string, protocols?: string[]): WebSocket {
    return protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols)
  }

  const all: Array<{ observed: Observed; socket: WebSocket; raw: unknown[] }> = []
  const watch = (key: string, given: string, closedBy: Observed['closedBy'], requested?: string[]) => {
    const before = clock()
    const socket = openFromPage(given, requested)
    const after = clock()
    const observed: Observed = {
      key,
      given,
      resolved: socket.url,
      requested: requested ?? [],
      frameUrl: location.href,
      createdBetween: [before, after],
      protocol: null,
      extensions: null,
      sent: [],
      received: [],
      closeCalls: [],
      errorEvents: 0,
      close: null,
      closedBy,
    }
    const raw: unknown[] = []
    socket.addEventListener('open', () => {
      observed.protocol = socket.protocol
      observed.extensions = socket.extensions
    })
    socket.addEventListener('message', (e) => raw.push(e.data))
    socket.addEventListener('error', () => observed.errorEvents++)
    socket.addEventListener('close', (e) => {
      observed.close = { code: e.code, reason: e.reason, wasClean: e.wasClean }
    })
    const entry = { observed, socket, raw }
    all.push(entry)
    return entry
  }
  const send = async ({ socket, observed }: { socket: WebSocket; observed: Observed }, value: string | ArrayBuffer | Uint8Array<ArrayBuffer> | Blob) => {
    const message = await asMessage(value)
    socket.send(value)
    observed.sent.push(message)
  }
  const close = ({ socket, observed }: { socket: WebSocket; observed: Observed }, ...args: [number?, string?]) => {
    const call = { code: typeof args[0] === 'number' ? args[0] : null, reason: typeof args[1] === 'string' ? args[1] : null, error: null as string | null }
    try {
      socket.close(...(args as []))
    } catch (error) {
      call.error = `${(error as Error).name}: ${(error as Error).message}`
    }
    observed.closeCalls.push(call)
  }
  const opened = (e: { observed: Observed }) => until(`${e.observed.key} to open`, () => e.observed.protocol !== null)
  const closed = (e: { observed: Observed }) => until(`${e.observed.key} to close`, () => e.observed.close !== null)

  // Relative url (resolved against the document, http -> ws), two requested subprotocols; /protocol picks the first.
  const main = watch('main', `/protocol?tag=${tag}&c=main`, 'page', ['chat', 'superchat'])
  await opened(main)
  await send(main, 'héllo €')
  await send(main, new Uint8Array([0, 1, 127, 128, 255]).buffer)
  await send(main, new Blob([new Uint8Array([4, 5])]))
  await send(main, new Uint8Array([9, 8, 7, 6]).subarray(1, 3))
  // Echoes arrive as Blobs (the default binaryType), then as ArrayBuffers.
  await until('4 echoes on main', () => main.raw.length === 4)
  main.socket.binaryType = 'arraybuffer'
  await send(main, new Uint8Array([6]))
  await until('5 echoes on main', () => main.raw.length === 5)
  close(main, 1234)
  close(main, 1000, 'x'.repeat(200))
  close(main, 4000, 'bye')
  await closed(main)

  // An http: url (the browser turns it into ws:), permessage-deflate, and close() without arguments.
  const deflate = watch('deflate', `${httpBase}deflate-echo?tag=${tag}&c=deflate`, 'page')
  await opened(deflate)
  await send(deflate, 'zip')
  await until('the echo on deflate', () => deflate.raw.length === 1)
  close(deflate)
  await closed(deflate)

  const server = watch('server', `${wsBase}/close?code=4003&reason=server&after=50&tag=${tag}&c=server`, 'server')
  await closed(server)

  const dropped = watch('dropped', `${wsBase}/drop?after=50&tag=${tag}&c=dropped`, 'server')
  await closed(dropped)

  const rejected = watch('rejected', `${wsBase}/reject?status=403&tag=${tag}&c=rejected`, 'server')
  await closed(rejected)

  for (const { observed, raw } of all) observed.received = await Promise.all(raw.map(asMessage))
  return all.map((e) => e.observed)
}

/** The captured events of one connection, found by its url as given and resolved; [] when there is none. */
function eventsOf(log: TabEvent[], observed: Observed): TabEvent[] {
  const ids = new Set(log.flatMap((e) => (e.kind === 'connection' && e.url === observed.given && e.resolvedUrl === observed.resolved ? [e.id] : [])))
  return log.filter((e) => 'id' in e && ids.has(e.id))
}

const messagesOf = (events: TabEvent[], direction: 'sent' | 'received') =>
  events.flatMap((e) =>
    e.kind === 'message' && e.direction === direction ? [{ binary: e.binary, size: e.size, data: e.data, truncated: e.truncated, origin: e.origin }] : [],
  )

/** The connection list of the panel: url (full, from the title) and the Close cell. */
const CLOSE_CELLS = `[...document.querySelectorAll('table[aria-label="Connections"] tr[data-connection-id]')].map((tr) => ({
  url: tr.querySelector('td.url')?.getAttribute('title') ?? '',
  close: tr.querySelector('td.close')?.textContent?.trim() ?? '',
}))`

describe.each(browsers)('%s: the extension captures every WebSocket event kind', (kind) => {
  const env = useBrowser(kind)
  let page: BrowserPage
  let panel: PanelTab

  beforeAll(async () => {
    page = await env.browser.newPage()
    await page.goto(`${env.playground.url}blank.html?run=setup`)
    panel = await env.browser.openPanelTab(page)
  })

  it.each(['top', 'iframe'] as const)('%s: creation, handshake, messages both ways, close calls, close and error events, initiator', async (where) => {
    const tag = `capture-${where}`
    await page.goto(`${env.playground.url}blank.html?run=${tag}`)
    let frame: BrowserFrame = page.mainFrame()
    if (where === 'iframe') {
      const src = `${env.playground.url}blank.html?frame=${tag}`
      await page.evaluate(
        (src) =>
          new Promise<void>((resolve, reject) => {
            const iframe = document.createElement('iframe')
            iframe.src = src
            iframe.onload = () => resolve()
            iframe.onerror = () => reject(new Error(`iframe ${src} failed to load`))
            document.body.append(iframe)
          }),
        src,
      )
      frame = await waitFor(`the iframe ${src}`, () => page.frames().find((f) => f.url() === src))
    }

    const args = { wsBase: env.playground.wsBase, httpBase: env.playground.url, tag }
    const observed = (await frame.evaluate(`(${pageScenario})(${JSON.stringify(args)})`)) as Observed[]
    expect(observed.map((o) => o.key)).toEqual(['main', 'deflate', 'server', 'dropped', 'rejected'])
    const byKey = Object.fromEntries(observed.map((o) => [o.key, o])) as Record<string, Observed>

    // The background applies a frame's batches in order: once every connection's close event is there, so is the rest.
    let log: TabEvent[] = []
    try {
      await waitFor(`every connection of ${tag} and its close event in the tab log`, async () => {
        log = await panel.evaluate<TabEvent[]>(`(${readTabLog})(${panel.tabId})`)
        return observed.every((o) => eventsOf(log, o).some((e) => e.kind === 'closed'))
      })
    } catch (error) {
      const urls = log.flatMap((e) => (e.kind === 'connection' ? [`${e.url} -> ${e.resolvedUrl}`] : []))
      throw new Error(`${(error as Error).message}; tab ${panel.tabId} holds ${log.length} entries, connections: ${JSON.stringify(urls)}`)
    }
    expect(log.filter((e) => e.kind === 'instrumentation-error')).toEqual([])

    for (const o of observed) {
      const events = eventsOf(log, o)
      const what = `${where} ${o.key}`

      // Creation: exactly one connection event, first, with what the page passed and saw.
      const [created, ...rest] = events
      expect(created?.kind, what).toBe('connection')
      expect(
        rest.filter((e) => e.kind === 'connection'),
        what,
      ).toEqual([])
      if (created?.kind !== 'connection') continue
      expect(created, what).toMatchObject({ api: 'WebSocket', url: o.given, resolvedUrl: o.resolved, protocols: o.requested, frameUrl: o.frameUrl })
      expect(created.id, what).toMatch(/\S/)
      // The page's clock and ours may round differently (browsers reduce timer precision): 2 ms either way.
      expect(created.time, what).toBeGreaterThanOrEqual(o.createdBetween[0] - 2)
      expect(created.time, what).toBeLessThanOrEqual(o.createdBetween[1] + 2)
      // The initiator is the page's stack, starting at the function that called the constructor (`openFromPage@…`
      // in Firefox, `at openFromPage (…)` in Chromium): none of our frames.
      expect(created.stack.split('\n')[0], what).toMatch(/^(at )?openFromPage[@ ]/)
      expect(created.stack, what).not.toMatch(/<anonymous code>|-extension:/)

      // Every event of the connection in one frame, in the order it happened.
      const frameIds = new Set(events.map((e) => e.source.frameId))
      expect(frameIds.size, what).toBe(1)
      if (where === 'top') expect(created.source.frameId, what).toBe(0)
      else expect(created.source.frameId, what).toBeGreaterThan(0)
      const times = events.map((e) => e.time)
      expect(times, what).toEqual([...times].sort((a, b) => a - b))

      // Handshake: opened with the negotiated protocol and extensions, or failed with an error event.
      const openedEvents = events.filter((e) => e.kind === 'opened')
      if (o.protocol === null) expect(openedEvents, what).toEqual([])
      else {
        expect(openedEvents, what).toHaveLength(1)
        expect(events[1], what).toMatchObject({ kind: 'opened', protocol: o.protocol, extensions: o.extensions })
      }

      // Messages both ways, byte for byte, with their sizes, in order.
      const asCaptured = (m: Message) => ({ ...m, truncated: false, origin: undefined })
      expect(messagesOf(events, 'sent'), what).toEqual(o.sent.map(asCaptured))
      expect(messagesOf(events, 'received'), what).toEqual(o.received.map(asCaptured))

      // close() calls with their arguments and the exception each threw, verbatim.
      expect(
        events.flatMap((e) => (e.kind === 'close-call' ? [{ via: e.via, code: e.code, reason: e.reason, error: e.error, origin: e.origin }] : [])),
        what,
      ).toEqual(o.closeCalls.map((c) => ({ via: 'close', ...c, origin: undefined })))

      // Error events, and the close event last, as the page saw it.
      expect(
        events.filter((e) => e.kind === 'error'),
        what,
      ).toHaveLength(o.errorEvents)
      expect(events.at(-1), what).toMatchObject({ kind: 'closed', ...o.close, error: null })
      expect(
        events.filter((e) => e.kind === 'closed'),
        what,
      ).toHaveLength(1)
    }

    // What the browser did natively, so that the comparisons above covered every kind with meaningful values.
    const { main, deflate, server, dropped, rejected } = byKey as Record<'main' | 'deflate' | 'server' | 'dropped' | 'rejected', Observed>
    expect(main.resolved).toBe(`${env.playground.wsBase}/protocol?tag=${tag}&c=main`)
    expect(main.frameUrl).toBe(where === 'top' ? `${env.playground.url}blank.html?run=${tag}` : `${env.playground.url}blank.html?frame=${tag}`)
    expect(main).toMatchObject({ protocol: 'chat', extensions: '', close: { code: 4000, reason: 'bye', wasClean: true } })
    expect(main.sent.map((m) => m.size)).toEqual([10, 5, 2, 2, 1])
    expect(main.received).toEqual(main.sent)
    expect(main.closeCalls.map((c) => c.error)).toEqual([expect.stringMatching(/^InvalidAccessError: /), expect.stringMatching(/^SyntaxError: /), null])
    expect(deflate.resolved).toBe(`${env.playground.wsBase}/deflate-echo?tag=${tag}&c=deflate`)
    expect(deflate).toMatchObject({ extensions: expect.stringContaining('permessage-deflate'), closeCalls: [{ code: null, reason: null, error: null }] })
    expect(deflate.close).toMatchObject({ code: 1005, wasClean: true })
    expect(server).toMatchObject({ closeCalls: [], close: { code: 4003, reason: 'server', wasClean: true } })
    expect(dropped).toMatchObject({ closeCalls: [], close: { code: 1006, wasClean: false } })
    expect(rejected).toMatchObject({ protocol: null, errorEvents: 1, close: { code: 1006, wasClean: false } })

    // Who initiated each close, as the real panel (inspecting this tab) shows it.
    let cells: Array<{ url: string; close: string }> = []
    try {
      await waitFor(`the panel to show how each connection of ${tag} closed`, async () => {
        cells = await panel.evaluate<Array<{ url: string; close: string }>>(CLOSE_CELLS)
        return observed.every((o) => cells.some((c) => c.url === o.resolved && c.close !== '' && /by (page|server)$/.test(c.close)))
      })
    } catch (error) {
      throw new Error(`${(error as Error).message}; rows: ${JSON.stringify(cells)}`)
    }
    for (const o of observed) {
      const cell = cells.filter((c) => c.url === o.resolved)
      expect(cell, o.key).toHaveLength(1)
      const close = cell[0]!.close
      expect(close, o.key).toMatch(new RegExp(`^${o.close!.code} `))
      if (o.close!.reason) expect(close, o.key).toContain(`"${o.close!.reason}"`)
      expect(close, o.key).toContain(o.close!.wasClean ? ' · clean · ' : ' · unclean · ')
      expect(close, o.key).toMatch(new RegExp(` · by ${o.closedBy}$`))
    }
  })
})
