// Section 3 of `npm run bench`: the panel holding 100,000 captured messages of 1 KiB. How long the table
// takes to show them, how long a text and a /regex/ filter take to apply, and the panel's JS heap.
// Run on its own with `npx tsx bench/panel-at-scale.ts` (after `npm run build`); see bench/README.md.
//
// The messages get into the panel the way they do for a user: a page reads a flood from the playground
// (100,000 × 1 KiB text) with the per-tab cap raised in the panel's Settings so nothing is dropped; the
// background captures and stores them; then a panel opened on the tab receives the whole log (as a
// late panel does) through the bridge into the store. That is the path a real panel takes (validation,
// chunked reset, folding into connections), unlike Import, which fills the store from a file in one go.
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { launchChromium, type ChromiumSession } from '../drivers/chromium.ts'
import { PANEL_PATH } from '../drivers/paths.ts'
import { startPlayground, type Playground } from '../playground/server.ts'
import { DEFAULT_LIMITS } from '../src/shared/protocol/index.ts'

const MB = 1024 * 1024

export interface PanelAtScaleResult {
  messages: number
  messageBytes: number
  /** Panel openings measured (each a fresh panel page receiving the whole log). */
  repeats: number
  textQuery: string
  regexQuery: string
  /** Medians: panel opened -> first rows in the table, and -> the table holding every entry. */
  firstRowsMs: number
  renderMs: number
  /** Medians: filter typed (one input event) -> the table updated and painted. */
  textFilterMs: number
  regexFilterMs: number
  clearFilterMs: number
  /** Median JS heap of the panel page after a full GC, with every entry held and shown. */
  heapMB: number
  samples: { firstRowsMs: number[]; renderMs: number[]; textFilterMs: number[]; regexFilterMs: number[]; clearFilterMs: number[]; heapMB: number[] }
  /** How many rows each filter left. */
  matches: { text: number; regex: number }
}

