// Firefox, in the real DevTools toolbox: the panel follows the toolbox theme when it changes
// (devtools.panels.onThemeChanged), without a reload.
import { describe, it } from 'vitest'
import { waitFor } from '../drivers/firefox.ts'
import { useFirefoxToolboxPanel } from './helpers/fixtures.ts'

const env = useFirefoxToolboxPanel({ prefs: { 'devtools.theme': 'light' } })

const themed = (theme: string) => async () => (await env.toolbox.texts(`html[data-theme="${theme}"]`)).length === 1

describe('Firefox toolbox panel: theme', () => {
  it('switches between light and dark with the toolbox, live', async () => {
    await env.page.evaluate(async (wsBase) => {
      const ws = new WebSocket(`${wsBase}/echo?theme`)
      await new Promise((resolve) => (ws.onopen = resolve))
      ws.send('hello')
      await new Promise((resolve) => (ws.onmessage = resolve))
    }, env.playground.wsBase)
    await env.toolbox.waitForText('td.status', 'open')
    await env.toolbox.click('tr[data-connection-id]')
    await waitFor('the light theme at first', themed('light'))
    await env.toolbox.setTheme('dark')
    await waitFor('the panel to turn dark', themed('dark'), { timeoutMs: 5_000 })
    await env.toolbox.setTheme('light')
    await waitFor('the panel to turn light again', themed('light'), { timeoutMs: 5_000 })
  })
})
