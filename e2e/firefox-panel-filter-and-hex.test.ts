// Firefox, in the real DevTools toolbox: select a connection (mouse and keyboard), filter its timeline by
// text, /regex/, invert and direction, and read a binary message as a hex dump. Firefox has no
// WebSocketStream, so the connections are WebSockets.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../drivers/firefox.ts'
import { useFirefoxToolboxPanel } from './helpers/fixtures.ts'

const env = useFirefoxToolboxPanel()

const ROWS = 'section[aria-label="Timeline"] [role="row"]'

/** Each timeline row as "sent …" / "received …" / "event …", read from its direction and preview cells. */
async function timeline(): Promise<string[]> {
  const [directions, previews] = await Promise.all([env.toolbox.texts(`${ROWS} .direction`), env.toolbox.texts(`${ROWS} .preview`)])
  const word: Record<string, string> = { '↑': 'sent', '↓': 'received', '•': 'event' }
  return previews.map((p, i) => `${word[directions[i] ?? ''] ?? '?'} ${p}`)
}

async function waitForTimeline(what: string, expected: string[]): Promise<void> {
  let last: string[] = []
  await waitFor(what, async () => ((last = await timeline()), JSON.stringify(last) === JSON.stringify(expected)), { timeoutMs: 5_000 }).catch(
    (error: Error) => {
      throw new Error(`${error.message}; timeline: ${JSON.stringify(last)}`)
    },
  )
}

describe('Firefox toolbox panel: select, filter, hex', () => {
  it('selects connections by click and keyboard, filters the timeline, and shows binary as hex', async () => {
    await env.page.evaluate(async (wsBase) => {
      const open = (url: string) =>
        new Promise<WebSocket>((resolve) => {
          const ws = new WebSocket(url)
          ws.binaryType = 'arraybuffer'
          ws.onopen = () => resolve(ws)
        })
      await open(`${wsBase}/echo?first`)
      const second = await open(`${wsBase}/echo?second`)
      for (const message of ['hello', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]), 'world'])
        await new Promise((resolve) => {
          second.onmessage = resolve
          second.send(message)
        })
    }, env.playground.wsBase)

    await waitFor('both connections', async () => (await env.toolbox.texts('tr[data-connection-id]')).length === 2)
    await env.toolbox.click('tr[data-connection-id]')
    await env.toolbox.waitForText('.facts h2', `${env.playground.wsBase}/echo?first`)
    await env.toolbox.press('tr.selected', 'ArrowDown')
    await env.toolbox.waitForText('.facts h2', `${env.playground.wsBase}/echo?second`)

    await env.toolbox.fill('input[name="filter"]', 'WORLD')
    await waitForTimeline('a plain-text filter', ['sent world', 'received world'])
    await env.toolbox.fill('input[name="filter"]', '/^(hello|world)$/')
    await waitForTimeline('a regex filter', ['sent hello', 'received hello', 'sent world', 'received world'])
    await env.toolbox.click('input[name="received"]')
    await waitForTimeline('the direction filter', ['sent hello', 'sent world'])
    await env.toolbox.click('input[name="invert"]')
    await env.toolbox.click('input[name="events"]')
    await waitForTimeline('the inverted regex without events', ['sent de ad be ef 00 41'])
    await env.toolbox.click(ROWS)

    const hex = await env.toolbox.waitForText('pre[aria-label="Hex dump"]', '00000000')
    expect(hex).toBe(`00000000  ${'de ad be ef 00 41'.padEnd(49)}  .....A`)
  })
})
