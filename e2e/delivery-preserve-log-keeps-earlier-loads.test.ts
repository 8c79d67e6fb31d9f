// A reload starts a new page load: the log is cleared, unless "Preserve log" keeps the earlier loads,
// each marked with the navigation that ended it.
import { describe, expect, it } from 'vitest'
import { waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()

const open = (page: import('playwright-core').Page, load: number) =>
  page.evaluate(
    async ({ wsBase, load }) => {
      const socket = new WebSocket(`${wsBase}/echo?load=${load}`)
      await new Promise((resolve) => (socket.onopen = resolve))
    },
    { wsBase: env.playground.wsBase, load },
  )

describe('Chromium: Preserve log', () => {
  it('keeps earlier loads behind a navigation marker, and a reload clears the log without it', async () => {
    const { playground, chromium } = env
    const blank = new URL('/blank.html', playground.url).href
    const page = await chromium.newPage()
    await page.goto(blank)
    const tabId = await chromium.tabIdOf(page)
    const panel = await chromium.openPanelFor(tabId)
    const urls = (n: number[]) => n.map((i) => `${playground.wsBase}/echo?load=${i}`)
    const showing = (want: number[]) => (rows: Array<{ url: string }>) => JSON.stringify(rows.map((r) => r.url)) === JSON.stringify(urls(want))

    await panel.getByLabel('Preserve log').check()
    await open(page, 1)
    await waitForRows(panel, 'the first load', showing([1]))
    await page.reload()
    await open(page, 2)
    await waitForRows(panel, 'both loads', showing([1, 2]))
    // In document order: load 1's row, the marker naming where the tab went, load 2's row.
    const order = await panel.evaluate(() => [...document.querySelectorAll('tr[data-connection-id] td.url, [role="separator"]')].map((e) => e.textContent))
    expect(order).toEqual([urls([1])[0], `Navigated to ${blank}`, urls([2])[0]])
    // A panel opened now sees the same.
    const late = await chromium.openPanelFor(tabId)
    await waitForRows(late, 'both loads in a late panel', showing([1, 2]))
    expect(await late.getByLabel('Preserve log').isChecked()).toBe(true)

    await panel.getByLabel('Preserve log').uncheck()
    await expect.poll(() => late.getByLabel('Preserve log').isChecked()).toBe(false)
    await page.reload()
    await open(page, 3)
    await waitForRows(panel, 'only the newest load', showing([3]))
    expect(await panel.locator('[role="separator"]').count()).toBe(0)
  })
})
