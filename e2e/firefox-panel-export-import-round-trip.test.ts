// Firefox, in the real DevTools toolbox: Export JSON saves a file (download prefs point at a temp folder),
// and importing that file with the Import input shows the same connections and messages, binary bytes
// included. The toolbox's frame script cannot drive a file picker, so the file's text is handed to the
// input as a FileList built with DataTransfer (ToolboxPanel.setFile); the panel reads it as it would a
// chosen file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { downloadPrefs, waitFor } from '../drivers/firefox.ts'
import { useFirefoxToolboxPanel } from './helpers/fixtures.ts'

const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))
const env = useFirefoxToolboxPanel({ prefs: downloadPrefs(downloads) })

afterAll(() => rmSync(downloads, { recursive: true, force: true }))

const ROWS = 'section[aria-label="Timeline"] [role="row"]'

/** What a person reads: the connection cells (but the ticking duration) and every timeline cell but the time. */
const snapshot = async () => ({
  rows: await env.toolbox.texts('tr[data-connection-id] td:not(.duration)'),
  timeline: await env.toolbox.texts(`${ROWS} [role="gridcell"]:not(.time)`),
})

describe('Firefox toolbox panel: export and import', () => {
  it('imports its own JSON export back to the same connections and messages', async () => {
    await env.page.evaluate(async (wsBase) => {
      const ws = new WebSocket(`${wsBase}/echo?round-trip`)
      ws.binaryType = 'arraybuffer'
      await new Promise((resolve) => (ws.onopen = resolve))
      for (const message of ['{"hello":"world"}', new Uint8Array([0, 1, 2, 0xfe, 0xff, 0x41])])
        await new Promise((resolve) => {
          ws.onmessage = resolve
          ws.send(message)
        })
      ws.close(4100, 'done')
      await new Promise((resolve) => (ws.onclose = resolve))
    }, env.playground.wsBase)
    await env.toolbox.waitForText('td.status', 'closed')
    await waitFor('all 8 timeline entries', async () => (await env.toolbox.texts(ROWS)).length === 8)
    const before = await snapshot()

    await env.toolbox.click('button[data-action="export-json"]')
    const name = await waitFor('the JSON export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.json$/.test(f)), {
      timeoutMs: 10_000,
    })
    const text = await waitFor('the download to be complete', () => {
      const t = readFileSync(join(downloads, name), 'utf8')
      return t.endsWith('}') && t
    })
    const exported = JSON.parse(text) as { format: string; events: Array<{ dataBase64?: string }> }
    expect(exported.format).toBe('websocketstream-devtools')
    expect(exported.events.filter((e) => e.dataBase64)).toHaveLength(2)

    await env.toolbox.setFile('input[type="file"]', name, text)
    await env.toolbox.waitForText('.banner', `Viewing the imported file ${name}`)
    await waitFor('the imported timeline', async () => (await env.toolbox.texts(ROWS)).length === 8)
    const after = await snapshot()
    expect(after).toEqual(before)
    expect(after.rows[1]).toBe(`${env.playground.wsBase}/echo?round-trip`)

    await env.toolbox.click('input[name="text"]')
    await env.toolbox.click('input[name="events"]')
    await env.toolbox.click('input[name="received"]')
    await env.toolbox.click(ROWS)
    const hex = await env.toolbox.waitForText('pre[aria-label="Hex dump"]', '00000000')
    expect(hex).toBe(`00000000  ${'00 01 02 fe ff 41'.padEnd(49)}  .....A`)
  })
})
