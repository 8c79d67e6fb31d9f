// In the real DevTools panel: select a connection (mouse and keyboard), filter its timeline by text,
// /regex/, invert and direction, and read a binary message as a hex dump. The second connection is a
// WebSocketStream where the browser has it (Chromium), a WebSocket elsewhere (Firefox).
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { useDevToolsPanel } from './helpers/fixtures.ts'

/** The previews of the timeline rows shown, top to bottom, with their direction. */
const timeline = `[...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')].map((r) =>
  r.querySelector('.direction').getAttribute('aria-label') + ' ' + r.querySelector('.preview').textContent)`

/** Runs in the page: a WebSocket to ?first, then one (a WebSocketStream with `streams`) to ?second that echoes three messages. */
async function twoConnections({ wsBase, streams }: { wsBase: string; streams: boolean }) {
  const open = (url: string) =>
    new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(url)
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => resolve(ws)
    })
  await open(`${wsBase}/echo?first`)
  const messages = ['hello', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]), 'world']
  if (streams) {
    const stream = new WebSocketStream(`${wsBase}/echo?second`)
    const { readable, writable } = await stream.opened
    const writer = writable.getWriter()
    const reader = readable.getReader()
    for (const message of messages) {
      await writer.write(message)
      await reader.read()
    }
  } else {
    const second = await open(`${wsBase}/echo?second`)
    for (const message of messages)
      await new Promise((resolve) => {
        second.onmessage = resolve
        second.send(message)
      })
  }
}

describe.each(browsers)('%s DevTools panel: select, filter, hex', (kind) => {
  const env = useDevToolsPanel(kind)

  const waitForTimeline = (what: string, expected: string[]) =>
    env.panel
      .waitFor<string[]>(what, `(() => { const t = ${timeline}; return JSON.stringify(t) === ${JSON.stringify(JSON.stringify(expected))} && t })()`)
      .catch(async (error: Error) => {
        throw new Error(`${error.message}; timeline: ${JSON.stringify(await env.panel.evaluate(timeline))}`)
      })

  it('selects connections by click and keyboard, filters the timeline, and shows binary as hex', async () => {
    const { panel, playground } = env
    await env.page.evaluate(twoConnections, { wsBase: playground.wsBase, streams: env.browser.has.webSocketStream })

    await panel.waitFor('both connections', `document.querySelectorAll('tr[data-connection-id]').length === 2`)
    await panel.click('tr[data-connection-id]')
    await panel.waitForText('.facts h2', `${playground.wsBase}/echo?first`)
    await panel.press('tr.selected', 'ArrowDown')
    await panel.waitForText('.facts h2', `${playground.wsBase}/echo?second`)
    expect(
      await panel.evaluate(
        `document.activeElement.getAttribute('data-connection-id') === document.querySelector('tr.selected').getAttribute('data-connection-id')`,
      ),
    ).toBe(true)

    await panel.fill('input[name="filter"]', 'WORLD')
    await waitForTimeline('a plain-text filter', ['sent world', 'received world'])
    await panel.fill('input[name="filter"]', '/^(hello|world)$/')
    await waitForTimeline('a regex filter', ['sent hello', 'received hello', 'sent world', 'received world'])
    await panel.click('input[name="received"]')
    await waitForTimeline('the direction filter', ['sent hello', 'sent world'])
    await panel.click('input[name="invert"]')
    await panel.click('input[name="events"]')
    await waitForTimeline('the inverted regex without events', ['sent de ad be ef 00 41'])
    await panel.click('section[aria-label="Timeline"] [role="row"]')

    const hex = await panel.waitForText('pre[aria-label="Hex dump"]', '00000000')
    expect(hex).toBe(`00000000  ${'de ad be ef 00 41'.padEnd(49)}  .....A`)
  })
})
