// The background service worker is stopped three times while a page sends and receives 9,000
// messages; every one of them must reach the panel exactly once.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../drivers/wait.ts'
import { readLosses, readRows, waitForRows, type Row } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const ECHOES = 2000
const FLOOD = 5000

const env = useChromiumAndPlayground()

describe('Chromium: stopping the service worker mid-stream', () => {
  it('loses and duplicates nothing, for a panel open throughout and one opened afterwards', async () => {
    const { playground, chromium } = env
    const page = await chromium.newPage()
    await page.goto(new URL('/blank.html', playground.url).href)
    const tabId = await chromium.tabIdOf(page) // asks the worker, so before any stop
    const livePanel = await chromium.openPanelFor(tabId)

    await page.evaluate(
      ({ wsBase, echoes }) => {
        const state = { sent: 0, echoed: 0, flooded: 0, allowed: 0 }
        Object.assign(window, { traffic: state })
        const echo = new WebSocket(`${wsBase}/echo?restart=1`)
        echo.onmessage = () => state.echoed++
        echo.onopen = async () => {
          // Sends as far as the test allows, so that the stops fall mid-stream whatever the machine's pace.
          for (let i = 0; i < echoes; i++) {
            while (i >= state.allowed) await new Promise((r) => setTimeout(r, 10))
            echo.send(`${i}`)
            state.sent++
            if (i % 100 === 99) await new Promise((r) => setTimeout(r, 30))
          }
        }
      },
      { wsBase: playground.wsBase, echoes: ECHOES },
    )
    const progress = () => page.evaluate(() => (window as unknown as { traffic: { sent: number; echoed: number; flooded: number } }).traffic)
    const allow = (allowed: number) =>
      page.evaluate((allowed) => void ((window as unknown as { traffic: { allowed: number } }).traffic.allowed = allowed), allowed)

    const CHUNK = ECHOES / 4
    const sentAtStops: number[] = []
    await allow(CHUNK)
    for (let stop = 1; stop <= 3; stop++) {
      await waitFor('the traffic allowed before the stop', async () => (await progress()).sent === stop * CHUNK)
      sentAtStops.push((await progress()).sent)
      // The next chunk goes out while the worker stops.
      const stopping = chromium.stopServiceWorker()
      await allow((stop + 1) * CHUNK)
      await stopping
      if (stop === 1)
        // The flood starts while the worker is down: its first events find no background at all.
        await page.evaluate((wsBase) => {
          const flood = new WebSocket(`${wsBase}/flood?n=5000&size=32`)
          flood.onmessage = () => (window as unknown as { traffic: { flooded: number } }).traffic.flooded++
        }, playground.wsBase)
      // Relays resending what was never acknowledged wake the worker up again.
      await chromium.waitForServiceWorker()
    }
    await waitFor('the page to finish its traffic', async () => {
      const p = await progress()
      return p.echoed === ECHOES && p.flooded === FLOOD
    })
    // The stops happened mid-stream, and the worker came back after each one.
    expect(sentAtStops.some((n) => n > 0 && n < ECHOES)).toBe(true)

    // Text sizes: the indexes 0..1999 are 6,890 bytes; the flood sends 5,000 messages of 32 bytes.
    const expected = [
      { url: `${playground.wsBase}/echo?restart=1`, sent: `${ECHOES} / 6.7 KiB`, received: `${ECHOES} / 6.7 KiB` },
      { url: `${playground.wsBase}/flood?n=5000&size=32`, sent: '0 / 0 B', received: `${FLOOD} / 156.3 KiB` },
    ]
    const traffic = (rows: Row[]) => rows.map(({ url, sent, received }) => ({ url, sent, received }))
    const complete = (rows: Row[]) => JSON.stringify(traffic(rows)) === JSON.stringify(expected)
    const late = await chromium.openPanelFor(tabId)
    expect(traffic(await waitForRows(late, 'every message in a panel opened after the stops', complete))).toEqual(expected)
    expect(traffic(await waitForRows(livePanel, 'every message, once, in the panel that stayed open', complete))).toEqual(expected)
    expect(await readLosses(late)).toEqual([])
    expect(await readLosses(livePanel)).toEqual([])
    // Nothing arrives after the counts settle (no late duplicates from resends).
    await new Promise((r) => setTimeout(r, 500))
    expect(traffic(await readRows(livePanel))).toEqual(expected)
  })
})
