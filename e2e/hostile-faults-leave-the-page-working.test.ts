// Faults on our side while pages are busy: the background stopped mid-stream (Chromium's service worker,
// Firefox's event page), the DevTools panel closed mid-close-handshake, a navigation during a flood, and the
// extension reloaded under an open page (its old content scripts must go quiet). The page never sees an
// error of ours and its sockets keep working; the panel gets every message it was sent.
// (Exactly-once delivery across racing worker stops is e2e/delivery-worker-restart-loses-nothing.test.ts.)
import { describe, expect, it } from 'vitest'
import type { BrowserPage } from '../drivers/browser.ts'
import { browsers } from '../drivers/browsers.ts'
import { waitFor } from '../drivers/wait.ts'
import { HANDSHAKE_TOKEN, type TabEvent } from '../src/shared/protocol/index.ts'
import { readRows, waitForRows } from './helpers/delivery.ts'
import { readTabLog } from './helpers/differential.ts'
import { useBrowser } from './helpers/fixtures.ts'
import {
  closeSilent,
  echoes as echoesStep,
  navigateDuringFlood,
  openKept,
  openSilent,
  readPageErrors,
  recordPageErrors,
  silentReadyState,
  useSocketsAfterReload,
} from './scenarios/hostile-faults.ts'

/**
 * Runs in the page, as a page script anticipating an update of the add-on: capturing listeners registered
 * before any content script that the browser would inject later (Firefox does), for our handshake's event
 * type and for `message` events that carry a port. It records what it sees. It stops and cancels the first
 * handshake (as the relay would, so a page script that dispatched it would go on to hand its port over),
 * and offers a port of its own on the first `message` with a port, recording whether anything answers there.
 */
function interceptHandshakes(token: string): void {
  const w = window as unknown as { intercepted: { seen: unknown[]; answered: unknown[] } }
  w.intercepted = { seen: [], answered: [] }
  addEventListener(
    token,
    (event) => {
      w.intercepted.seen.push([token, (event as MessageEvent).data])
      event.stopImmediatePropagation()
      event.preventDefault()
    },
    { capture: true },
  )
  addEventListener(
    'message',
    (event) => {
      if (event.ports.length === 0) return
      w.intercepted.seen.push(event.data)
      if (w.intercepted.seen.length > 1) return
      event.stopImmediatePropagation()
      const { port1, port2 } = new MessageChannel()
      port1.onmessage = (answer) => w.intercepted.answered.push(answer.data)
      postMessage(event.data, '*', [port2])
    },
    { capture: true },
  )
}

