// Faults on our side while pages are busy: the background worker stopped mid-stream, the panel closed
// mid-close-handshake, a navigation during a flood, and the extension reloaded under open pages (its old
// content scripts must go quiet). The page never sees an error of ours and its sockets keep working.
// (Exactly-once delivery across worker stops is e2e/delivery-worker-restart-loses-nothing.test.ts.)
// The page steps are shared with Firefox (e2e/scenarios/hostile-faults.ts).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { controlServiceWorker, openPanelFor, waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
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

const env = useChromiumAndPlayground()

/** A page that records every error and unhandled rejection that reaches it. */
async function watchedPage(url = `${env.playground.url}blank.html`): Promise<Page> {
  const page = await env.chromium.context.newPage()
  await page.addInitScript(recordPageErrors)
  await page.goto(url)
  return page
}
const pageErrors = (page: Page) => page.evaluate(readPageErrors)

/** Sends `n` messages on a fresh /echo socket, paced, and resolves with the number of echoes. */
const echoes = (page: Page, query: string, n: number) => page.evaluate(echoesStep, { url: `${env.playground.wsBase}/echo?${query}`, n })

describe('Chromium: faults on our side', () => {
  it('the worker stopped mid-stream: the page sees nothing and the panel gets every message', async () => {
    const { chromium } = env
    const page = await watchedPage()
    const tabId = await chromium.tabIdOf(page)
    const panel = await openPanelFor(chromium, tabId)
    const worker = await controlServiceWorker(chromium, panel)
    const traffic = echoes(page, 'worker-stop', 600)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await worker.stop()
    expect(await traffic).toBe(600)
    await worker.restarted()
    await waitForRows(panel, 'every message', (rows) => rows[0]?.sent.startsWith('600 /') === true && rows[0].received.startsWith('600 /'))
    expect(await pageErrors(page)).toEqual([])
    await worker.detach()
    await panel.close()
    await page.close()
  })

  it('the panel closed mid-close-handshake: a new panel still shows the close under way, the page keeps working', async () => {
    const page = await watchedPage()
    await page.evaluate(openSilent, { url: `${env.playground.wsBase}/silent-close?panel-closed` })
    const panel = await env.chromium.openPanelTab(page)
    await waitForRows(panel, 'the open connection', (rows) => rows[0]?.status === 'open')
    await page.evaluate(closeSilent)
    await panel.close()
    // The server never answers the Close frame: the handshake stays under way (Chromium gives up only
    // after a long timeout), with nobody watching.
    const reopened = await env.chromium.openPanelTab(page)
    const [row] = await waitForRows(reopened, 'the close under way', (rows) => rows[0]?.status === 'closing')
    expect(row!.url).toBe(`${env.playground.wsBase}/silent-close?panel-closed`)
    expect(await page.evaluate(silentReadyState)).toBe(2)
    expect(await echoes(page, 'after-panel-closed', 1)).toBe(1)
    await waitForRows(reopened, 'the later connection too', (rows) => rows.length === 2)
    expect(await pageErrors(page)).toEqual([])
    await reopened.close()
    await page.close()
  })

  it('a navigation during a flood: the new page works and its panel shows only its own load', async () => {
    const page = await watchedPage()
    await page.evaluate(navigateDuringFlood, { wsBase: env.playground.wsBase })
    await page.waitForURL('**/blank.html?after-flood')
    expect(await echoes(page, 'after-navigation', 10)).toBe(10)
    const panel = await env.chromium.openPanelTab(page)
    const rows = await waitForRows(panel, 'the new load only', (rows) => rows.length === 1 && rows[0]!.status === 'closed')
    expect(rows[0]!.url).toBe(`${env.playground.wsBase}/echo?after-navigation`)
    expect(await pageErrors(page)).toEqual([])
    await panel.close()
    await page.close()
  })

  // Last: the reload replaces the service worker the session's helpers talk to.
  it('the extension reloaded: old content scripts go quiet, the page never sees an error, sockets keep working', async () => {
    const { chromium } = env
    const page = await watchedPage()
    await page.evaluate(openKept, { wsBase: env.playground.wsBase })
    const extensionPage = await chromium.context.newPage()
    await extensionPage.goto(`chrome-extension://${chromium.extensionId}/src/panel/index.html?tabId=0`)
    // A reload closes the extension's own pages: that is the sign it happened.
    const closed = extensionPage.waitForEvent('close', { timeout: 15_000 })
    void extensionPage.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => {})
    await closed

    // The old hooks still run in this document; everything they send now has no extension to go to.
    const after = await page.evaluate(useSocketsAfterReload, { wsBase: env.playground.wsBase })
    expect(after).toEqual(['after reload', 'new socket'])
    await env.playground.waitForLog((e) => e.event === 'close' && e.code === 4001)
    expect(await pageErrors(page)).toEqual([])
    await page.close()
  })
})
