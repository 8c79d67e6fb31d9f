// Shared steps of the delivery tests (e2e/delivery-*.test.ts): reading the panel as a user would, and
// stopping the extension's service worker the way the browser does when it idles.
import type { Page } from 'playwright-core'
import type { ChromiumSession } from '../../drivers/chromium.ts'
import { waitFor } from '../../drivers/cdp.ts'
import { PANEL_PATH } from '../../drivers/paths.ts'

export interface Row {
  url: string
  status: string
  sent: string
  received: string
}

/** Rows of every connection table in the panel, in document order. */
export const rowsScript = `[...document.querySelectorAll('tr[data-connection-id]')].map((tr) => ({
  url: tr.querySelector('td.url').textContent,
  status: tr.querySelector('td.status').textContent,
  sent: tr.cells[4].textContent,
  received: tr.cells[5].textContent,
}))`

/** A panel tab in either browser: Playwright's and Puppeteer's pages both evaluate a script's source. */
interface PanelTab {
  evaluate(script: string): Promise<unknown>
}

export const readRows = (panel: PanelTab) => panel.evaluate(rowsScript) as Promise<Row[]>

/** The panel's "Dropped data" lines, or [] when nothing was dropped. */
export const readLosses = (panel: PanelTab) =>
  panel.evaluate(`[...document.querySelectorAll('[aria-label="Dropped data"] li')].map((li) => li.textContent ?? '')`) as Promise<string[]>

/** Waits until `ready(rows)` holds and returns the rows; the failure message shows the last rows read. */
export async function waitForRows(panel: PanelTab, what: string, ready: (rows: Row[]) => boolean, timeoutMs = 15_000): Promise<Row[]> {
  let last: Row[] = []
  try {
    return await waitFor(what, async () => ((last = await readRows(panel)), ready(last) && last), timeoutMs)
  } catch (error) {
    const banners = await panel
      .evaluate(`[...document.querySelectorAll('[role="status"], [role="alert"], .empty')].map((e) => e.textContent ?? '')`)
      .catch(() => '?')
    const rows = `${JSON.stringify(last.slice(0, 5))}${last.length > 5 ? ` (+${last.length - 5})` : ''}`
    throw new Error(
      `${(error as Error).message}; rows: ${rows}; losses: ${JSON.stringify(await readLosses(panel).catch(() => '?'))}; banners: ${JSON.stringify(banners)}`,
    )
  }
}

/** The panel as a tab of its own for `tabId`, without asking the service worker (which may be stopped). */
export async function openPanelFor(session: ChromiumSession, tabId: number): Promise<Page> {
  const panel = await session.context.newPage()
  await panel.goto(`chrome-extension://${session.extensionId}/${PANEL_PATH}?tabId=${tabId}`)
  return panel
}

/**
 * Stops and watches the extension's service worker through the CDP ServiceWorker domain of one of the
 * extension's own pages (from a web page's session, stopAllWorkers left it running in Chromium 156).
 * Playwright's worker handle never notices a stop (and hangs after one), so only these events are used.
 */
export async function controlServiceWorker(session: ChromiumSession, extensionPage: Page) {
  const client = await session.context.newCDPSession(extensionPage)
  type Version = { versionId: string; scriptURL: string; runningStatus: string }
  const history: string[] = []
  let versionId: string | undefined
  client.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Version[] }) => {
    for (const v of versions)
      if (v.scriptURL.startsWith(`chrome-extension://${session.extensionId}/`)) {
        versionId = v.versionId
        history.push(v.runningStatus)
      }
  })
  await client.send('ServiceWorker.enable')
  await waitFor('the service worker version', () => versionId)
  return {
    /** Stops the worker and waits until it has stopped. */
    async stop(): Promise<void> {
      const from = history.length
      await client.send('ServiceWorker.stopWorker', { versionId: versionId! })
      await waitFor('the service worker to stop', () => history.slice(from).includes('stopped'), 10_000)
    },
    /** Waits until the worker runs again after the last stop (something woke it up). */
    async restarted(): Promise<void> {
      await waitFor('the service worker to start again', () => history.lastIndexOf('running') > history.lastIndexOf('stopped'))
    },
    detach: () => client.detach().catch(() => {}),
  }
}
