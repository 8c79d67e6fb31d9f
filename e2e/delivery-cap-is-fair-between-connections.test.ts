// A flood on one connection must not evict a quiet connection's messages: the cap takes from the
// connection holding the most, every connection counts all it sent and received, the flood's row says
// how many it kept, and the panel says what was dropped from which connection. A panel opened after the
// service worker was stopped shows the same, from IndexedDB.
import { describe, expect, it } from 'vitest'
import { controlServiceWorker, openPanelFor, readLosses, waitForRows, type Row } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
import { ECHOES, echoThenFlood, expectedView, FLOOD, traffic } from './scenarios/fair-cap.ts'

const env = useChromiumAndPlayground()

describe('Chromium: the per-tab cap between connections', () => {
  it("keeps a quiet connection's messages and counters through another one's flood, across a worker stop", async () => {
    const { playground, chromium } = env
    const page = await chromium.newPage()
    await page.goto(new URL('/blank.html', playground.url).href)
    const tabId = await chromium.tabIdOf(page)
    const panel = await openPanelFor(chromium, tabId)

    expect(await page.evaluate(echoThenFlood, { wsBase: playground.wsBase, echoes: ECHOES, n: FLOOD })).toBe(FLOOD)
    const expected = expectedView(playground.wsBase)
    const complete = (rows: Row[]) => JSON.stringify(traffic(rows)) === JSON.stringify(expected.rows)
    expect(traffic(await waitForRows(panel, 'the echo whole and the flood counted in full', complete, 30_000))).toEqual(expected.rows)
    expect(await readLosses(panel)).toEqual(expected.losses)

    // The echo's own timeline still has every message it sent and received.
    await panel.click(`tr[data-connection-id]:has(td.url:text-is("${expected.rows[0]!.url}"))`)
    await panel.getByRole('searchbox', { name: 'Filter' }).fill('/^ping\\d$/')
    await panel.getByText(new RegExp(`^${2 * ECHOES} of \\d+$`)).waitFor({ timeout: 5_000 })
    // The flood's facts say how many of its messages are kept.
    await panel.click(`tr[data-connection-id]:has(td.url:text-is("${expected.rows[1]!.url}"))`)
    await panel.locator('dd.traffic').getByText(expected.floodFacts).waitFor({ timeout: 5_000 })

    const worker = await controlServiceWorker(chromium, panel)
    await worker.stop()
    const late = await openPanelFor(chromium, tabId)
    expect(traffic(await waitForRows(late, 'the same view from IndexedDB after a worker stop', complete))).toEqual(expected.rows)
    expect(await readLosses(late)).toEqual(expected.losses)
    await worker.detach()
  })
})
