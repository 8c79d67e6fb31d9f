// A panel opened after the page has talked shows everything since the page loaded, from every frame,
// in order, binary payloads intact; closing and reopening the panel loses nothing.
import { describe, expect, it } from 'vitest'
import { readLosses, waitForRows, type Row } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()

describe('Chromium: a panel opened late', () => {
  it('shows the history of every frame in order, and again after being closed and reopened', async () => {
    const { playground, chromium } = env
    const page = await chromium.newPage()
    await page.goto(new URL('/blank.html', playground.url).href)
    await page.evaluate(async (wsBase) => {
      const stream = new WebSocketStream(`${wsBase}/echo?history=1`)
      const { readable, writable } = await stream.opened
      const writer = writable.getWriter()
      const reader = readable.getReader()
      await writer.write('hello')
      await writer.write(new Uint8Array([0xca, 0xfe, 0x01]))
      await reader.read()
      await reader.read()
      const flood = new WebSocket(`${wsBase}/flood?n=300&size=16&binary=1`)
      flood.binaryType = 'arraybuffer'
      let received = 0
      await new Promise((resolve) => (flood.onmessage = () => ++received === 300 && resolve(null)))
      const frame = document.createElement('iframe')
      frame.src = '/frame.html?api=WebSocket'
      document.body.append(frame)
    }, playground.wsBase)
    await playground.waitForLog((e) => e.event === 'message' && e.text === 'hello from the frame')
    const tabId = await chromium.tabIdOf(page)

    // The connections in the order they were made: the top frame's two, then the iframe's.
    const expected = [
      { url: `${playground.wsBase}/echo?history=1`, sent: '2 / 8 B', received: '2 / 8 B' },
      { url: `${playground.wsBase}/flood?n=300&size=16&binary=1`, sent: '0 / 0 B', received: '300 / 4.7 KiB' },
      { url: `${playground.wsBase}/echo`, sent: '1 / 20 B', received: '1 / 20 B' },
    ]
    const sameAs = (want: typeof expected) => (rows: Row[]) =>
      JSON.stringify(rows.map(({ url, sent, received }) => ({ url, sent, received }))) === JSON.stringify(want)
    let panel = await chromium.openPanelFor(tabId)
    await waitForRows(panel, 'the history of both frames', sameAs(expected))
    // Binary crossed every boundary as bytes (JSON serialisation would have turned it into an object).
    await panel.click('tr[data-connection-id]')
    await panel.waitForSelector('section[aria-label="Timeline"]')
    expect(await panel.locator('section[aria-label="Timeline"]').textContent()).toMatch(/ca fe 01/)
    expect(await readLosses(panel)).toEqual([])
    await panel.close()

    // Traffic while no panel is open, then a new panel: the old history and the new traffic, once.
    await page.evaluate(async (wsBase) => {
      const socket = new WebSocket(`${wsBase}/echo?while-closed=1`)
      await new Promise((resolve) => (socket.onopen = resolve))
      socket.send('while the panel was closed')
      await new Promise((resolve) => (socket.onmessage = resolve))
    }, playground.wsBase)
    panel = await chromium.openPanelFor(tabId)
    const more = [...expected, { url: `${playground.wsBase}/echo?while-closed=1`, sent: '1 / 26 B', received: '1 / 26 B' }]
    await waitForRows(panel, 'the history plus what happened while the panel was closed', sameAs(more))
  })
})
