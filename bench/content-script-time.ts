// Section 4's direct figure: the main-thread time our content scripts take in each page load, read from
// a Chromium trace. Page-load timings differ by several ms between two loads of the same blank page on
// this machine; the trace's durations of our own scripts do not.
import type { Page } from 'playwright-core'

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  args?: { data?: { url?: string; isMainFrame?: boolean; isOutermostMainFrame?: boolean } }
}

/** Script evaluation and callbacks (the relay's handshake listener, the ready reply) of a file of ours. */
const OURS = /^chrome-extension:\/\/[a-p]{32}\/src\/content\/(?:page|relay)\/(page|relay)\.js$/
const COUNTED = new Set(['EvaluateScript', 'FunctionCall'])

export interface ContentScriptTime {
  /** Median over the loads of the main-thread ms our content scripts take before the load event. */
  beforeLoadMs: number
  /** The same per script. */
  beforeLoadByScript: Record<string, number>
  /** Median ms including what they do after the load event (the top frame's hello, at idle). */
  totalMs: number
  loads: number
}

export async function contentScriptTime(page: Page, url: string, loads: number): Promise<ContentScriptTime> {
  const cdp = await page.context().newCDPSession(page)
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline'] }, transferMode: 'ReportEvents' })
  for (let i = 0; i < loads; i++) {
    await page.goto(`${url}?load=${i}`)
    // Room for the idle-time work of this load before the next one starts.
    await page.waitForTimeout(100)
  }
  await cdp.send('Tracing.end')
  await complete
  await cdp.detach()

  const ours = events.filter((e) => e.ph === 'X' && e.dur !== undefined && COUNTED.has(e.name) && OURS.test(e.args?.data?.url ?? ''))
  const loadEvents = events.filter((e) => e.name === 'MarkLoad' && (e.args?.data?.isOutermostMainFrame ?? e.args?.data?.isMainFrame)).map((e) => e.ts)
  const all = [...ours].sort((a, b) => a.ts - b.ts)
  // Each load begins with the evaluation of relay.js, listed first in the manifest (the page has no
  // frames); count what follows to it.
  const perLoad: Array<{ before: Record<string, number>; total: number; loadAt: number }> = []
  let end = -Infinity
  for (const e of all) {
    const script = OURS.exec(e.args!.data!.url!)![1]!
    if (script === 'relay' && e.name === 'EvaluateScript') perLoad.push({ before: {}, total: 0, loadAt: loadEvents.find((ts) => ts > e.ts) ?? Infinity })
    const load = perLoad.at(-1)
    // Nested events (a callback run inside an evaluation) are already inside their parent's duration.
    if (!load || e.ts < end) continue
    end = e.ts + e.dur!
    load.total += e.dur! / 1000
    if (e.ts < load.loadAt) load.before[script] = (load.before[script] ?? 0) + e.dur! / 1000
  }
  // A script path that no longer matches would otherwise report 0 ms.
  if (perLoad.length < loads) throw new Error(`the trace shows our content scripts in ${perLoad.length} of ${loads} loads: has ${OURS} gone stale?`)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0
  const sum = (load: Record<string, number>) => Object.values(load).reduce((a, b) => a + b, 0)
  return {
    beforeLoadMs: median(perLoad.map((l) => sum(l.before))),
    beforeLoadByScript: { page: median(perLoad.map((l) => l.before.page ?? 0)), relay: median(perLoad.map((l) => l.before.relay ?? 0)) },
    totalMs: median(perLoad.map((l) => l.total)),
    loads: perLoad.length,
  }
}
