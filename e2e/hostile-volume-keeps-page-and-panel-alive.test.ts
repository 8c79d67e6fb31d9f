// Volume a page can throw at us: one 64 MiB message, 1,000 sockets at once, 100,000 tiny messages, a
// socket whose handshake never gets an answer, a server that never answers the close. The page keeps
// working (its timer ticks, a final echo arrives), the panel answers a click within a bound, and what the
// background holds stays within the per-tab cap, which counts what it dropped.
// The page steps are shared with Firefox (e2e/scenarios/hostile-volume.ts).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../drivers/cdp.ts'
import { readLosses, waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
import { DEFAULT_LIMITS } from '../src/shared/protocol/index.ts'
import {
  BIG_MESSAGE_BYTES,
  CLICK_BOUND_MS,
  droppedByCap,
  FLOOD_MESSAGES,
  leaveUnanswered,
  MANY_SOCKETS,
  openMany,
  readFlood,
  sendBig,
  startTicking,
  stillAlive,
  unansweredReadyStates,
  useMuteServer,
} from './scenarios/hostile-volume.ts'

const env = useChromiumAndPlayground()
const mute = useMuteServer()

/** A fresh tab with a timer that counts ticks, so a blocked page shows up as missing ticks. */
async function tickingPage(): Promise<Page> {
  const page = await env.chromium.context.newPage()
  await page.goto(`${env.playground.url}blank.html`)
  await page.evaluate(startTicking)
  return page
}

/** The page still runs timers and gets a fresh echo. */
async function expectAlive(page: Page) {
  expect(await page.evaluate(stillAlive, { wsBase: env.playground.wsBase })).toEqual({ echo: 'final', ticked: true })
}

/** Opens the panel for the page and times a click on the first connection until its timeline shows. */
async function clickTime(page: Page): Promise<number> {
  const panel = await env.chromium.openPanelTab(page)
  await panel.waitForSelector('tr[data-connection-id]', { timeout: 15_000 })
  const start = performance.now()
  await panel.click('tr[data-connection-id]')
  await panel.waitForSelector('section[aria-label="Timeline"] [role="row"][data-seq]', { timeout: CLICK_BOUND_MS * 5 })
  const elapsed = performance.now() - start
  await panel.close()
  return elapsed
}

describe('Chromium: hostile volume', () => {
  it('a 64 MiB binary message goes through and is recorded at its full size', async () => {
    const page = await tickingPage()
    const size = BIG_MESSAGE_BYTES
    expect(await page.evaluate(sendBig, { wsBase: env.playground.wsBase, size })).toBe(size)
    expect(env.playground.log).toContainEqual(expect.objectContaining({ event: 'message', size, binary: true }))
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    const [big] = await waitForRows(panel, 'the big message both ways', (rows) => rows[0]?.received.startsWith('1 /') === true)
    expect([big!.sent, big!.received]).toEqual(['1 / 64.0 MiB', '1 / 64.0 MiB'])
    await panel.close()
    await page.close()
  })

  it('1,000 sockets opened at once are all listed, and the page keeps working', async () => {
    const page = await tickingPage()
    // Chromium itself fails some of them (it limits the sockets a page may have pending at once).
    expect(await page.evaluate(openMany, { wsBase: env.playground.wsBase, n: MANY_SOCKETS })).toEqual({ ended: MANY_SOCKETS, someOpened: true })
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    await waitForRows(panel, '1,001 closed connections', (rows) => rows.length === MANY_SOCKETS + 1 && rows.every((r) => r.status === 'closed'), 30_000)
    await panel.close()
    expect(await clickTime(page)).toBeLessThan(CLICK_BOUND_MS)
    await page.close()
  })

  it('100,000 tiny messages: the page gets them all, the panel holds the cap and counts the rest', async () => {
    const page = await tickingPage()
    const n = FLOOD_MESSAGES
    expect(await page.evaluate(readFlood, { wsBase: env.playground.wsBase, n })).toBe(n)
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    const dropped = droppedByCap(n)
    let losses: string[] = []
    await waitFor('the cap counter', async () => (losses = await readLosses(panel)).includes(`${dropped} messages dropped (cap)`), 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; losses: ${JSON.stringify(losses)}`)
      },
    )
    const rows = await waitForRows(panel, 'the flood held to the cap', (rows) => rows.length === 2)
    // Every message is counted ("N / … B"); the cap keeps its share of them ("(K kept)" where fewer).
    const count = (cell: string, kept: boolean) => parseInt((kept && /\((\d+) kept\)/.exec(cell)?.[1]) || cell, 10)
    const sum = (kept: boolean) => rows.reduce((sum, row) => sum + count(row.sent, kept) + count(row.received, kept), 0)
    expect([sum(false), sum(true)]).toEqual([n + 2, DEFAULT_LIMITS.maxMessages])
    await panel.close()
    expect(await clickTime(page)).toBeLessThan(CLICK_BOUND_MS)
    await page.close()
  })

  it('a handshake never answered and a close never answered leave the page working', async () => {
    const page = await tickingPage()
    await page.evaluate(leaveUnanswered, { wsBase: env.playground.wsBase, port: mute.port })
    await expectAlive(page)
    expect(await page.evaluate(unansweredReadyStates)).toEqual([0, 2])
    const panel = await env.chromium.openPanelTab(page)
    const rows = await waitForRows(panel, 'the three connections', (rows) => rows.length === 3)
    expect(rows.map((r) => r.status)).toEqual(['closing', 'connecting', 'closed'])
    await panel.close()
    await page.close()
  })
})
