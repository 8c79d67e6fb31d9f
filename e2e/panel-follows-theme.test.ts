// Chromium, in the real DevTools panel: the panel follows DevTools' theme when it changes, without a
// reload; the README's light and dark screenshots are taken here.
import { beforeAll, describe, expect, it } from 'vitest'
import { useChromiumDevToolsPanel } from './helpers/fixtures.ts'
import { saveScreenshot } from './helpers/screenshots.ts'

const env = useChromiumDevToolsPanel()

beforeAll(() => env.panel.undock(1400, 720))

const theme = `document.documentElement.dataset.theme`

describe('Chromium DevTools panel: theme', () => {
  it('switches between light and dark with DevTools, live', async () => {
    // A scene worth a screenshot: a compressed WebSocketStream with JSON and binary, a socket the server
    // closed with a code and reason, one the page closed.
    await env.page.evaluate(async (wsBase) => {
      const stream = new WebSocketStream(`${wsBase}/deflate-echo`)
      const { readable, writable } = await stream.opened
      const writer = writable.getWriter()
      const reader = readable.getReader()
      for (const message of ['{"type":"subscribe","channel":"prices","ids":[1,2,3]}', new TextEncoder().encode('\u0000\u0001binary frame \u00ff'), 'ping']) {
        await writer.write(message)
        await reader.read()
      }
      const closedByServer = new WebSocket(`${wsBase}/close?code=4003&reason=session%20expired`)
      await new Promise((resolve) => closedByServer.addEventListener('close', resolve))
      const closedByPage = new WebSocket(`${wsBase}/echo?room=lobby`)
      await new Promise((resolve) => closedByPage.addEventListener('open', resolve))
      closedByPage.send('hello')
      await new Promise((resolve) => closedByPage.addEventListener('message', resolve))
      closedByPage.close(1000, 'bye')
      await new Promise((resolve) => closedByPage.addEventListener('close', resolve))
    }, env.playground.wsBase)
    await env.panel.waitFor(
      'three connections, two closed',
      `[...document.querySelectorAll('td.status')].filter((td) => td.textContent === 'closed').length === 2`,
    )
    await env.panel.click('tr[data-connection-id]')
    await env.panel.waitFor('the first binary message', `!!document.querySelector('section[aria-label="Timeline"] [role="row"][data-seq] .type')`)
    await env.panel.evaluate(`[...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')]
      .find((r) => r.classList.contains('received') && r.querySelector('.type').textContent === 'binary').click()`)
    await env.panel.waitFor('the hex dump', `!!document.querySelector('pre[aria-label="Hex dump"]')`)

    await env.panel.setTheme('dark')
    expect(await env.panel.waitFor(`the panel's dark theme`, `${theme} === 'dark' && ${theme}`, 5_000)).toBe('dark')
    saveScreenshot('devtools-panel-chromium-dark.png', await env.panel.screenshot())

    await env.panel.setTheme('light')
    expect(await env.panel.waitFor(`the panel's light theme`, `${theme} === 'light' && ${theme}`, 5_000)).toBe('light')
    saveScreenshot('devtools-panel-chromium-light.png', await env.panel.screenshot())
  })
})
