// Firefox: the add-on makes no network requests of its own and loads no remote code (the Chromium file is
// e2e/hostile-extension-makes-no-network-requests.test.ts, which listens to CDP Network on its service
// worker and panel). BiDi's network events skip extension contexts (the event page, the toolbox panel),
// so this watches every HTTP channel the browser opens, in the parent process where they all open, and
// keeps those asked for by a principal of the add-on: its pages and event page (moz-extension://<uuid>)
// and its content scripts (an expanded principal that names it). The full scenario: the event page
// started anew, page traffic, the panel in the real toolbox and as a tab, a connection selected, an export.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { waitForRows } from './helpers/delivery.ts'
import { downloadPrefs, openPanelTab, openToolboxPanel, waitFor } from '../drivers/firefox.ts'
import { useFirefoxAndPlayground } from './helpers/fixtures.ts'
import { backgroundState, recordHttpChannels, terminateEventPage } from './scenarios/hostile-firefox.ts'
import { echoOnceAndClose } from './scenarios/hostile-network.ts'

const downloads = mkdtempSync(join(tmpdir(), 'wss-devtools-downloads-'))
const env = useFirefoxAndPlayground({ prefs: downloadPrefs(downloads) })
afterAll(() => rmSync(downloads, { recursive: true, force: true }))

describe('Firefox: the add-on on the network', () => {
  it('requests nothing from its event page, its content scripts, the toolbox panel or the panel tab', async () => {
    const { firefox, playground } = env
    const own = `moz-extension://${firefox.uuid}`
    const recording = await recordHttpChannels(firefox)
    // Stopped now, the event page starts again inside the recording: its startup is watched too.
    expect(await terminateEventPage(firefox)).toBe('stopped')

    const page = await firefox.browser.newPage()
    await page.goto(`${playground.url}blank.html`)
    const toolbox = await openToolboxPanel(firefox, page)
    await page.evaluate(echoOnceAndClose, playground.wsBase)
    await toolbox.waitForText('tr[data-connection-id] td.status', 'closed')
    await toolbox.click('tr[data-connection-id]')
    await toolbox.waitForText('section[aria-label="Timeline"] [role="row"][data-seq]', 'hello')
    await toolbox.click('button[data-action="export-json"]')
    await waitFor('the JSON export in the download folder', () => readdirSync(downloads).find((f) => /^websockets-.*\.json$/.test(f)), { timeoutMs: 10_000 })
    await toolbox.close()
    const panel = await openPanelTab(firefox, page)
    await waitForRows(panel, 'the closed connection', (rows) => rows[0]?.status === 'closed')
    expect(await backgroundState(firefox)).toBe('running')

    // One request the add-on does make, from the panel tab, to show the recording tells the add-on's apart.
    const contrast = `${playground.url}no-content?asked-by-the-add-on`
    await panel.evaluate(
      (url) =>
        fetch(url).then(
          () => 'sent',
          () => 'sent',
        ),
      contrast,
    )
    const channels = await recording.stop()
    await panel.close()
    await page.close()

    // The page's own requests were recorded: the document and the WebSocket handshake.
    expect(channels.map((c) => c.url)).toEqual(expect.arrayContaining([`${playground.url}blank.html`, expect.stringContaining('/echo?network')]))
    const byAddon = channels.filter((c) => c.triggering.includes(own) || c.loading.includes(own))
    expect(byAddon.map((c) => c.url)).toEqual([contrast])
  })
})
