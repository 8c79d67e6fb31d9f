// In the real DevTools panel: Export JSON writes a file (into the browser's download folder), and importing
// that file with the Import input shows the same connections and messages, binary bytes included. The
// first connection is a WebSocketStream where the browser has it (Chromium), a WebSocket elsewhere.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { waitFor } from '../drivers/wait.ts'
import { useDevToolsPanel } from './helpers/fixtures.ts'

const ROWS = 'section[aria-label="Timeline"] [role="row"]'

/** What a person reads: every connection row (but the ticking duration), and every timeline cell but the time. */
const snapshot = `({
  rows: [...document.querySelectorAll('tr[data-connection-id]')].map((tr) =>
    [...tr.cells].filter((td) => !td.classList.contains('duration')).map((td) => td.textContent)),
  timeline: [...document.querySelectorAll('${ROWS}')].map((r) =>
    [...r.querySelectorAll('[role="gridcell"]:not(.time)')].map((c) => c.textContent).join(' | ')),
})`

/**
 * Runs in the page: a text and a binary message echoed on a WebSocketStream (`streams`) or a WebSocket to
 * ?round-trip, closed with 4100 "done"; then a WebSocket to ?second that echoes 300 bytes and stays open.
 */
async function traffic({ wsBase, streams }: { wsBase: string; streams: boolean }) {
  const messages = ['{"hello":"world"}', new Uint8Array([0, 1, 2, 0xfe, 0xff, 0x41])]
  if (streams) {
    const stream = new WebSocketStream(`${wsBase}/echo?round-trip`)
    const { readable, writable } = await stream.opened
    const writer = writable.getWriter()
    const reader = readable.getReader()
    for (const message of messages) {
      await writer.write(message)
      await reader.read()
    }
    stream.close({ closeCode: 4100, reason: 'done' })
    await stream.closed
  } else {
    const ws = new WebSocket(`${wsBase}/echo?round-trip`)
    ws.binaryType = 'arraybuffer'
    await new Promise((resolve) => (ws.onopen = resolve))
    for (const message of messages)
      await new Promise((resolve) => {
        ws.onmessage = resolve
        ws.send(message)
      })
    ws.close(4100, 'done')
    await new Promise((resolve) => (ws.onclose = resolve))
  }
  const socket = new WebSocket(`${wsBase}/echo?second`)
  socket.binaryType = 'arraybuffer'
  await new Promise((resolve) => socket.addEventListener('open', resolve))
  socket.send(new Uint8Array(300).map((_, i) => i % 256))
  await new Promise((resolve) => socket.addEventListener('message', resolve))
}

describe.each(browsers)('%s DevTools panel: export and import', (kind) => {
  const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))
  const env = useDevToolsPanel(kind, { downloads })
  afterAll(() => rmSync(downloads, { recursive: true, force: true }))

  it('imports its own JSON export back to the same connections and messages', async () => {
    const { panel, playground } = env
    await env.page.evaluate(traffic, { wsBase: playground.wsBase, streams: env.browser.has.webSocketStream })
    await panel.waitFor(
      'both connections, the first closed',
      `document.querySelectorAll('tr[data-connection-id]').length === 2 && document.querySelector('td.status').textContent === 'closed'`,
    )
    await panel.waitFor('all 12 timeline entries', `document.querySelectorAll('${ROWS}').length === 12`)
    const before = await panel.evaluate<{ rows: string[][]; timeline: string[] }>(snapshot)

    await panel.click('button[data-action="export-json"]')
    // Both browsers write the file under a temporary name and rename it once it is complete.
    const name = await waitFor('the JSON export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.json$/.test(f)))
    const text = await waitFor('the whole export', () => {
      const t = readFileSync(join(downloads, name), 'utf8')
      return t.endsWith('}') && t
    })
    const exported = JSON.parse(text) as { format: string; events: Array<{ dataBase64?: string }> }
    expect(exported.format).toBe('websocketstream-devtools')
    expect(exported.events.filter((e) => e.dataBase64)).toHaveLength(4)

    await panel.setFile('input[type="file"]', name, text)
    await panel.waitFor(
      'the imported view',
      `document.querySelector('.banner')?.textContent.startsWith(${JSON.stringify(`Viewing the imported file ${name}`)})`,
    )
    await panel.waitFor('the imported timeline', `document.querySelectorAll('${ROWS}').length === 12`)
    const after = await panel.evaluate<{ rows: string[][]; timeline: string[] }>(snapshot)
    expect(after).toEqual(before)
    expect(after.rows.map((r) => r[1])).toEqual([`${playground.wsBase}/echo?round-trip`, `${playground.wsBase}/echo?second`])

    // Only sent binary messages: the first is the round trip's.
    await panel.click('input[name="text"]')
    await panel.click('input[name="events"]')
    await panel.click('input[name="received"]')
    await panel.click(ROWS)
    const hex = await panel.waitForText('pre[aria-label="Hex dump"]', '00000000')
    expect(hex).toBe(`00000000  ${'00 01 02 fe ff 41'.padEnd(49)}  .....A`)
  })
})
