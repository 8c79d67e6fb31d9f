// The extension makes no network requests of its own and loads no remote code: during a full scenario
// (page traffic, the panel open, a connection selected, an export) every request made by the extension's
// service worker and by its panel is for one of its own packaged files.
import { describe, expect, it } from 'vitest'
import type { TargetInfo } from '../drivers/cdp.ts'
import { waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
import { echoOnceAndClose } from './scenarios/hostile-network.ts'

const env = useChromiumAndPlayground()

describe('Chromium: the extension on the network', () => {
  it('requests nothing but its own files, from the service worker or the panel', async () => {
    const { chromium, playground } = env
    const own = `chrome-extension://${chromium.extensionId}/`
    const requests: string[] = []
    const { targetInfos } = await chromium.cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(own))
    expect(worker, 'the service worker target').toBeDefined()
    const { sessionId } = await chromium.cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: worker!.targetId, flatten: true })
    const stop = chromium.cdp.on((method, params, from) => {
      if (from === sessionId && method === 'Network.requestWillBeSent') requests.push((params.request as { url: string }).url)
    })
    await chromium.cdp.send('Network.enable', {}, sessionId)

    const page = await chromium.newPage()
    await page.goto(`${playground.url}blank.html`)
    const panel = await chromium.openPanelTab(page)
    panel.on('request', (request) => requests.push(request.url()))
    await panel.reload()
    await page.evaluate(echoOnceAndClose, playground.wsBase)
    await waitForRows(panel, 'the closed connection', (rows) => rows[0]?.status === 'closed')
    await panel.click('tr[data-connection-id]')
    await panel.waitForSelector('section[aria-label="Timeline"] [role="row"][data-seq]')
    const download = panel.waitForEvent('download')
    await panel.click('[data-action="export-json"]')
    await download

    stop()
    await chromium.cdp.send('Target.detachFromTarget', { sessionId })
    // The panel's own documents, scripts and styles were recorded, so the recording worked.
    expect(requests.some((url) => url.startsWith(`${own}src/panel/`))).toBe(true)
    expect(requests.filter((url) => !url.startsWith(own) && !url.startsWith(`blob:${own}`) && !url.startsWith('data:'))).toEqual([])
    await panel.close()
  })
})
