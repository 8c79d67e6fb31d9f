// Reading the panel's connection list as a user would, in any panel (tab or DevTools, either browser).
import { waitFor } from '../../drivers/wait.ts'

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

/** A panel: a PanelDriver, or a Playwright page showing the panel. */
interface Panel {
  evaluate(script: string): Promise<unknown>
}

export const readRows = (panel: Panel) => panel.evaluate(rowsScript) as Promise<Row[]>

/** The panel's "Dropped data" lines, or [] when nothing was dropped. */
export const readLosses = (panel: Panel) =>
  panel.evaluate(`[...document.querySelectorAll('[aria-label="Dropped data"] li')].map((li) => li.textContent ?? '')`) as Promise<string[]>

/** Waits until `ready(rows)` holds and returns the rows; the failure message shows the last rows read. */
export async function waitForRows(panel: Panel, what: string, ready: (rows: Row[]) => boolean, timeoutMs?: number): Promise<Row[]> {
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