export interface PanelAtScaleOptions {
  messages?: number
  messageBytes?: number
  repeats?: number
  /** Filter applications per panel opening. */
  filterRuns?: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * Floods a fresh tab, opens the panel on it `repeats` times and measures each time. The per-tab cap is
 * raised for the run and set back to the defaults afterwards; the tab is closed, so its log goes too.
 */
export async function panelAtScale(session: ChromiumSession, playground: Playground, options: PanelAtScaleOptions = {}): Promise<PanelAtScaleResult> {
  const n = options.messages ?? 100_000
  const size = options.messageBytes ?? 1024
  const repeats = options.repeats ?? 3
  const filterRuns = options.filterRuns ?? 3
  // Flood messages are the index padded with dots: both queries make the filter read every payload to the end.
  const textQuery = '4242'
  const regexQuery = '/4\\d42\\.{3}/'

  const page = await session.context.newPage()
  try {
    await page.goto(`${playground.url}blank.html`)
    const tabId = await session.tabIdOf(page)
    const panelUrl = `chrome-extension://${session.extensionId}/${PANEL_PATH}?tabId=${tabId}`

    // Raise the cap as a user would, in the panel's Settings, with room for the socket's own events.
    const settingsPanel = await session.context.newPage()
    await settingsPanel.goto(panelUrl)
    await setLimits(settingsPanel, { maxMessages: n + 1000, maxPayloadBytes: Math.ceil((n * size) / MB + 64) * MB })
    await settingsPanel.close()

    await page.bringToFront()
    const received = await page.evaluate(
      async ({ url, n }) => {
        const ws = new WebSocket(url)
        let count = 0
        await new Promise<void>((resolve, reject) => {
          ws.onmessage = () => ++count === n && resolve()
          ws.onclose = () => (count < n ? reject(new Error(`closed after ${count} messages`)) : resolve())
        })
        ws.close()
        await new Promise((resolve) => (ws.onclose = resolve))
        return count
      },
      { url: `${playground.wsBase}/flood?n=${n}&size=${size}`, n },
    )
    if (received !== n) throw new Error(`the page read ${received} of ${n} messages`)

    // Wait until the background holds (durably) every message and the close: then the log stands still.
    const warm = await openPanel(session, panelUrl, null)
    const expected = await waitFor(
      warm,
      'the panel to hold the whole flood',
      180_000,
      (n) => {
        const row = document.querySelector('tr[data-connection-id]')
        const received = Number.parseInt((row?.querySelector('td:nth-child(6)')?.textContent ?? '0').replace(/,/g, ''), 10)
        const count = document.querySelector('.filter-count')?.textContent ?? ''
        const closed = row?.querySelector('td.status')?.textContent === 'closed'
        return received >= n && closed && /^([\d,]+) of \1$/.test(count) ? count : null
      },
      n,
    )
    const losses = await warm.evaluate(() => [...document.querySelectorAll('[aria-label="Dropped data"] li')].map((li) => li.textContent ?? ''))
    if (losses.length) throw new Error(`the panel reports dropped data: ${losses.join('; ')}`)
    await warm.close()

    const samples: PanelAtScaleResult['samples'] = { firstRowsMs: [], renderMs: [], textFilterMs: [], regexFilterMs: [], clearFilterMs: [], heapMB: [] }
    const matches = { text: 0, regex: 0 }
    for (let r = 0; r < repeats; r++) {
      await page.bringToFront()
      const panel = await openPanel(session, panelUrl, expected)
      const times = await waitFor(panel, 'the table to show every entry', 180_000, () => {
        const b = (window as unknown as { __bench: { firstRows: number | null; complete: number | null } }).__bench
        return b.complete === null ? null : b
      })
      samples.firstRowsMs.push(times.firstRows!)
      samples.renderMs.push(times.complete!)
      const cdp = await session.context.newCDPSession(panel)
      await cdp.send('HeapProfiler.enable')
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      samples.heapMB.push(heap.usedSize / MB)
      await cdp.detach()
      for (let i = 0; i < filterRuns; i++) {
        const text = await applyFilter(panel, textQuery)
        samples.textFilterMs.push(text.ms)
        matches.text = text.shown
        samples.clearFilterMs.push((await applyFilter(panel, '')).ms)
        const regex = await applyFilter(panel, regexQuery)
        samples.regexFilterMs.push(regex.ms)
        matches.regex = regex.shown
        samples.clearFilterMs.push((await applyFilter(panel, '')).ms)
      }
      await panel.close()
      console.log(
        `  opening ${r + 1}: table ${Math.round(times.complete!)} ms (first rows ${Math.round(times.firstRows!)} ms), heap ${(heap.usedSize / MB).toFixed(1)} MB, ` +
          `text filter ${samples.textFilterMs.slice(-filterRuns).map(Math.round).join('/')} ms, regex ${samples.regexFilterMs.slice(-filterRuns).map(Math.round).join('/')} ms`,
      )
    }

    const restore = await session.context.newPage()
    await restore.goto(panelUrl)
    await setLimits(restore, DEFAULT_LIMITS)
    await restore.close()

    const round = (x: number) => Math.round(x * 10) / 10
    return {
      messages: n,
      messageBytes: size,
      repeats,
      textQuery,
      regexQuery,
      firstRowsMs: round(median(samples.firstRowsMs)),
      renderMs: round(median(samples.renderMs)),
      textFilterMs: round(median(samples.textFilterMs)),
      regexFilterMs: round(median(samples.regexFilterMs)),
      clearFilterMs: round(median(samples.clearFilterMs)),
      heapMB: round(median(samples.heapMB)),
      samples: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(round)])) as PanelAtScaleResult['samples'],
      matches,
    }
  } finally {
    await page.close().catch(() => {})
  }
}

