// Section 1 of `npm run bench`: what the page pays, in five configurations measured side by side in one
// run against a plain page. Every measured page runs its own echo loops (bench/page/echo.js) in a
// Chromium that nothing but DevTools, when a configuration opens it, is attached to. Each (round,
// configuration) gets a fresh browser and profile; the order of the configurations rotates each round;
// the figures are medians over the rounds of each configuration's ratio to plain in the same round.
// Run alone with `npx tsx bench/overhead.ts` (after `npm run build`); see bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { waitFor } from '../drivers/wait.ts'
import { PANEL_PATH, ROOT } from '../drivers/paths.ts'
import { type BareChromium, launchBareChromium } from './bare-chromium.ts'
import { type EchoResult, type EchoServer, type EchoTask, startEchoServer } from './echo-server.ts'
import { openDevTools, waitForPanelRendered } from './real-devtools.ts'

export const ALL_APIS = ['WebSocketStream', 'WebSocket'] as const
export type ApiName = (typeof ALL_APIS)[number]

/** What the extension kept of a run: its stored bytes, and for a panel what it shows. */
export interface Captured {
  storedBytes: number | null
  panel?: {
    connections: number
    messages: number
    droppedByCap: number
    expected: number
    losses: string[]
    /** From the page reporting its last echo to the panel accounting for every message; null if it had not within a minute. */
    lagMs: number | null
  }
}

interface Configuration {
  label: string
  extension: boolean
  /** Whether real DevTools is attached to the page; nothing else ever is. */
  devtools: boolean
  /** Sets up what watches the page once its script waits for the plan; returns the panel's frame or tab, if any. */
  watch(browser: BareChromium, pageTarget: string): Promise<string | null>
}

const CONFIGURATIONS = {
  plain: { label: 'plain: no extension, nothing attached', extension: false, devtools: false, watch: async () => null },
  extension: { label: 'extension loaded, no DevTools', extension: true, devtools: false, watch: async () => null },
  'devtools-ours': {
    label: 'extension, our panel in real DevTools',
    extension: true,
    devtools: true,
    watch: (b, page) => openDevTools(b, page, 'ours'),
  },
  'devtools-network': {
    label: 'no extension, real DevTools, Network panel',
    extension: false,
    devtools: true,
    watch: (b, page) => openDevTools(b, page, 'network'),
  },
  'panel-tab': { label: 'extension, our panel page in another tab (own window)', extension: true, devtools: false, watch: openPanelTab },
} satisfies Record<string, Configuration>

export type ConfigName = keyof typeof CONFIGURATIONS
export const ALL_CONFIGS = Object.keys(CONFIGURATIONS) as ConfigName[]

export interface OverheadOptions {
  rounds: number
  apis: readonly ApiName[]
  sizes: number[]
  /** Plain is always measured: every ratio divides by it. */
  configs: ConfigName[]
}

export interface OverheadRow {
  api: ApiName
  size: number
  /** Per configuration: median echoes/s (64 outstanding) and median ms per round trip (one at a time). */
  throughput: Partial<Record<ConfigName, number>>
  latencyMs: Partial<Record<ConfigName, number>>
  /** Per configuration, median over rounds of its figure ÷ plain's in the same round (latency: plain's ms ÷ its ms, so 1.0 = no cost). */
  throughputRatio: Partial<Record<ConfigName, number>>
  latencyRatio: Partial<Record<ConfigName, number>>
  /** Our panel in DevTools ÷ DevTools with the Network panel, per round, median: what we add to what DevTools costs. */
  oursOverDevTools: { throughput: number; latency: number } | null
}

export interface OverheadResult {
  options: OverheadOptions
  labels: Record<ConfigName, string>
  rows: OverheadRow[]
  /** Per round, per configuration: what the extension kept, and how long the browser session took. */
  sessions: Array<{ round: number; config: ConfigName; seconds: number; loadAverage: number; captured: Captured | null }>
}

const SESSION_TIMEOUT_MS = 10 * 60_000

