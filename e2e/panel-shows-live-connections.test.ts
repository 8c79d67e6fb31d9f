import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()
let page: Page

beforeAll(async () => {
  page = await env.chromium.newPage()
})

/** Rows of the connection table as plain text, one object per connection. */
const rowsScript = `[...document.querySelectorAll('tr[data-connection-id]')].map((tr) => ({
  api: tr.querySelector('.badge').textContent,
  url: tr.querySelector('td.url').textContent,
  status: tr.querySelector('td.status').textContent,
  sent: tr.cells[4].textContent,
  received: tr.cells[5].textContent,
  close: tr.querySelector('td.close').textContent,
}))`

describe('Chromium: the panel shows the connections the page opens', () => {
  it('lists a WebSocketStream and a WebSocket, with their traffic and close outcome, in a panel tab', async () => {
    const { playground, chromium } = env
    await page.goto(playground.url)
    await page.evaluate(async (wsBase) => {
      const stream = new WebSocketStream(`${wsBase}/echo`)
      const { readable, writable } = await stream.opened
      const writer = writable.getWriter()
      const reader = readable.getReader()
      await writer.write('hello')
      await writer.write(new Uint8Array([1, 2, 3]))
      await reader.read()
      await reader.read()
      stream.close({ closeCode: 4321, reason: 'bye' })
      await stream.closed

      const socket = new WebSocket(`${wsBase}/echo`)
      await new Promise((resolve) => socket.addEventListener('open', resolve))
      socket.send('ping')
      await new Promise((resolve) => socket.addEventListener('message', resolve))
    }, playground.wsBase)
    await playground.waitForLog((e) => e.event === 'close' && e.code === 4321)

    const panel = await chromium.openPanelTab(page)
    await panel.waitForFunction(() => document.querySelectorAll('tr[data-connection-id]').length === 2, null, { timeout: 10_000 })
    const rows = await panel.evaluate(rowsScript)
    expect(rows).toEqual([
      {
        api: 'WSS',
        url: `${playground.wsBase}/echo`,
        status: 'closed',
        sent: '2 / 8 B',
        received: '2 / 8 B',
        close: '4321 Private use · "bye" · clean · by page',
      },
      { api: 'WS', url: `${playground.wsBase}/echo`, status: 'open', sent: '1 / 4 B', received: '1 / 4 B', close: '' },
    ])
    await panel.click('tr[data-connection-id]')
    await panel.waitForSelector('section[aria-label="Timeline"] [role="row"].closed')
    await panel.close()
  })

  it('shows connections live in the real DevTools panel', async () => {
    const { playground, chromium } = env
    await page.goto(playground.url)
    const panel = await chromium.openDevToolsPanel(page)
    await panel.waitFor('the empty state', `!!document.querySelector('[data-testid="no-connections"]')`)
    await page.evaluate((wsBase) => {
      const socket = new WebSocketStream(`${wsBase}/echo?live=1`)
      void socket.opened.then(({ writable }) => writable.getWriter().write('live'))
    }, playground.wsBase)
    const rows = await panel.waitFor<Array<{ url: string; sent: string }>>(
      'the live connection with its message',
      `(() => { const rows = ${rowsScript}; return rows.length === 1 && rows[0].sent.startsWith('1 /') && rows })()`,
    )
    expect(rows[0]!.url).toBe(`${playground.wsBase}/echo?live=1`)
    await panel.click('tr[data-connection-id]')
    const timeline = await panel.waitFor<string>(
      'the timeline of the selected connection',
      `document.querySelector('section[aria-label="Timeline"]')?.textContent || false`,
    )
    expect(timeline).toContain('live')
  })
})