/** Applies the cap through the panel's Settings form and waits until the background reports it back. */
async function setLimits(panel: Page, limits: { maxMessages: number; maxPayloadBytes: number }) {
  await panel.getByRole('button', { name: 'Settings' }).waitFor()
  await panel.getByRole('button', { name: 'Settings' }).click()
  await panel.getByLabel('Maximum messages per tab').fill(String(limits.maxMessages))
  await panel.getByLabel('Maximum payload megabytes per tab').fill(String(limits.maxPayloadBytes / MB))
  await panel.getByRole('button', { name: 'Apply' }).click()
  await panel.getByRole('button', { name: 'Settings' }).click()
  // The background's state rides on every message to the panel; a fresh panel reads what it holds.
  const deadline = Date.now() + 10_000
  for (;;) {
    await panel.reload()
    await panel.getByRole('button', { name: 'Settings' }).click()
    const shown = await panel.getByLabel('Maximum messages per tab').inputValue()
    if (shown === String(limits.maxMessages)) return
    if (Date.now() > deadline) throw new Error(`the cap did not change: Settings shows ${shown} messages`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * A fresh panel page. Before any of its scripts runs, a frame-by-frame check records (in
 * performance.now() time, from the start of the navigation) when the table first has rows and when its
 * count reads `expected` ("100,004 of 100,004"): the table then holds every entry.
 */
async function openPanel(session: ChromiumSession, url: string, expected: string | null): Promise<Page> {
  const panel = await session.context.newPage()
  if (expected !== null)
    // A string, not a function: tsx would wrap the inner functions in a helper the page does not have.
    await panel.addInitScript(`(() => {
      const expected = ${JSON.stringify(expected)}
      const bench = (window.__bench = { firstRows: null, complete: null })
      const check = () => {
        const rows = document.querySelector('.message-table [role="row"]') !== null
        if (rows && bench.firstRows === null) bench.firstRows = performance.now()
        if (rows && document.querySelector('.filter-count')?.textContent === expected) bench.complete = performance.now()
        else requestAnimationFrame(check)
      }
      requestAnimationFrame(check)
    })()`)
  await panel.goto(url)
  return panel
}

/**
 * Puts `query` into the filter box in one input event (as a paste would) and times it until the count
 * has changed and the frame showing it has been painted.
 */
async function applyFilter(panel: Page, query: string): Promise<{ ms: number; shown: number }> {
  // A string, for the same reason as in openPanel.
  return panel.evaluate(`(async (query) => {
    const input = document.querySelector('input[name="filter"]')
    const count = document.querySelector('.filter-count')
    const before = count.textContent
    const start = performance.now()
    input.value = query
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }))
    await new Promise((resolve) => {
      const frame = () => (count.textContent !== before ? resolve() : requestAnimationFrame(frame))
      requestAnimationFrame(frame)
    })
    // After the frame's rendering steps: a task queued from the rAF callback runs once it is painted.
    await new Promise((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve()
      channel.port2.postMessage(null)
    })
    const ms = performance.now() - start
    const shown = Number.parseInt(count.textContent.replace(/,/g, ''), 10)
    return { ms, shown }
  })(${JSON.stringify(query)})`)
}

async function waitFor<T, A = undefined>(page: Page, what: string, timeoutMs: number, check: (arg: A) => T | null, arg?: A): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = (await page.evaluate(check as (arg: unknown) => unknown, arg)) as T | null
    if (value !== null && value !== undefined) return value as NonNullable<T>
    if (Date.now() > deadline) {
      const seen = await page.evaluate(() => ({
        visibility: document.visibilityState,
        count: document.querySelector('.filter-count')?.textContent,
        bench: (window as unknown as { __bench?: unknown }).__bench,
      }))
      throw new Error(`timed out waiting for ${what}; the panel shows ${JSON.stringify(seen)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

// `npx tsx bench/panel-at-scale.ts`: this section alone, in its own browser.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const playground = await startPlayground()
  const session = await launchChromium()
  try {
    const result = await panelAtScale(session, playground, {
      messages: Number(process.env.BENCH_PANEL_MESSAGES ?? 100_000),
      repeats: Number(process.env.BENCH_PANEL_REPEATS ?? 3),
    })
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await session.close().catch(() => {})
    await playground.close()
  }
}