/**
 * The plan each page runs: a warm-up per API, of both loops (so that no configuration's first
 * round-trip loop runs on cold code while the others' run warm), then for each API and size a
 * throughput and a latency loop.
 */
export function planFor(apis: readonly ApiName[], sizes: number[]): EchoTask[] {
  const tasks: EchoTask[] = apis.flatMap((api) => [
    { api, size: 1024, count: 500, outstanding: 64, warmup: true },
    { api, size: 1024, count: 100, outstanding: 1, warmup: true },
  ])
  for (const api of apis)
    for (const size of sizes) {
      const large = size >= 65536
      tasks.push({ api, size, count: large ? 400 : 4000, outstanding: 64 }, { api, size, count: large ? 100 : 400, outstanding: 1 })
    }
  return tasks
}

export async function pageOverhead(options: OverheadOptions, log: (line: string) => void = console.log): Promise<OverheadResult> {
  const configs: ConfigName[] = ['plain', ...options.configs.filter((c) => c !== 'plain')]
  const tasks = planFor(options.apis, options.sizes)
  const server = await startEchoServer()
  const results: Record<string, EchoResult[][]> = Object.fromEntries(configs.map((c) => [c, []]))
  const sessions: OverheadResult['sessions'] = []
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Rotated so that no configuration always runs first, or right after the same one.
      const order = [...configs.slice(round % configs.length), ...configs.slice(0, round % configs.length)]
      for (const config of order) {
        const started = Date.now()
        const { measured, captured } = await measure(server, CONFIGURATIONS[config], tasks)
        results[config]!.push(measured)
        const seconds = Math.round((Date.now() - started) / 100) / 10
        const [loadAverage] = loadavg()
        sessions.push({ round, config, seconds, loadAverage: loadAverage!, captured })
        log(
          `  round ${round + 1}/${options.rounds} ${config}: ${seconds} s, load ${loadAverage!.toFixed(1)}${captured ? `; ${describeCaptured(captured)}` : ''}`,
        )
      }
    }
  } finally {
    await server.close()
  }
  const rows = options.apis.flatMap((api) => options.sizes.map((size) => summarise(api, size, configs, results)))
  const labels = Object.fromEntries(Object.entries(CONFIGURATIONS).map(([k, v]) => [k, v.label])) as Record<ConfigName, string>
  return { options: { ...options, configs }, labels, rows, sessions }
}

/** One fresh browser: the page opened with nothing attached, the configuration set up, the plan run. */
async function measure(server: EchoServer, config: Configuration, tasks: EchoTask[]): Promise<{ measured: EchoResult[]; captured: Captured | null }> {
  const browser = await launchBareChromium({ extension: config.extension })
  try {
    const run = server.newRun()
    const page = await browser.openTab(run.url)
    await browser.closeTabsExcept([page])
    await within(run.waiting, 30_000, 'the page to ask for its plan')
    const panel = await config.watch(browser, page)
    const attached = (await browser.targets()).find((t) => t.targetId === page)?.attached
    if (attached !== config.devtools) throw new Error(`the measured page is ${attached ? '' : 'not '}attached to, against the configuration`)
    const measured = (await run.start(tasks, SESSION_TIMEOUT_MS)).filter((r) => !r.warmup)
    const hidden = measured.find((r) => r.visibility !== 'visible')
    if (hidden) throw new Error(`the measured page was ${hidden.visibility} during ${hidden.api} ${hidden.size} B`)
    const expected = 2 * tasks.reduce((sum, t) => sum + t.count, 0)
    return { measured, captured: config.extension ? await captured(browser, panel, expected) : null }
  } finally {
    await browser.close()
  }
}

