// Firefox: the panel shows classic WebSocket connections (Firefox has no WebSocketStream), as a tab of its
// own and inside the real DevTools toolbox.
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPanelTab, openToolboxPanel, waitFor, type ToolboxPanel } from '../drivers/firefox.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'

interface Row {
  id: string
  badge: string
  url: string
  status: string
  sent: string
  received: string
  close: string
}

/** Every connection row of the panel tab, as the user reads it. */
async function readRows(panel: Page): Promise<Row[]> {
  // Cells are read in the page and named here: evaluated code should not define named functions.
  const selectors = ['.badge', 'td.url', 'td.status', 'td:nth-child(5)', 'td:nth-child(6)', 'td.close']
  const rows = await panel.evaluate(
    (selectors) =>
      Array.from(document.querySelectorAll('table[aria-label="Connections"] tr[data-connection-id]'), (tr) => [
        tr.getAttribute('data-connection-id') ?? '',
        ...selectors.map((s) => tr.querySelector(s)?.textContent?.trim() ?? ''),
      ]),
    selectors,
  )
  return rows.map(([id = '', badge = '', url = '', status = '', sent = '', received = '', close = '']) => ({ id, badge, url, status, sent, received, close }))
}

/** Opens a WebSocket to `url` in the page and resolves once it is open (fails after 5 s). */
async function openWebSocket(page: Page, url: string): Promise<void> {
  await page.evaluate(
    (url) =>
      new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(url)
        const timer = setTimeout(() => reject(new Error('the socket did not open within 5 s')), 5_000)
        ws.onopen = () => {
          clearTimeout(timer)
          resolve()
        }
      }),
    url,
  )
}

/** Waits until the panel has a row whose url is `url` and which satisfies `ready`; returns that row. */
async function waitForRow(panel: Page, url: string, what: string, ready: (row: Row) => boolean, timeoutMs = 10_000): Promise<Row> {
  let rows: Row[] = []
  try {
    return await waitFor(
      `the panel row for ${url} to be ${what}`,
      async () => {
        rows = await readRows(panel)
        return rows.find((row) => row.url === url && ready(row))
      },
      { timeoutMs },
    )
  } catch (error) {
    throw new Error(`${(error as Error).message}; rows: ${JSON.stringify(rows)}`)
  }
}

describe('Firefox: the panel shows WebSocket connections', () => {
  const env = useFirefoxAndPlayground()
  let page: Page
  let panel: Page
  let toolbox: ToolboxPanel | undefined

  beforeAll(async () => {
    page = (await env.firefox.browser.pages())[0] ?? (await env.firefox.browser.newPage())
    await page.goto(env.playground.url)
    panel = await openPanelTab(env.firefox, page)
  })

  // Registered after useFirefoxAndPlayground's, so it runs before the browser closes (afterAll hooks run in reverse).
  afterAll(async () => {
    await toolbox?.close().catch(() => {})
  })

  it('WebSocketStream is absent and WebSocket is captured', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream)).toBe('undefined')
    await panel.waitForSelector('[data-testid="no-connections"]', { timeout: 5_000 })

    const url = `${env.playground.wsBase}/echo`
    const echoes = await page.evaluate(
      (url) =>
        new Promise<string[]>((resolve, reject) => {
          const ws = new WebSocket(url)
          ws.binaryType = 'arraybuffer'
          ;(window as unknown as { testSocket: WebSocket }).testSocket = ws
          const received: string[] = []
          const timer = setTimeout(() => reject(new Error(`only ${received.length} echoes within 5 s`)), 5_000)
          ws.onerror = () => reject(new Error('WebSocket error'))
          ws.onopen = () => {
            ws.send('hello')
            ws.send(new Uint8Array([1, 2, 3]))
          }
          ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
            received.push(typeof e.data === 'string' ? `text:${e.data}` : `binary:${Array.from(new Uint8Array(e.data)).join(',')}`)
            if (received.length === 2) {
              clearTimeout(timer)
              resolve(received)
            }
          }
        }),
      url,
    )
    expect(echoes).toEqual(['text:hello', 'binary:1,2,3'])

    // 'hello' is 5 bytes, the binary message 3: "2 / 8 B" each way.
    const row = await waitForRow(
      panel,
      url,
      'open with 2 messages each way',
      (r) => r.status === 'open' && r.sent.startsWith('2 ') && r.received.startsWith('2 '),
    )
    expect(await readRows(panel)).toHaveLength(1)
    expect(row).toMatchObject({ badge: 'WS', status: 'open', sent: '2 / 8 B', received: '2 / 8 B', close: '' })
    expect(row.url.endsWith('/echo')).toBe(true)
  })

  it('close code and reason are shown', async () => {
    // A socket of its own (marked url), so that this test does not depend on the one before.
    const url = `${env.playground.wsBase}/echo?test=close`
    const closed = await page.evaluate(
      (url) =>
        new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve, reject) => {
          const ws = new WebSocket(url)
          const timer = setTimeout(() => reject(new Error('the socket did not open and close within 5 s')), 5_000)
          ws.onopen = () => ws.close(4321, 'bye')
          ws.onclose = (e) => {
            clearTimeout(timer)
            resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean })
          }
        }),
      url,
    )
    expect(closed).toEqual({ code: 4321, reason: 'bye', wasClean: true })

    const logged = await env.playground.waitForLog((e) => e.event === 'close' && e.scenario === 'echo' && e.code === 4321)
    expect(logged).toMatchObject({ code: 4321, reason: 'bye' })

    const row = await waitForRow(panel, url, 'closed', (r) => r.status === 'closed')
    expect(row.close).toContain('4321')
    expect(row.close).toBe('4321 Private use · "bye" · clean · by page')
  })

  it('the real toolbox panel shows live connections', async () => {
    toolbox = await openToolboxPanel(env.firefox, page)
    expect(toolbox.toolId).toMatch(/^webext-devtools-panel-/)

    // Opened only now, while the toolbox panel is showing: this is a live update, not history.
    const url = `${env.playground.wsBase}/echo?test=toolbox`
    await openWebSocket(page, url)
    expect(await toolbox.waitForText('table[aria-label="Connections"] td.url', url)).toBe(url)
  })

  it('the close lab in the real toolbox sends on a WebSocket and closes it with 4321 "bye"', async () => {
    toolbox ??= await openToolboxPanel(env.firefox, page)
    const url = `${env.playground.wsBase}/echo?lab=firefox`
    await openWebSocket(page, url)
    const row = `tr[data-connection-id]:has(td.url[title="${url}"])`
    await toolbox.waitForText(row, 'open')
    await toolbox.click(row)
    await toolbox.click('[role="tab"]:nth-child(2)')
    await toolbox.waitForText('section[aria-label="Close lab"]', 'Close code')

    await toolbox.fill('textarea[name="message"]', 'from the firefox toolbox')
    await toolbox.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === 'from the firefox toolbox')
    await toolbox.waitForText('.close-lab .outcome', 'Sent.')

    await toolbox.fill('input[name="close-code"]', '4321')
    await toolbox.fill('input[name="reason"]', 'bye')
    await toolbox.click('button[data-action="close"]')
    const open = await env.playground.waitForLog((e) => e.event === 'open' && e.url === '/echo?lab=firefox')
    const closed = await env.playground.waitForLog((e) => e.event === 'close' && e.connection === open.connection)
    expect([closed.code, closed.reason]).toEqual([4321, 'bye'])
    const outcome = await toolbox.waitForText('.close-lab .outcome', /^Closed in/)
    expect(outcome).toMatch(/4321 Private use "bye", clean\.$/)
  })
})
