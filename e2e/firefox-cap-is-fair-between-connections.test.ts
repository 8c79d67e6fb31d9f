// Firefox: a flood on one connection must not evict a quiet connection's messages (the Chromium file is
// e2e/delivery-cap-is-fair-between-connections.test.ts; the page step is e2e/scenarios/fair-cap.ts). A
// panel opened after the event page was stopped shows the same, from IndexedDB.
import { describe, expect, it } from 'vitest'
import { openPanelTab, waitFor } from '../drivers/firefox.ts'
import { readLosses, waitForRows, type Row } from './helpers/delivery.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'
import { ECHOES, echoThenFlood, expectedView, FLOOD, traffic } from './scenarios/fair-cap.ts'
import { backgroundState, terminateEventPage } from './scenarios/hostile-firefox.ts'

const env = useFirefoxAndPlayground()

describe('Firefox: the per-tab cap between connections', () => {
  it("keeps a quiet connection's messages and counters through another one's flood, across an event page stop", async () => {
    const { firefox, playground } = env
    const page = await firefox.browser.newPage()
    await page.goto(`${playground.url}blank.html`)
    const panel = await openPanelTab(firefox, page)

    expect(await page.evaluate(echoThenFlood, { wsBase: playground.wsBase, echoes: ECHOES, n: FLOOD })).toBe(FLOOD)
    const expected = expectedView(playground.wsBase)
    const complete = (rows: Row[]) => JSON.stringify(traffic(rows)) === JSON.stringify(expected.rows)
    expect(traffic(await waitForRows(panel, 'the echo whole and the flood counted in full', complete, 30_000))).toEqual(expected.rows)
    expect(await readLosses(panel)).toEqual(expected.losses)
    // The flood's facts say how many of its messages are kept.
    await panel.evaluate((url) => {
      for (const tr of document.querySelectorAll<HTMLElement>('tr[data-connection-id]')) if (tr.querySelector('td.url')?.textContent === url) tr.click()
    }, expected.rows[1]!.url)
    const facts = () => panel.evaluate(() => [...document.querySelectorAll('dd.traffic')].map((dd) => dd.textContent ?? ''))
    await waitFor('kept of total in the flood facts', async () => (await facts()).some((t) => t.endsWith(expected.floodFacts)), { timeoutMs: 5_000 })
    await panel.close()

    expect(await terminateEventPage(firefox)).toBe('stopped')
    const late = await openPanelTab(firefox, page)
    expect(traffic(await waitForRows(late, 'the same view from IndexedDB after an event page stop', complete))).toEqual(expected.rows)
    expect(await readLosses(late)).toEqual(expected.losses)
    expect(await backgroundState(firefox)).toBe('running')
    await late.close()
    await page.close()
  })
})
