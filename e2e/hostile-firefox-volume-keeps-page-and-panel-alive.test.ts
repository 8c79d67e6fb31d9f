// Firefox: the volume a page can throw at us (the Chromium file is
// e2e/hostile-volume-keeps-page-and-panel-alive.test.ts; the page steps are e2e/scenarios/hostile-volume.ts).
// One 64 MiB message, 1,000 sockets at once, 100,000 tiny messages, a handshake and a close that are never
// answered: the page keeps working (its timer ticks, a final echo arrives), the panel answers a click within
// a bound, and what the panel holds stays within the per-tab cap, which counts what it dropped.
import type { Page } from 'puppeteer-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../src/shared/protocol/index.ts'
import { openPanelTab, waitFor } from '../drivers/firefox.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'
import { readLosses, waitForRows } from './helpers/delivery.ts'
import {
  BIG_MESSAGE_BYTES,
  CLICK_BOUND_MS,
  droppedByCap,
  FLOOD_MESSAGES,
  leaveUnanswered,
  MANY_SOCKETS,
  openMany,
  openSpare,
  readFlood,
  sendBig,
  startTicking,
  stillAlive,
  stillAliveOnSpare,
  unansweredReadyStates,
  useMuteServer,
} from './scenarios/hostile-volume.ts'

const env = useFirefoxAndPlayground()
const mute = useMuteServer()

const TIMELINE_ROW = 'section[aria-label="Timeline"] [role="row"][data-seq]'

async function tickingPage(): Promise<Page> {
  const page = await env.firefox.browser.newPage()
  await page.goto(`${env.playground.url}blank.html`)
  await page.evaluate(startTicking)
  return page
}

async function expectAlive(page: Page) {
  expect(await page.evaluate(stillAlive, { wsBase: env.playground.wsBase })).toEqual({ echo: 'final', ticked: true })
}

/**
 * Times a click on the panel's first connection until the timeline shows that connection and its rows.
 * The panel tab is brought to the front first: Firefox hardly paints a hidden tab, and BiDi input actions
 * wait for paints (in a background panel tab a click took seconds, growing with each click, while a
 * script round trip to the same tab took milliseconds).
 */
async function clickTime(panel: Page): Promise<number> {
  await panel.bringToFront()
  await panel.waitForSelector('tr[data-connection-id]', { timeout: 15_000 })
  const url = await panel.$eval('tr[data-connection-id] td.url', (td) => td.textContent)
  const start = performance.now()
  await panel.click('tr[data-connection-id]')
  await panel.waitForFunction(
    (url, row) => document.querySelector('section[aria-label="Timeline"] h2.url')?.textContent === url && document.querySelector(row) !== null,
    { timeout: CLICK_BOUND_MS * 5, polling: 'mutation' },
    url,
    TIMELINE_ROW,
  )
  return performance.now() - start
}

describe('Firefox: hostile volume', () => {
  it('a 64 MiB binary message goes through and is recorded at its full size', async () => {
    const page = await tickingPage()
    const size = BIG_MESSAGE_BYTES
    expect(await page.evaluate(sendBig, { wsBase: env.playground.wsBase, size })).toBe(size)
    expect(env.playground.log).toContainEqual(expect.objectContaining({ event: 'message', size, binary: true }))
    await expectAlive(page)
    const panel = await openPanelTab(env.firefox, page)
    const [big] = await waitForRows(panel, 'the big message both ways', (rows) => rows[0]?.received.startsWith('1 /') === true)
    expect([big!.sent, big!.received]).toEqual(['1 / 64.0 MiB', '1 / 64.0 MiB'])
    await panel.close()
    await page.close()
  })

  it('1,000 sockets opened at once are all listed, and the page keeps working', async () => {
    const page = await tickingPage()
    // Firefox holds at most 200 WebSocket connections (network.websocket.max-connections): the rest fail
    // at once, with an error and a close event, and are listed as closed all the same.
    expect(await page.evaluate(openMany, { wsBase: env.playground.wsBase, n: MANY_SOCKETS })).toEqual({ ended: MANY_SOCKETS, someOpened: true })
    await expectAlive(page)
    const panel = await openPanelTab(env.firefox, page)
    await waitForRows(panel, '1,001 closed connections', (rows) => rows.length === MANY_SOCKETS + 1 && rows.every((r) => r.status === 'closed'), 30_000)
    expect(await clickTime(panel)).toBeLessThan(CLICK_BOUND_MS)
    await panel.close()
    await page.close()
  })

  it('100,000 tiny messages: the page gets them all, the panel holds the cap and counts the rest', async () => {
    const page = await tickingPage()
    const n = FLOOD_MESSAGES
    expect(await page.evaluate(readFlood, { wsBase: env.playground.wsBase, n })).toBe(n)
    await expectAlive(page)
    const panel = await openPanelTab(env.firefox, page)
    const dropped = `${droppedByCap(n)} messages dropped (cap)`
    let losses: string[] = []
    await waitFor('the cap counter', async () => (losses = await readLosses(panel)).includes(dropped), { timeoutMs: 30_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; losses: ${JSON.stringify(losses)}`)
    })
    const rows = await waitForRows(panel, 'the flood held to the cap', (rows) => rows.length === 2 && rows.every((r) => r.status === 'closed'))
    // Every message is counted ("N / … B"); the cap keeps its share of them ("(K kept)" where fewer).
    const count = (cell: string, kept: boolean) => parseInt((kept && /\((\d+) kept\)/.exec(cell)?.[1]) || cell, 10)
    const sum = (kept: boolean) => rows.reduce((sum, row) => sum + count(row.sent, kept) + count(row.received, kept), 0)
    expect([sum(false), sum(true)]).toEqual([n + 2, DEFAULT_LIMITS.maxMessages])
    expect(await clickTime(panel)).toBeLessThan(CLICK_BOUND_MS)
    await panel.close()
    await page.close()
  })

  it('a handshake never answered and a close never answered leave the page working', async () => {
    const page = await tickingPage()
    await page.evaluate(openSpare, { wsBase: env.playground.wsBase })
    await page.evaluate(leaveUnanswered, { wsBase: env.playground.wsBase, port: mute.port })
    // While the handshake hangs Firefox opens no other socket to 127.0.0.1 (see leaveUnanswered), with
    // or without us: the page shows it works on a socket it already has.
    expect(await page.evaluate(stillAliveOnSpare)).toEqual({ echo: 'final', ticked: true })
    // Firefox gives up on both after 20 s (network.websocket.timeout.open and .close): well after this.
    expect(await page.evaluate(unansweredReadyStates)).toEqual([0, 2])
    const panel = await openPanelTab(env.firefox, page)
    const rows = await waitForRows(panel, 'the three connections', (rows) => rows.length === 3 && rows[0]!.received.startsWith('1 /'))
    expect(rows.map((r) => r.status)).toEqual(['open', 'closing', 'connecting'])
    await panel.close()
    await page.close()
  })
})
