// Chromium, in the real DevTools panel: select a connection (mouse and keyboard), filter its timeline by
// text, /regex/, invert and direction, and read a binary message as a hex dump.
import { describe, expect, it } from 'vitest'
import { useChromiumDevToolsPanel } from './helpers/fixtures.ts'

const env = useChromiumDevToolsPanel()

/** The previews of the timeline rows shown, top to bottom, with their direction. */
const timeline = `[...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')].map((r) =>
  r.querySelector('.direction').getAttribute('aria-label') + ' ' + r.querySelector('.preview').textContent)`

const waitForTimeline = (what: string, expected: string[]) =>
  env.panel
    .waitFor<string[]>(what, `(() => { const t = ${timeline}; return JSON.stringify(t) === ${JSON.stringify(JSON.stringify(expected))} && t })()`, 5_000)
    .catch(async (error: Error) => {
      throw new Error(`${error.message}; timeline: ${JSON.stringify(await env.panel.evaluate(timeline))}`)
    })

describe('Chromium DevTools panel: select, filter, hex', () => {
  it('selects connections by click and keyboard, filters the timeline, and shows binary as hex', async () => {
    await env.page.evaluate(async (wsBase) => {
      const first = new WebSocket(`${wsBase}/echo?first`)
      await new Promise((resolve) => first.addEventListener('open', resolve))
      const stream = new WebSocketStream(`${wsBase}/echo?second`)
      const { readable, writable } = await stream.opened
      const writer = writable.getWriter()
      const reader = readable.getReader()
      for (const message of ['hello', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]), 'world']) {
        await writer.write(message)
        await reader.read()
      }
    }, env.playground.wsBase)

    await env.panel.waitFor('both connections', `document.querySelectorAll('tr[data-connection-id]').length === 2`)
    await env.panel.click('tr[data-connection-id]')
    await env.panel.waitFor(
      'the first connection selected',
      `document.querySelector('.facts h2')?.textContent === ${JSON.stringify(`${env.playground.wsBase}/echo?first`)}`,
    )
    await env.panel.press('ArrowDown')
    const secondUrl = `${env.playground.wsBase}/echo?second`
    await env.panel.waitFor('ArrowDown to select the second connection', `document.querySelector('.facts h2')?.textContent === ${JSON.stringify(secondUrl)}`)
    expect(
      await env.panel.evaluate(
        `document.activeElement.getAttribute('data-connection-id') === document.querySelector('tr.selected').getAttribute('data-connection-id')`,
      ),
    ).toBe(true)

    await env.panel.fill('input[name="filter"]', 'WORLD')
    await waitForTimeline('a plain-text filter', ['sent world', 'received world'])
    await env.panel.fill('input[name="filter"]', '/^(hello|world)$/')
    await waitForTimeline('a regex filter', ['sent hello', 'received hello', 'sent world', 'received world'])
    await env.panel.click('input[name="received"]')
    await waitForTimeline('the direction filter', ['sent hello', 'sent world'])
    await env.panel.click('input[name="invert"]')
    await env.panel.click('input[name="events"]')
    await waitForTimeline('the inverted regex without events', ['sent de ad be ef 00 41'])
    await env.panel.click('section[aria-label="Timeline"] [role="row"]')

    const hex = await env.panel.waitFor<string>('the hex dump', `document.querySelector('pre[aria-label="Hex dump"]')?.textContent || false`)
    expect(hex).toBe(`00000000  ${'de ad be ef 00 41'.padEnd(49)}  .....A`)
  })
})