describe.each(browsers)('%s: faults on our side', (kind) => {
  const env = useBrowser(kind)

  /** A new tab that records every error and unhandled rejection reaching it (before its own scripts run). */
  async function watchedPage(): Promise<BrowserPage> {
    const page = await env.browser.newPage()
    await page.addInitScript(recordPageErrors)
    await page.goto(`${env.playground.url}blank.html`)
    return page
  }
  const pageErrors = (page: BrowserPage) => page.evaluate(readPageErrors)
  const echoes = (page: BrowserPage, query: string, n: number, options: { perPause?: number; holdAt?: number } = {}) =>
    page.evaluate(echoesStep, { url: `${env.playground.wsBase}/echo?${query}`, n, ...options })

  /** Messages the server received so far on the one connection whose url ends with `query`. */
  function serverMessages(query: string): number {
    const open = env.playground.log.find((e) => e.event === 'open' && e.url?.endsWith(query))
    return open ? env.playground.log.filter((e) => e.connection === open.connection && e.event === 'message').length : 0
  }

  it('the background stopped mid-stream: the page sees nothing, it wakes again and the panel gets every message', async () => {
    const { browser } = env
    const page = await watchedPage()
    const panel = await browser.openPanelTab(page)
    await browser.waitForBackground()
    const n = 600
    const traffic = echoes(page, 'background-stop', n, { perPause: 20, holdAt: n / 2 })
    await waitFor('the first half of the stream', () => serverMessages('background-stop') === n / 2)
    await browser.stopBackground()
    await page.evaluate(() => (window as unknown as { resumeEchoes(): void }).resumeEchoes())
    expect(await traffic).toBe(n)
    // Nothing but our own ports (the relays' resends, the panel's reconnect) wakes it up.
    await browser.waitForBackground()
    await waitForRows(
      panel,
      'every message',
      (rows) => rows[0]?.sent === `${n} / 2.2 KiB` && rows[0].received === `${n} / 2.2 KiB` && rows[0].status === 'closed',
    )
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })

  it('the DevTools panel closed mid-close-handshake: reopened, it still shows the close under way, the page keeps working', async () => {
    const { browser, playground } = env
    const page = await watchedPage()
    const url = `${playground.wsBase}/silent-close?panel-closed`
    await page.evaluate(openSilent, { url })
    const panel = await browser.openDevToolsPanel(page)
    await panel.waitForText('tr[data-connection-id] td.status', 'open')
    await page.evaluate(closeSilent)
    await panel.close()
    // The server never answers the Close frame: the handshake stays under way (browsers give up only after
    // a long timeout; Firefox's network.websocket.timeout.close is 20 s), with nobody watching.
    const reopened = await browser.openDevToolsPanel(page)
    await reopened.waitForText('tr[data-connection-id] td.status', 'closing')
    expect(await reopened.texts('tr[data-connection-id] td.url')).toEqual([url])
    expect(await page.evaluate(silentReadyState)).toBe(2)
    expect(await echoes(page, 'after-panel-closed', 1)).toBe(1)
    await reopened.waitForText('tr[data-connection-id]:nth-child(2) td.url', 'after-panel-closed')
    expect(await pageErrors(page)).toEqual([])
    await reopened.close()
    await page.close()
  })

  it('a navigation during a flood: the new page works and its panel shows only its own load', async () => {
    const { browser, playground } = env
    const page = await watchedPage()
    await page.evaluate(navigateDuringFlood, { wsBase: playground.wsBase })
    await waitFor('the navigation', () => page.url().endsWith('/blank.html?after-flood'))
    expect(await echoes(page, 'after-navigation', 10)).toBe(10)
    const panel = await browser.openPanelTab(page)
    const rows = await waitForRows(panel, 'the new load only', (rows) => rows.length === 1 && rows[0]!.status === 'closed')
    expect(rows[0]!.url).toBe(`${playground.wsBase}/echo?after-navigation`)
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })

  // Last: the reload restarts (or, in Chromium, ends) the extension every other test talks to.
  it('the extension reloaded: the open page keeps working and never sees an error or our handshake', async () => {
    const { browser, playground } = env
    const page = await watchedPage()
    await page.evaluate(openKept, { wsBase: playground.wsBase })
    await page.evaluate(interceptHandshakes, HANDSHAKE_TOKEN)
    await browser.reloadExtension()

    // The old hooks still run in this document; the old relay is gone. Firefox injects the new content
    // scripts into open documents: they must stay out of this one (src/content/document-start.ts).
    expect(await page.evaluate(useSocketsAfterReload, { wsBase: playground.wsBase })).toEqual(['after reload', 'new socket'])
    await playground.waitForLog((e) => e.event === 'close' && e.code === 4001)
    expect(await page.evaluate(() => (window as unknown as { intercepted: unknown }).intercepted)).toEqual({ seen: [], answered: [] })
    expect(await pageErrors(page)).toEqual([])
    // Where the extension comes back, the tab holds nothing of this document and its next load is captured.
    if (browser.has.reloadBringsExtensionBack) {
      // What the background holds for the tab, as it answers a subscription.
      const panel = await browser.openPanelTab(page)
      const log = await panel.evaluate<TabEvent[]>(`(${readTabLog})(${panel.tabId})`)
      expect(log.filter((e) => e.kind === 'connection')).toEqual([])
      expect(await readRows(panel)).toEqual([])
      await page.reload()
      expect(await echoes(page, 'after-page-reload', 3)).toBe(3)
      const [row] = await waitForRows(panel, 'the next load captured', (rows) => rows.length === 1 && rows[0]!.status === 'closed')
      expect(row!.url).toBe(`${playground.wsBase}/echo?after-page-reload`)
      expect(await pageErrors(page)).toEqual([])
      await panel.close()
    }
    await page.close()
  })
})
