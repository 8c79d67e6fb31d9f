// In the real DevTools panel: the panel follows DevTools' theme when it changes (Chrome's
// setThemeChangeHandler, Firefox's onThemeChanged), without a reload; where the browser can take a
// picture of DevTools (Chromium), the README's light and dark screenshots are taken here.
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { useDevToolsPanel } from './helpers/fixtures.ts'
import { saveScreenshot } from './helpers/screenshots.ts'

const theme = `document.documentElement.dataset.theme`
const SCREENSHOT = { width: 1400, height: 720 }

/**
 * Runs in the page, a scene worth a screenshot: a compressed connection (a WebSocketStream with `streams`)
 * with JSON and binary, a socket the server closed with a code and reason, one the page closed.
 */
async function scene({ wsBase, streams }: { wsBase: string; streams: boolean }) {
  const messages = ['{"type":"subscribe","channel":"prices","ids":[1,2,3]}', new TextEncoder().encode('\u0000\u0001binary frame \u00ff'), 'ping']
  if (streams) {
    const stream = new WebSocketStream(`${wsBase}/deflate-echo`)
    const { readable, writable } = await stream.opened
    const writer = writable.getWriter()
    const reader = readable.getReader()
    for (const message of messages) {
      await writer.write(message)
      await reader.read()
    }
  } else {
    const ws = new WebSocket(`${wsBase}/deflate-echo`)
    await new Promise((resolve) => (ws.onopen = resolve))
    for (const message of messages)
      await new Promise((resolve) => {
        ws.onmessage = resolve
        ws.send(message)
      })
  }
  const closedByServer = new WebSocket(`${wsBase}/close?code=4003&reason=session%20expired`)
  await new Promise((resolve) => closedByServer.addEventListener('close', resolve))
  const closedByPage = new WebSocket(`${wsBase}/echo?room=lobby`)
  await new Promise((resolve) => closedByPage.addEventListener('open', resolve))
  closedByPage.send('hello')
  await new Promise((resolve) => closedByPage.addEventListener('message', resolve))
  closedByPage.close(1000, 'bye')
  await new Promise((resolve) => closedByPage.addEventListener('close', resolve))
}

describe.each(browsers)('%s DevTools panel: theme', (kind) => {
  const env = useDevToolsPanel(kind)

  it('switches between light and dark with DevTools, live', async () => {
    const { panel } = env
    await env.page.evaluate(scene, { wsBase: env.playground.wsBase, streams: env.browser.has.webSocketStream })
    await panel.waitFor('three connections, two closed', `[...document.querySelectorAll('td.status')].filter((td) => td.textContent === 'closed').length === 2`)
    await panel.click('tr[data-connection-id]')
    await panel.waitFor('the first binary message', `!!document.querySelector('section[aria-label="Timeline"] [role="row"][data-seq] .type')`)
    await panel.evaluate(`[...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')]
      .find((r) => r.classList.contains('received') && r.querySelector('.type').textContent === 'binary').click()`)
    await panel.waitFor('the hex dump', `!!document.querySelector('pre[aria-label="Hex dump"]')`)

    for (const wanted of ['light', 'dark', 'light'] as const) {
      await panel.setTheme(wanted)
      expect(await panel.waitFor(`the panel's ${wanted} theme`, `${theme} === '${wanted}' && ${theme}`)).toBe(wanted)
      if (panel.screenshot) saveScreenshot(`devtools-panel-${kind.name.toLowerCase()}-${wanted}.png`, await panel.screenshot(SCREENSHOT))
    }
  })
})
