// The real DevTools front-end on a page, opened and steered over the browser-level connection only: the
// page itself is attached to by DevTools alone, as when a person opens it. Selecting a panel uses
// DevTools internals (InspectorView), as drivers/chromium.ts does; a Chromium update may break it here.
import { ourPanelId, showPanelSource } from '../drivers/chromium-devtools.ts'
import { waitFor } from '../drivers/wait.ts'
import { PANEL_PATH } from '../drivers/paths.ts'
import type { BareChromium } from './bare-chromium.ts'

export type DevToolsPanel = 'ours' | 'network'

/** Opens DevTools on the page and shows the panel; for ours, returns the target id of the panel's frame once it has rendered. */
export async function openDevTools(browser: BareChromium, pageTargetId: string, panel: DevToolsPanel): Promise<string | null> {
  const before = new Set((await browser.targets()).map((t) => t.targetId))
  await browser.cdp.send('Target.openDevTools', { targetId: pageTargetId })
  const devtools = await waitFor('the DevTools window to open', async () =>
    (await browser.targets()).find((t) => t.type === 'page' && t.url.startsWith('devtools://') && !before.has(t.targetId)),
  )
  const { extensionId } = browser
  if (panel === 'ours' && !extensionId) throw new Error('our DevTools panel needs the extension')
  const panelId = panel === 'network' || !extensionId ? 'network' : ourPanelId(extensionId)
  await waitFor(`DevTools to show the ${panelId} panel`, () => browser.evaluateIn<boolean>(devtools.targetId, showPanelSource(panelId)), 20_000)
  if (panel === 'network') return null
  const url = `chrome-extension://${browser.extensionId}/${PANEL_PATH}`
  const frame = await waitFor('our panel frame in DevTools', async () =>
    (await browser.targets()).find((t) => t.type === 'iframe' && t.url.startsWith(url) && t.parentId === devtools.targetId),
  )
  await waitForPanelRendered(browser, frame.targetId)
  return frame.targetId
}

/** Our panel's document has loaded and rendered its app (in DevTools or as a tab). */
export async function waitForPanelRendered(browser: BareChromium, targetId: string): Promise<void> {
  await waitFor('the panel document to render', () =>
    browser.evaluateIn<boolean>(targetId, `document.readyState === 'complete' && !!document.querySelector('#app > *')`),
  )
}
