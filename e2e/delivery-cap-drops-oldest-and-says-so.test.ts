// Past the per-tab cap set in the panel's settings, the oldest messages are dropped and the panel says
// how many, and from which connection; the connection still counts all it received. A panel opened later
// holds the same capped log.
import { describe, expect, it } from 'vitest'
import { EVENT_TIMEOUT_MS, waitFor } from '../drivers/wait.ts'
import { readLosses, waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()

describe('Chromium: the per-tab cap', () => {
  it('keeps the newest messages within the cap and counts the dropped ones', async () => {
    const { playground, chromium } = env
    const page = await chromium.newPage()
    await page.goto(new URL('/blank.html', playground.url).href)
    const tabId = await chromium.tabIdOf(page)
    const panel = await chromium.openPanelFor(tabId)

    await panel.getByRole('button', { name: 'Settings' }).click()
    await panel.getByLabel('Maximum messages per tab').fill('100')
    await panel.getByLabel('Maximum payload megabytes per tab').fill('1')
    await panel.getByRole('button', { name: 'Apply' }).click()
    // Reopening the settings shows what the background now holds, so the cap is in force.
    await waitFor('the background to apply the cap', async () => {
      await panel.getByRole('button', { name: 'Settings' }).click()
      await panel.getByRole('button', { name: 'Settings' }).click()
      return (await panel.getByLabel('Maximum messages per tab').inputValue()) === '100'
    })

    await page.evaluate(async (wsBase) => {
      const flood = new WebSocket(`${wsBase}/flood?n=300&size=10`)
      let received = 0
      await new Promise((resolve) => (flood.onmessage = () => ++received === 300 && resolve(null)))
    }, playground.wsBase)

    const url = `${playground.wsBase}/flood?n=300&size=10`
    const capped = (rows: Array<{ url: string; received: string }>) =>
      rows.length === 1 && rows[0]!.url === url && rows[0]!.received === '300 / 2.9 KiB (100 kept)'
    await waitForRows(panel, 'the newest 100 messages', capped)
    await waitFor('the drop counter', async () => (await readLosses(panel)).includes('200 messages dropped (cap)'))

    const late = await chromium.openPanelFor(tabId)
    await waitForRows(late, 'the same capped log in a late panel', capped)
    expect(await readLosses(late)).toEqual(['200 messages dropped (cap)', `200 of 300 messages dropped from ${url}, oldest first`])
    // The newest ones are kept: the last message (index 299) is there, the first (index 0) is not.
    await late.click('tr[data-connection-id]')
    const filter = late.getByRole('searchbox', { name: 'Filter' })
    await filter.fill('299.......')
    await late.getByText(/^1 of \d+$/).waitFor({ timeout: EVENT_TIMEOUT_MS })
    expect(await late.locator('section[aria-label="Timeline"] [role="row"]').textContent()).toContain('299.......')
    await filter.fill('/^0\\.{9}$/')
    await late.getByText(/^0 of \d+$/).waitFor({ timeout: EVENT_TIMEOUT_MS })
  })
})
