// Firefox: faults on our side while pages are busy (the Chromium file is
// e2e/hostile-faults-leave-the-page-working.test.ts; the page steps are e2e/scenarios/hostile-faults.ts).
// The event page stopped mid-stream, the panel (in the real toolbox) closed mid-close-handshake, a
// navigation during a flood, and the add-on reloaded under an open page. The page never sees an error of
// ours and its sockets keep working; the panel gets every message it was sent.
import type { Page } from 'puppeteer-core'
import { describe, expect, it } from 'vitest'
import { HANDSHAKE_TOKEN } from '../src/shared/protocol/index.ts'
import { gotoExtensionPage, openPanelTab, openToolboxPanel, waitFor } from '../drivers/firefox.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'
import {
  closeSilent,
  echoes as echoesStep,
  navigateDuringFlood,
  openKept,
  openSilent,
  silentReadyState,
  useSocketsAfterReload,
} from './scenarios/hostile-faults.ts'
import { readRows, waitForRows } from './helpers/delivery.ts'
import { addonInstance, backgroundState, pageErrors, terminateEventPage, watchedPage } from './scenarios/hostile-firefox.ts'

const env = useFirefoxAndPlayground()

const blank = () => `${env.playground.url}blank.html`
const echoes = (page: Page, query: string, n: number, perPause?: number) =>
  page.evaluate(echoesStep, { url: `${env.playground.wsBase}/echo?${query}`, n, perPause })

/** Messages the server received so far on the one connection whose url ends with `query`. */
function serverMessages(query: string): number {
  const open = env.playground.log.find((e) => e.event === 'open' && e.url?.endsWith(query))
  return open ? env.playground.log.filter((e) => e.connection === open.connection && e.event === 'message').length : 0
}

/**
 * Runs in the page, as a page script anticipating an update of the add-on: capturing listeners registered
 * before any content script that Firefox would inject later, for our handshake's event type and for
 * `message` events that carry a port. It records what it sees. It stops and cancels the first handshake
 * (as the relay would, so a page script that dispatched it would go on to hand its port over), and
 * offers a port of its own on the first `message` with a port, recording whether anything answers there.
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

describe('Firefox: faults on our side', () => {
  it('the event page stopped mid-stream: the page sees nothing, it wakes again and the panel gets every message', async () => {
    const { firefox } = env
    const page = await watchedPage(firefox, blank())
    const panel = await openPanelTab(firefox, page)
    expect(await backgroundState(firefox)).toBe('running')
    const n = 600
    const traffic = echoes(page, 'event-page-stop', n, 20)
    await waitFor('the stream under way', () => serverMessages('event-page-stop') >= 100, { timeoutMs: 10_000, intervalMs: 10 })
    expect(await terminateEventPage(firefox)).toBe('stopped')
    // Stopped mid-stream: the page had more to send.
    expect(serverMessages('event-page-stop')).toBeLessThan(n)
    expect(await traffic).toBe(n)
    // Nothing but our own ports (the relay's resend, the panel's reconnect) wakes it up.
    await waitFor('the event page to run again', async () => (await backgroundState(firefox)) === 'running')
    await waitForRows(
      panel,
      'every message',
      (rows) => rows[0]?.sent === `${n} / 2.2 KiB` && rows[0].received === `${n} / 2.2 KiB` && rows[0].status === 'closed',
    )
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })

  it('the toolbox closed mid-close-handshake: the panel reopened still shows the close under way, the page keeps working', async () => {
    const { firefox, playground } = env
    const page = await watchedPage(firefox, blank())
    await page.evaluate(openSilent, { url: `${playground.wsBase}/silent-close?panel-closed` })
    const toolbox = await openToolboxPanel(firefox, page)
    await toolbox.waitForText('tr[data-connection-id] td.status', 'open')
    await page.evaluate(closeSilent)
    await toolbox.close()
    // The server never answers the Close frame: the handshake stays under way (Firefox gives up after
    // network.websocket.timeout.close, 20 s), with nobody watching.
    const reopened = await openToolboxPanel(firefox, page)
    await reopened.waitForText('tr[data-connection-id] td.status', 'closing')
    expect(await reopened.texts('tr[data-connection-id] td.url')).toEqual([`${playground.wsBase}/silent-close?panel-closed`])
    expect(await page.evaluate(silentReadyState)).toBe(2)
    expect(await echoes(page, 'after-panel-closed', 1)).toBe(1)
    await reopened.waitForText('tr[data-connection-id]:nth-child(2) td.url', 'after-panel-closed')
    expect(await pageErrors(page)).toEqual([])
    await reopened.close()
    await page.close()
  })

  it('a navigation during a flood: the new page works and its panel shows only its own load', async () => {
    const { firefox, playground } = env
    const page = await watchedPage(firefox, blank())
    await page.evaluate(navigateDuringFlood, { wsBase: playground.wsBase })
    await waitFor('the navigation', () => page.url().endsWith('/blank.html?after-flood'))
    expect(await echoes(page, 'after-navigation', 10)).toBe(10)
    const panel = await openPanelTab(firefox, page)
    const rows = await waitForRows(panel, 'the new load only', (rows) => rows.length === 1 && rows[0]!.status === 'closed')
    expect(rows[0]!.url).toBe(`${playground.wsBase}/echo?after-navigation`)
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })

  // Last: the reload restarts the add-on every other test talks to.
  it('the add-on reloaded: the open page keeps working, never sees an error or our handshake, and is captured again from its next load', async () => {
    const { firefox, playground } = env
    const page = await watchedPage(firefox, blank())
    await page.evaluate(openKept, { wsBase: playground.wsBase })
    await page.evaluate(interceptHandshakes, HANDSHAKE_TOKEN)
    // runtime.reload() from one of the add-on's pages, as the add-on itself would; a new instance runs then.
    const before = await addonInstance(firefox)
    const extensionPage = await firefox.browser.newPage()
    await gotoExtensionPage(extensionPage, firefox.extensionUrl('src/panel/index.html?tabId=0'))
    void extensionPage.evaluate(() => (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload()).catch(() => {})
    await waitFor('the add-on to run again, reloaded', async () => ![before, ''].includes(await addonInstance(firefox)), { timeoutMs: 15_000 })
    await extensionPage.close().catch(() => {})

    // The old hooks still run in this document; the old relay is gone. Firefox injects the new add-on's
    // content scripts into open documents: they must stay out of this one (src/content/document-start.ts).
    expect(await page.evaluate(useSocketsAfterReload, { wsBase: playground.wsBase })).toEqual(['after reload', 'new socket'])
    await playground.waitForLog((e) => e.event === 'close' && e.code === 4001)
    const panel = await openPanelTab(firefox, page)
    // Anything captured would be in the panel well within this.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(await readRows(panel)).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { intercepted: unknown }).intercepted)).toEqual({ seen: [], answered: [] })
    expect(await pageErrors(page)).toEqual([])

    // Its next load is captured by the reloaded add-on.
    await page.reload()
    expect(await echoes(page, 'after-page-reload', 3)).toBe(3)
    const [row] = await waitForRows(panel, 'the next load captured', (rows) => rows.length === 1 && rows[0]!.status === 'closed')
    expect(row!.url).toBe(`${playground.wsBase}/echo?after-page-reload`)
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })
})