/** The panel page on the measured tab, in a window of its own so that both stay visible (and render). */
async function openPanelTab(browser: BareChromium): Promise<string> {
  const worker = (await browser.worker()).targetId
  // Without the "tabs" permission tabs carry no url, but their ids; the measured page is the only tab once
  // the blank one has gone. A worker just started can answer before its extension API is bound
  // (`chrome` undefined): ask again.
  const tabIds = await waitFor('the measured page to be the only tab', async () => {
    const ids = await browser.evaluateIn<number[] | null>(
      worker,
      `globalThis.chrome?.tabs ? chrome.tabs.query({}).then((tabs) => tabs.map((t) => t.id)) : null`,
    )
    if (ids && ids.length !== 1) throw new Error(`the worker lists tabs ${ids.join(', ')}`)
    return ids ?? false
  })
  const target = await browser.openTab(`chrome-extension://${browser.extensionId}/${PANEL_PATH}?tabId=${tabIds[0]}`, { newWindow: true })
  await waitForPanelRendered(browser, target)
  return target
}

/** Read after the run: what the panel accounts for (shown or dropped by the cap), and the extension's stored bytes. */
async function captured(browser: BareChromium, panel: string | null, expected: number): Promise<Captured> {
  const seen = panel ? await panelCount(browser, panel, expected) : undefined
  // CDP Storage.getUsageAndQuota answers "Internal error" for the extension's origin here; the worker's own estimate does not.
  const storedBytes = await browser.evaluateIn<number>((await browser.worker()).targetId, 'navigator.storage.estimate().then((e) => e.usage)').catch(() => null)
  return seen ? { storedBytes, panel: seen } : { storedBytes }
}

/** Waits (up to a minute) for the panel to account for every message the page exchanged. */
async function panelCount(browser: BareChromium, panel: string, expected: number): Promise<NonNullable<Captured['panel']>> {
  const read = () =>
    browser.evaluateIn<{ connections: number; messages: number; droppedByCap: number; losses: string[] }>(
      panel,
      `(() => {
        const rows = [...document.querySelectorAll('tr[data-connection-id]')]
        const count = (cell) => Number.parseInt(cell?.textContent ?? '0', 10) || 0
        const messages = rows.reduce((sum, row) => sum + count(row.cells[4]) + count(row.cells[5]), 0)
        const losses = [...document.querySelectorAll('[aria-label="Dropped data"] li')].map((li) => li.textContent)
        const capped = losses.map((l) => /^([\\d,]+) messages? dropped \\(cap\\)/.exec(l)?.[1]).find(Boolean) ?? '0'
        return { connections: rows.length, messages, droppedByCap: Number(capped.replace(/,/g, '')), losses }
      })()`,
    )
  const start = Date.now()
  for (;;) {
    const seen = await read()
    const done = seen.messages + seen.droppedByCap >= expected
    if (done || Date.now() - start > 60_000) return { ...seen, expected, lagMs: done ? Date.now() - start : null }
    await new Promise((r) => setTimeout(r, 100))
  }
}

function describeCaptured({ storedBytes, panel }: Captured): string {
  const stored = storedBytes === null ? 'stored size unknown' : `stored ${(storedBytes / 2 ** 20).toFixed(1)} MiB`
  if (!panel) return stored
  const accounted = panel.messages + panel.droppedByCap
  const note = accounted === panel.expected ? '' : ` — ${accounted < panel.expected ? 'MISSING' : 'EXTRA'} ${Math.abs(panel.expected - accounted)}`
  const lag = panel.lagMs === null ? 'not caught up after 60 s' : `caught up ${(panel.lagMs / 1000).toFixed(1)} s after the page`
  return `${stored}; panel: ${panel.connections} connections, ${panel.messages} messages shown + ${panel.droppedByCap} dropped by the cap, of ${panel.expected}${note}, ${lag}${panel.losses.length ? ` (${panel.losses.join('; ')})` : ''}`
}

