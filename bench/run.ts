// `npm run bench`: page overhead, capture completeness and idle cost, measured side by side in one run.
// See bench/README.md for what each figure means.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium, type ChromiumSession } from '../drivers/chromium.ts'
import { ROOT } from '../drivers/paths.ts'
import { startPlayground, type Playground } from '../playground/server.ts'
import { contentScriptTime } from './content-script-time.ts'
import { panelAtScale } from './panel-at-scale.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const ALL_APIS = ['WebSocketStream', 'WebSocket'] as const
type ApiName = (typeof ALL_APIS)[number]
// BENCH_SIZES=64,1024 and BENCH_APIS=WebSocket narrow a run while trying an optimisation.
const SIZES = (process.env.BENCH_SIZES ?? '64,1024,65536').split(',').map(Number)
const APIS = ALL_APIS.filter((api) => (process.env.BENCH_APIS ?? ALL_APIS.join(',')).split(',').includes(api))
const SKIP_CAPTURE = process.env.BENCH_SKIP_CAPTURE === '1'
const SKIP_PANEL = process.env.BENCH_SKIP_PANEL === '1'

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Echo in the page: `count` messages with at most `window` outstanding; returns elapsed ms. */
async function echo(page: Page, wsUrl: string, api: ApiName, size: number, count: number, window: number): Promise<number> {
  return page.evaluate(
    async ({ wsUrl, api, size, count, window }) => {
      const payload = 'x'.repeat(size)
      if (api === 'WebSocketStream') {
        const stream = new WebSocketStream(wsUrl)
        const { readable, writable } = await stream.opened
        const writer = writable.getWriter()
        const reader = readable.getReader()
        const start = performance.now()
        let sent = Math.min(window, count)
        for (let i = 0; i < sent; i++) void writer.write(payload)
        let received = 0
        while (received < count) {
          await reader.read()
          received++
          if (sent < count) {
            sent++
            void writer.write(payload)
          }
        }
        const elapsed = performance.now() - start
        stream.close()
        return elapsed
      }
      const socket = new WebSocket(wsUrl)
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }))
      const start = performance.now()
      let sent = Math.min(window, count)
      for (let i = 0; i < sent; i++) socket.send(payload)
      let received = 0
      await new Promise<void>((resolve) =>
        socket.addEventListener('message', () => {
          received++
          if (sent < count) {
            sent++
            socket.send(payload)
          }
          if (received === count) resolve()
        }),
      )
      const elapsed = performance.now() - start
      socket.close()
      return elapsed
    },
    { wsUrl, api, size, count, window },
  )
}

async function idleLoad(page: Page, url: string): Promise<number> {
  await page.goto(url)
  return page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd)
}

async function pageOverhead(plain: Page, withExt: Page, playground: Playground) {
  const rows: Array<{ api: ApiName; size: number; throughputRatio: number; latencyRatio: number; plainMsgPerSec: number; extMsgPerSec: number }> = []
  const wsUrl = `${playground.wsBase}/echo`
  for (const api of APIS)
    for (const size of SIZES) {
      const count = size >= 65536 ? 400 : 4000
      const pingCount = size >= 65536 ? 100 : 400
      const tp: { plain: number[]; ext: number[] } = { plain: [], ext: [] }
      const rtt: { plain: number[]; ext: number[] } = { plain: [], ext: [] }
      const ratiosT: number[] = []
      const ratiosL: number[] = []
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which side goes first so drift on the machine does not favour one.
        const order =
          round % 2
            ? ([
                ['ext', withExt],
                ['plain', plain],
              ] as const)
            : ([
                ['plain', plain],
                ['ext', withExt],
              ] as const)
        const t: Record<string, number> = {}
        const l: Record<string, number> = {}
        for (const [name, page] of order) {
          t[name] = count / ((await echo(page, wsUrl, api, size, count, 64)) / 1000)
          l[name] = (await echo(page, wsUrl, api, size, pingCount, 1)) / pingCount
        }
        tp.plain.push(t.plain!), tp.ext.push(t.ext!), rtt.plain.push(l.plain!), rtt.ext.push(l.ext!)
        ratiosT.push(t.ext! / t.plain!)
        ratiosL.push(l.plain! / l.ext!)
      }
      rows.push({ api, size, throughputRatio: median(ratiosT), latencyRatio: median(ratiosL), plainMsgPerSec: median(tp.plain), extMsgPerSec: median(tp.ext) })
      console.log(`  ${api} ${size} B: throughput ratio ${median(ratiosT).toFixed(3)}, latency ratio ${median(ratiosL).toFixed(3)}`)
    }
  return rows
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

const playground = await startPlayground()
const plainSession = await launchChromium({ extension: false })
const extSession = await launchChromium()
try {
  const plain = await plainSession.newPage()
  const withExt = await extSession.newPage()
  await plain.goto(`${playground.url}blank.html`)
  await withExt.goto(`${playground.url}blank.html`)
  console.log('1. page overhead (with extension ÷ without; 1.0 = no overhead)')
  const overhead = await pageOverhead(plain, withExt, playground)
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

  console.table(
    overhead.map((r) => ({
      api: r.api,
      bytes: r.size,
      'throughput ratio': r.throughputRatio.toFixed(3),
      'latency ratio': r.latencyRatio.toFixed(3),
      'msg/s without': Math.round(r.plainMsgPerSec),
      'msg/s with': Math.round(r.extMsgPerSec),
    })),
  )
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
