// A flood on one connection must not evict a quiet connection's messages: the cap takes from the
// connection holding the most, every connection counts all it sent and received, the flood's row says
// how many it kept, and the panel says what was dropped from which connection. A panel opened after the
// background was stopped shows the same, from IndexedDB.
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { readLosses, waitForRows, type Row } from './helpers/delivery.ts'
import { useBrowser } from './helpers/fixtures.ts'
import { ECHOES, echoThenFlood, expectedView, FLOOD, traffic } from './scenarios/fair-cap.ts'

describe.each(browsers)('%s: the per-tab cap between connections', (kind) => {
  const env = useBrowser(kind)

  it("keeps a quiet connection's messages and counters through another one's flood, across a background stop", async () => {
    const { playground, browser } = env
    const page = await browser.newPage()
    await page.goto(new URL('/blank.html', playground.url).href)
    const panel = await browser.openPanelTab(page)

    expect(await page.evaluate(echoThenFlood, { wsBase: playground.wsBase, echoes: ECHOES, n: FLOOD })).toBe(FLOOD)
    const expected = expectedView(playground.wsBase)
    const complete = (rows: Row[]) => JSON.stringify(traffic(rows)) === JSON.stringify(expected.rows)
    expect(traffic(await waitForRows(panel, 'the echo whole and the flood counted in full', complete, 30_000))).toEqual(expected.rows)
    expect(await readLosses(panel)).toEqual(expected.losses)

    const rowOf = (url: string) => `tr[data-connection-id]:has(td.url[title=${JSON.stringify(url)}])`
    // The echo's own timeline still has every message it sent and received.
    await panel.click(rowOf(expected.rows[0]!.url))
    await panel.fill('input[name="filter"]', '/^ping\\d$/')
    await panel.waitForText('.filter-count', new RegExp(`^${2 * ECHOES} of [\\d,]+$`))
    // The flood's facts say how many of its messages are kept.
    await panel.click(rowOf(expected.rows[1]!.url))
    await panel.waitForText('dd.traffic', expected.floodFacts)
    await panel.close()

    await browser.stopBackground()
    const late = await browser.openPanelTab(page)
    expect(traffic(await waitForRows(late, 'the same view from IndexedDB after a background stop', complete))).toEqual(expected.rows)
    expect(await readLosses(late)).toEqual(expected.losses)
    await late.close()
    await page.close()
  })
})
