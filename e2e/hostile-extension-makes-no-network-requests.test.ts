// The extension makes no network requests of its own and loads no remote code: during a full scenario
// (the background started anew, page traffic, the panel in the real DevTools and as a tab, a connection
// selected, an export) every request the browser makes is either a web page's or, asked for by the
// extension, for one of its own packaged files. How each browser tells the extension's requests apart is
// BrowserDriver.recordRequests (Chromium: CDP on its service worker and pages; Firefox: every HTTP channel
// in the parent process with the principal that asked, content scripts included).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { waitFor } from '../drivers/wait.ts'
import { waitForRows } from './helpers/delivery.ts'
import { useBrowser } from './helpers/fixtures.ts'
import { echoOnceAndClose } from './scenarios/hostile-network.ts'

describe.each(browsers)('%s: the extension on the network', (kind) => {
  const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))
  const env = useBrowser(kind, { downloads })
  afterAll(() => rmSync(downloads, { recursive: true, force: true }))

  it('requests nothing but its own files, from its background, content scripts, the DevTools panel or the panel tab', async () => {
    const { browser, playground } = env
    const own = browser.extensionUrl('')
    const recording = await browser.recordRequests()
    // Stopped now, the background starts again inside the recording: its startup is watched too.
    await browser.stopBackground()

    const page = await browser.newPage()
    await page.goto(`${playground.url}blank.html`)
    const devtools = await browser.openDevToolsPanel(page)
    await page.evaluate(echoOnceAndClose, playground.wsBase)
    await devtools.waitForText('tr[data-connection-id] td.status', 'closed')
    await devtools.click('tr[data-connection-id]')
    await devtools.waitForText('section[aria-label="Timeline"] [role="row"][data-seq]', 'hello')
    await devtools.click('button[data-action="export-json"]')
    await waitFor('the JSON export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.json$/.test(f)))
    await devtools.close()
    const panel = await browser.openPanelTab(page)
    await waitForRows(panel, 'the closed connection', (rows) => rows[0]?.status === 'closed')
    await browser.waitForBackground()

    // One request the extension does make, from the panel tab, to show the recording tells the extension's apart.
    const contrast = `${playground.url}no-content?asked-by-the-extension`
    await panel.evaluate(`fetch(${JSON.stringify(contrast)}).then(() => 'sent', () => 'sent')`)
    const requests = await recording.stop()
    await panel.close()
    await page.close()

    // The page's own requests were recorded: the document and the WebSocket handshake.
    expect(requests.filter((r) => !r.byExtension).map((r) => r.url)).toEqual(
      expect.arrayContaining([`${playground.url}blank.html`, expect.stringContaining('/echo?network')]),
    )
    const packaged = (url: string) => url.startsWith(own) || url.startsWith(`blob:${own}`) || url.startsWith('data:')
    expect(requests.filter((r) => r.byExtension && !packaged(r.url)).map((r) => r.url)).toEqual([contrast])
  })
})
