// `npm run bench`: page overhead, capture completeness and idle cost, measured side by side in one run.
// See bench/README.md for what each figure means.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium, type ChromiumSession } from '../drivers/chromium.ts'
import { ROOT } from '../drivers/paths.ts'
import { startPlayground, type Playground } from '../playground/server.ts'
import { contentScriptTime } from './content-script-time.ts'
import { median, optionsFromEnv, overheadTables, pageOverhead } from './overhead.ts'
import { panelAtScale } from './panel-at-scale.ts'

const OVERHEAD = optionsFromEnv()
const ROUNDS = OVERHEAD.rounds
const SKIP_OVERHEAD = process.env.BENCH_SKIP_OVERHEAD === '1'
const SKIP_CAPTURE = process.env.BENCH_SKIP_CAPTURE === '1'
const SKIP_PANEL = process.env.BENCH_SKIP_PANEL === '1'

async function idleLoad(page: Page, url: string): Promise<number> {
  await page.goto(url)
  return page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
}

async function captureAtRate(ext: ChromiumSession, page: Page, playground: Playground) {
  const N = 50_000
  await page.goto(`${playground.url}blank.html`)
  const panel = await ext.openPanelTab(page)
  await page.bringToFront()
  const sampleEvery = 1000
  const polls: Array<[number, number]> = []
  let polling = true
  const poller = (async () => {
    while (polling) {
      // Shown, or dropped by the per-tab cap and counted as such: both are accounted for.
      const count = await panel.evaluate(() => {
        const cell = document.querySelector('tr[data-connection-id] td:nth-child(6)')?.textContent ?? '0'
        const capped = /([\d,]+) messages? dropped \(cap\)/.exec(document.body.textContent ?? '')?.[1] ?? '0'
        return (Number.parseInt(cell, 10) || 0) + Number(capped.replace(/,/g, ''))
      })
      polls.push([Date.now(), count])
      if (count >= N) break
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  const reads = await page.evaluate(
    async ({ url, N, sampleEvery }) => {
      const stream = new WebSocketStream(url)
      const { readable } = await stream.opened
      const reader = readable.getReader()
      const times: number[] = []
      for (let i = 1; i <= N; i++) {
        await reader.read()
        if (i % sampleEvery === 0) times.push(Date.now())
      }
      return times
    },
    { url: `${playground.wsBase}/flood?n=${N}&size=64`, N, sampleEvery },
  )
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && (polls.at(-1)?.[1] ?? 0) < N) await new Promise((r) => setTimeout(r, 50))
  polling = false
  await poller
  const counted = polls.at(-1)?.[1] ?? 0
  const displayTimeOf = (i: number) => polls.find(([, c]) => c >= i)?.[0]
  let worstDelay = 0
  reads.forEach((readAt, k) => {
    const shown = displayTimeOf((k + 1) * sampleEvery)
    if (shown !== undefined) worstDelay = Math.max(worstDelay, shown - readAt)
  })
  const first = reads[0]!
  const lastShown = displayTimeOf(N)
  await panel.close()
  return {
    messages: N,
    /** Shown in the panel plus counted as dropped by the per-tab cap. */
    countedByPanel: counted,
    endToEndMsgPerSec: lastShown ? Math.round(N / ((lastShown - first) / 1000)) : null,
    worstDelayMs: worstDelay,
  }
}

/** Section 2 once per round: one flood's msg/s moves by a third between runs on this machine. */
async function captureAtRateRounds(ext: ChromiumSession, page: Page, playground: Playground) {
  const runs = []
  for (let round = 0; round < ROUNDS; round++) runs.push(await captureAtRate(ext, page, playground))
  const rates = runs.map((r) => r.endToEndMsgPerSec)
  return {
    messages: runs[0]!.messages,
    /** The fewest accounted for in any flood. */
    countedByPanel: Math.min(...runs.map((r) => r.countedByPanel)),
    /** Median over the floods; null when a flood never showed every message. */
    endToEndMsgPerSec: rates.includes(null) ? null : median(rates as number[]),
    /** The worst over the floods. */
    worstDelayMs: Math.max(...runs.map((r) => r.worstDelayMs)),
    runs,
  }
}

async function idleCost(plain: Page, withExt: Page, playground: Playground) {
  const url = `${playground.url}blank.html`
  const diffs: number[] = []
  for (let i = 0; i < ROUNDS * 6; i++) {
    const a = await idleLoad(plain, url)
    const b = await idleLoad(withExt, url)
    diffs.push(b - a)
  }
  return { medianExtraMs: median(diffs), contentScripts: await contentScriptTime(withExt, url, ROUNDS * 6) }
}

// Section 1 first, with no other browser running: its pages are measured with nothing attached to them.
const loadAtStart = loadavg()
console.log(`load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`)
if (!SKIP_OVERHEAD) console.log('1. page overhead (each configuration ÷ plain; 1.0 = no overhead)')
const overhead = SKIP_OVERHEAD ? null : await pageOverhead(OVERHEAD)
if (overhead) console.log(overheadTables(overhead))

// Sections 2 to 4 drive their pages with Playwright (bench/README.md says what that means for their figures).
const playground = await startPlayground()
const plainSession = await launchChromium({ extension: false })
const extSession = await launchChromium()
try {
  const plain = await plainSession.newPage()
  const withExt = await extSession.newPage()
  await plain.goto(`${playground.url}blank.html`)
  await withExt.goto(`${playground.url}blank.html`)
  console.log('4. idle cost')
  const idle = await idleCost(plain, withExt, playground)
  console.log(`  page load: ${idle.medianExtraMs.toFixed(2)} ms extra (median)`)
  const { contentScripts } = idle
  const { page: pageMs, relay: relayMs } = contentScripts.beforeLoadByScript
  console.log(
    `  content scripts before the load event: ${contentScripts.beforeLoadMs.toFixed(2)} ms of the page's main thread (page ${pageMs!.toFixed(2)}, relay ${relayMs!.toFixed(2)}); ${contentScripts.totalMs.toFixed(2)} ms in all (median of ${contentScripts.loads})`,
  )
  await plainSession.close()
  const capture = SKIP_CAPTURE ? null : await captureAtRateRounds(extSession, withExt, playground)
  if (capture)
    console.log(
      `2. capture at rate (${ROUNDS} floods): at least ${capture.countedByPanel}/${capture.messages} accounted for (shown or counted as dropped by the cap), ${capture.endToEndMsgPerSec} msg/s end to end (median; ${capture.runs.map((r) => r.endToEndMsgPerSec).join(', ')}), worst delay ${capture.worstDelayMs} ms`,
    )
  if (!SKIP_PANEL) console.log('3. panel at scale (100,000 messages of 1 KiB)')
  const panel = SKIP_PANEL ? null : await panelAtScale(extSession, playground)

  if (overhead) console.log(`\n${overheadTables(overhead)}\n`)
  if (panel)
    console.table([
      { 'panel, 100,000 × 1 KiB': 'table shows every entry', median: `${panel.renderMs} ms`, target: '' },
      { 'panel, 100,000 × 1 KiB': `text filter "${panel.textQuery}"`, median: `${panel.textFilterMs} ms`, target: '< 100 ms' },
      { 'panel, 100,000 × 1 KiB': `regex filter ${panel.regexQuery}`, median: `${panel.regexFilterMs} ms`, target: '< 100 ms' },
      { 'panel, 100,000 × 1 KiB': 'JS heap after GC', median: `${panel.heapMB} MB`, target: '< 250 MB' },
    ])
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    /** 1, 5 and 15 minute load averages when the run started and when it ended: the machine is shared. */
    loadAverage: { start: loadAtStart, end: loadavg() },
    rounds: ROUNDS,
    overhead,
    idle,
    capture,
    panel,
  }
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${result.date.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(result, null, 2))
  console.log(`written ${file}`)
} finally {
  await plainSession.close().catch(() => {})
  await extSession.close().catch(() => {})
  await playground.close()
}
