// The panel lists the connections a page opens, with their traffic and close outcome: in a panel tab
// opened afterwards, and live in the real DevTools panel. The first connection is a WebSocketStream where
// the browser has it (Chromium), a WebSocket elsewhere (Firefox).
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { EVENT_TIMEOUT_MS } from '../drivers/wait.ts'
import { useBrowser } from './helpers/fixtures.ts'

/** Rows of the connection table as plain text, one object per connection. */
const rowsScript = `[...document.querySelectorAll('tr[data-connection-id]')].map((tr) => ({
  api: tr.querySelector('.badge').textContent,
  url: tr.querySelector('td.url').textContent,
  status: tr.querySelector('td.status').textContent,
  sent: tr.cells[4].textContent,
  received: tr.cells[5].textContent,
  close: tr.querySelector('td.close').textContent,
}))`

/**
 * Runs in the page: 'hello' and [1, 2, 3] echoed on a WebSocketStream (`streams`) or a WebSocket, which the
 * page then closes with 4321 "bye"; then a WebSocket that echoes 'ping' and stays open. Resolves with the
 * echoes and the close as the page saw them.
 */
async function echoAndClose({ wsBase, streams }: { wsBase: string; streams: boolean }) {
  const echoes: string[] = []
  const note = (data: unknown) => echoes.push(typeof data === 'string' ? `text:${data}` : `binary:${[...new Uint8Array(data as ArrayBuffer)].join(',')}`)
  let close: { code: number; reason: string; wasClean: boolean }
  if (streams) {
    const stream = new WebSocketStream(`${wsBase}/echo`)
    const { readable, writable } = await stream.opened
    const writer = writable.getWriter()
    const reader = readable.getReader()
    await writer.write('hello')
    await writer.write(new Uint8Array([1, 2, 3]))
    note((await reader.read()).value)
    note((await reader.read()).value)
    stream.close({ closeCode: 4321, reason: 'bye' })
    // `closed` fulfils only on a clean close.
    const { closeCode, reason } = await stream.closed
    close = { code: closeCode ?? 0, reason: reason ?? '', wasClean: true }
  } else {
    const ws = new WebSocket(`${wsBase}/echo`)
    ws.binaryType = 'arraybuffer'
    await new Promise((resolve) => (ws.onopen = resolve))
    ws.send('hello')
    ws.send(new Uint8Array([1, 2, 3]))
    await new Promise<void>((resolve) => {
      ws.onmessage = (e) => {
        note(e.data)
        if (echoes.length === 2) resolve()
      }
    })
    ws.close(4321, 'bye')
    close = await new Promise((resolve) => (ws.onclose = (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean })))
  }
  const socket = new WebSocket(`${wsBase}/echo`)
  await new Promise((resolve) => socket.addEventListener('open', resolve))
  socket.send('ping')
  await new Promise((resolve) => socket.addEventListener('message', resolve))
  return { echoes, close }
}

/** Runs in the page: opens a socket to `url` (a WebSocketStream with `streams`) that sends 'live' once open. */
function openLive({ url, streams }: { url: string; streams: boolean }) {
  if (streams) {
    const stream = new WebSocketStream(url)
    void stream.opened.then(({ writable }) => writable.getWriter().write('live'))
    Object.assign(window, { live: stream })
  } else {
    const socket = new WebSocket(url)
    socket.onopen = () => socket.send('live')
    Object.assign(window, { live: socket })
  }
}

describe.each(browsers)('%s: the panel shows the connections the page opens', (kind) => {
  const env = useBrowser(kind)

  it('lists each connection with its API, traffic and close outcome, in a panel tab', async () => {
    const { playground, browser } = env
    const streams = browser.has.webSocketStream
    const page = await browser.newPage()
    await page.goto(playground.url)
    expect(await page.evaluate(() => typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream)).toBe(streams ? 'function' : 'undefined')
    expect(await page.evaluate(echoAndClose, { wsBase: playground.wsBase, streams })).toEqual({
      echoes: ['text:hello', 'binary:1,2,3'],
      close: { code: 4321, reason: 'bye', wasClean: true },
    })
    expect(await playground.waitForLog((e) => e.event === 'close' && e.code === 4321)).toMatchObject({ reason: 'bye' })

    const panel = await browser.openPanelTab(page)
    // 'hello' is 5 bytes, the binary message 3: "2 / 8 B" each way.
    await expect
      .poll(() => panel.evaluate(rowsScript), { timeout: EVENT_TIMEOUT_MS })
      .toEqual([
        {
          api: streams ? 'WSS' : 'WS',
          url: `${playground.wsBase}/echo`,
          status: 'closed',
          sent: '2 / 8 B',
          received: '2 / 8 B',
          close: '4321 Private use · "bye" · clean · by page',
        },
        { api: 'WS', url: `${playground.wsBase}/echo`, status: 'open', sent: '1 / 4 B', received: '1 / 4 B', close: '' },
      ])
    await panel.click('tr[data-connection-id]')
    await panel.waitFor('the close in the timeline', `!!document.querySelector('section[aria-label="Timeline"] [role="row"].closed')`)
    await panel.close()
    await page.close()
  })

  it('shows connections live in the real DevTools panel', async () => {
    const { playground, browser } = env
    const page = await browser.newPage()
    await page.goto(playground.url)
    const panel = await browser.openDevToolsPanel(page)
    await panel.waitFor('the empty state', `!!document.querySelector('[data-testid="no-connections"]')`)
    // Opened only now, while the panel is showing: this is a live update, not history.
    const url = `${playground.wsBase}/echo?live=1`
    await page.evaluate(openLive, { url, streams: browser.has.webSocketStream })
    const rows = await panel.waitFor<Array<{ url: string; sent: string }>>(
      'the live connection with its message',
      `(() => { const rows = ${rowsScript}; return rows.length === 1 && rows[0].sent.startsWith('1 /') && rows })()`,
    )
    expect(rows[0]!.url).toBe(url)
    await panel.click('tr[data-connection-id]')
    expect(await panel.waitForText('section[aria-label="Timeline"]', 'live')).toContain('live')
    await panel.close()
    await page.close()
  })
})