export function summarise(api: ApiName, size: number, configs: ConfigName[], results: Record<string, EchoResult[][]>): OverheadRow {
  const rounds = (config: ConfigName, outstanding: number) =>
    results[config]!.map((measured) => measured.find((r) => r.api === api && r.size === size && r.outstanding === outstanding)!)
  const throughput = (c: ConfigName) => rounds(c, 64).map((r) => r.count / (r.ms / 1000))
  const latency = (c: ConfigName) => rounds(c, 1).map((r) => r.ms / r.count)
  /** Median over rounds of a ÷ b, both taken in the same round. */
  const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!))
  const row: OverheadRow = { api, size, throughput: {}, latencyMs: {}, throughputRatio: {}, latencyRatio: {}, oursOverDevTools: null }
  for (const c of configs) {
    row.throughput[c] = median(throughput(c))
    row.latencyMs[c] = median(latency(c))
    row.throughputRatio[c] = ratio(throughput(c), throughput('plain'))
    row.latencyRatio[c] = ratio(latency('plain'), latency(c))
  }
  if (configs.includes('devtools-ours') && configs.includes('devtools-network'))
    row.oursOverDevTools = {
      throughput: ratio(throughput('devtools-ours'), throughput('devtools-network')),
      latency: ratio(latency('devtools-network'), latency('devtools-ours')),
    }
  return row
}

/** Section 1's two tables (throughput, latency) as Markdown: each configuration ÷ plain, with its median. */
export function overheadTables({ rows, options }: OverheadResult): string {
  const others = options.configs.filter((c) => c !== 'plain')
  const both = rows.some((r) => r.oursOverDevTools)
  const bytes = (n: number) => (n >= 1024 ? `${n / 1024} KiB` : `${n} B`)
  const table = (
    title: string,
    raw: (r: OverheadRow, c: ConfigName) => string,
    ratio: (r: OverheadRow, c: ConfigName) => number,
    ours: 'throughput' | 'latency',
  ) => {
    const head = ['API', 'size', `plain (${title})`, ...others.map((c) => `${c} ÷ plain`), ...(both ? ['devtools-ours ÷ devtools-network'] : [])]
    const lines = rows.map((r) => [
      r.api,
      bytes(r.size),
      raw(r, 'plain'),
      ...others.map((c) => `${ratio(r, c).toFixed(2)} (${raw(r, c)})`),
      ...(both ? [r.oursOverDevTools?.[ours].toFixed(2) ?? ''] : []),
    ])
    return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
  }
  return [
    'Throughput, 64 outstanding: ratio to plain (median echoes/s)',
    table(
      'echoes/s',
      (r, c) => Math.round(r.throughput[c]!).toLocaleString('en'),
      (r, c) => r.throughputRatio[c]!,
      'throughput',
    ),
    '',
    "Round-trip latency, one at a time: plain's ms ÷ the configuration's (median ms)",
    table(
      'ms',
      (r, c) => `${r.latencyMs[c]!.toFixed(2)} ms`,
      (r, c) => r.latencyRatio[c]!,
      'latency',
    ),
  ].join('\n')
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** BENCH_ROUNDS, BENCH_APIS, BENCH_SIZES and BENCH_CONFIGS (comma-separated) narrow a run. */
export function optionsFromEnv(env = process.env): OverheadOptions {
  const list = (name: string) => env[name]?.split(',').map((s) => s.trim())
  const configs = list('BENCH_CONFIGS') ?? ALL_CONFIGS
  const unknown = configs.filter((c) => !ALL_CONFIGS.includes(c as ConfigName))
  if (unknown.length) throw new Error(`BENCH_CONFIGS: unknown ${unknown.join(', ')}; choose from ${ALL_CONFIGS.join(', ')}`)
  const apis = list('BENCH_APIS') ?? ALL_APIS
  return {
    rounds: Number(env.BENCH_ROUNDS ?? 5),
    apis: ALL_APIS.filter((api) => apis.includes(api)),
    sizes: (list('BENCH_SIZES') ?? ['64', '1024', '65536']).map(Number),
    configs: configs as ConfigName[],
  }
}

// `npx tsx bench/overhead.ts`: this section alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const loadAtStart = loadavg()
  const result = await pageOverhead(optionsFromEnv())
  console.log(overheadTables(result))
  const date = new Date().toISOString()
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `overhead-${date.replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify({ date, loadAverage: { start: loadAtStart, end: loadavg() }, overhead: result }, null, 2))
  console.log(`written ${file}`)
}
