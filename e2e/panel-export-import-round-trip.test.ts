// Chromium, in the real DevTools panel: Export JSON writes a file (captured through CDP's download
// behaviour), and importing that file with the Import input shows the same connections and messages,
// binary bytes included.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../drivers/cdp.ts'
import { useChromiumDevToolsPanel } from './helpers/fixtures.ts'

const env = useChromiumDevToolsPanel()
const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))

beforeAll(() => env.chromium.downloadsTo(downloads))

afterAll(async () => {
  rmSync(downloads, { recursive: true, force: true })
})

/** What a person reads: every connection row, and the whole timeline with each binary message's hex dump. */
const snapshot = `(async () => {
  const rows = [...document.querySelectorAll('tr[data-connection-id]')].map((tr) =>
    [...tr.cells].filter((td) => !td.classList.contains('duration')).map((td) => td.textContent))
  const timeline = [...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')].map((r) =>
    [...r.querySelectorAll('[role="gridcell"]:not(.time)')].map((c) => c.textContent).join(' | '))
  return { rows, timeline }
})()`

const selectFirstBinary = `[...document.querySelectorAll('section[aria-label="Timeline"] [role="row"]')]
  .find((r) => r.querySelector('.type').textContent.startsWith('binary')).click()`
const hexDump = `document.querySelector('pre[aria-label="Hex dump"]')?.textContent || false`

describe('Chromium DevTools panel: export and import', () => {
  it('imports its own JSON export back to the same connections and messages', async () => {
    await env.page.evaluate(async (wsBase) => {
      const stream = new WebSocketStream(`${wsBase}/echo?round-trip`)
      const { readable, writable } = await stream.opened
      const writer = writable.getWriter()
      const reader = readable.getReader()
      for (const message of ['{"hello":"world"}', new Uint8Array([0, 1, 2, 0xfe, 0xff, 0x41])]) {
        await writer.write(message)
        await reader.read()
      }
      stream.close({ closeCode: 4100, reason: 'done' })
      await stream.closed
      const socket = new WebSocket(`${wsBase}/echo?second`)
      socket.binaryType = 'arraybuffer'
      await new Promise((resolve) => socket.addEventListener('open', resolve))
      socket.send(new Uint8Array(300).map((_, i) => i % 256))
      await new Promise((resolve) => socket.addEventListener('message', resolve))
    }, env.playground.wsBase)
    await env.panel.waitFor(
      'both connections, the first closed',
      `document.querySelectorAll('tr[data-connection-id]').length === 2 && document.querySelector('td.status').textContent === 'closed'`,
    )
    await env.panel.waitFor('all 12 timeline entries', `document.querySelectorAll('section[aria-label="Timeline"] [role="row"]').length === 12`)
    const before = await env.panel.evaluate<{ rows: string[][]; timeline: string[] }>(snapshot)

    await env.panel.click('button[data-action="export-json"]')
    const name = await waitFor('the JSON export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.json$/.test(f)), 10_000)
    const exported = JSON.parse(readFileSync(join(downloads, name), 'utf8')) as { format: string; events: Array<{ dataBase64?: string }> }
    expect(exported.format).toBe('websocketstream-devtools')
    expect(exported.events.filter((e) => e.dataBase64)).toHaveLength(4)

    await env.panel.setFiles('input[type="file"]', [join(downloads, name)])
    await env.panel.waitFor(
      'the imported view',
      `document.querySelector('.banner')?.textContent.startsWith(${JSON.stringify(`Viewing the imported file ${name}`)})`,
    )
    await env.panel.waitFor('the imported timeline', `document.querySelectorAll('section[aria-label="Timeline"] [role="row"]').length === 12`)
    const after = await env.panel.evaluate<{ rows: string[][]; timeline: string[] }>(snapshot)
    expect(after).toEqual(before)
    expect(after.rows.map((r) => r[1])).toEqual([`${env.playground.wsBase}/echo?round-trip`, `${env.playground.wsBase}/echo?second`])
    await env.panel.evaluate(selectFirstBinary)
    expect(await env.panel.waitFor('the hex dump of the first binary message', hexDump)).toBe(`00000000  ${'00 01 02 fe ff 41'.padEnd(49)}  .....A`)
  })
})
