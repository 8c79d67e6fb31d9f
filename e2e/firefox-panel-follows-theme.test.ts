// Firefox, in the real DevTools toolbox: the panel follows the toolbox theme when it changes
// (devtools.panels.onThemeChanged), without a reload.
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { openToolboxPanel, waitFor, type ToolboxPanel } from './helpers/firefox.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'

const env = useFirefoxAndPlayground({ prefs: { 'devtools.theme': 'light' } })
let page: Page
let toolbox: ToolboxPanel

beforeAll(async () => {
  page = await env.firefox.browser.newPage()
  await page.goto(env.playground.url)
  toolbox = await openToolboxPanel(env.firefox, page)
})

afterAll(async () => {
  await toolbox?.close().catch(() => {})
})

const themed = (theme: string) => async () => (await toolbox.texts(`html[data-theme="${theme}"]`)).length === 1

describe('Firefox toolbox panel: theme', () => {
  it('switches between light and dark with the toolbox, live', async () => {
    await page.evaluate(async (wsBase) => {
      const ws = new WebSocket(`${wsBase}/echo?theme`)
      await new Promise((resolve) => (ws.onopen = resolve))
      ws.send('hello')
      await new Promise((resolve) => (ws.onmessage = resolve))
    }, env.playground.wsBase)
    await toolbox.waitForText('td.status', 'open')
    await toolbox.click('tr[data-connection-id]')
    await waitFor('the light theme at first', themed('light'))
    await toolbox.setTheme('dark')
    await waitFor('the panel to turn dark', themed('dark'), { timeoutMs: 5_000 })
    await toolbox.setTheme('light')
    await waitFor('the panel to turn light again', themed('light'), { timeoutMs: 5_000 })
  })
})
