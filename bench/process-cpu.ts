// Where the extension's cost lands: CPU time of each Chromium process (browser, network service, the
// page's renderer, the extension's worker) and of this Node process (the echo server), during the same
// echo loop without the extension and with each build given, alternated. Linux only (reads /proc). This
// is the probe that found a put per entry in IndexedDB tripling the browser process's CPU, and the one
// issue 18 asks for to compare the worker's time per message across a change (bench/README.md).
// The page is section 1's (bench/page/echo.js): nothing is attached to it.
//   npx tsx bench/process-cpu.ts     API=WebSocket SIZE=1024 COUNT=4000 ROUNDS=2
//   BUILDS=dist/chrome,/tmp/wt-old/dist/chrome   builds of the extension to compare, side by side
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DIST_CHROME } from '../drivers/paths.ts'
import { type BareChromium, launchBareChromium } from './bare-chromium.ts'
import { type EchoServer, type EchoTask, startEchoServer } from './echo-server.ts'
import { median } from './overhead.ts'

const API = (process.env.API ?? 'WebSocket') as EchoTask['api']
const SIZE = Number(process.env.SIZE ?? 1024)
const COUNT = Number(process.env.COUNT ?? 4000)
const ROUNDS = Number(process.env.ROUNDS ?? 2)
const BUILDS = (process.env.BUILDS ?? DIST_CHROME).split(',').map((dir) => resolve(dir.trim()))
const TICK_MS = 10 // USER_HZ on Linux
const KINDS = ['browser', 'network', 'page', 'extension worker', 'other'] as const
/** The extension records each echo twice: the message sent and the one received. */
const MESSAGES = 2 * COUNT

function kindOf(args: string[]): (typeof KINDS)[number] {
  const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser'
  if (type === 'browser') return 'browser'
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension worker' : 'page'
  return args.some((a) => a.includes('NetworkService')) ? 'network' : 'other'
}

/** CPU ms so far of the browser process `root` and all its descendants, by pid, with the kind of each. */
function chromiumCpu(root: number): Map<number, { kind: string; ms: number }> {
  const stats = new Map<number, { ppid: number; ms: number; args: string[] }>()
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // Chromium rewrites its children's command lines into one space-separated string.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/)
      stats.set(Number(pid), { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS, args })
    } catch {
      // The process ended while we read it.
    }
  }
  // Only this browser's tree: another helper's Chromium may be running beside it.
  const inTree = (pid: number): boolean => pid === root || (pid > 1 && stats.has(pid) && inTree(stats.get(pid)!.ppid))
  const out = new Map<number, { kind: string; ms: number }>()
  for (const [pid, { ms, args }] of stats) if (inTree(pid)) out.set(pid, { kind: kindOf(args), ms })
  return out
}

/** Loads the echo page in the browser's only tab; resolves once the page waits for its plan. */
async function load(browser: BareChromium, server: EchoServer) {
  const run = server.newRun()
  const tab = await browser.openTab(run.url)
  await browser.closeTabsExcept([tab])
  await run.waiting
  return run
}

/** A short label for a build: its worktree's commit, where it has one. */
function labelOf(dist: string): string {
  try {
    return `${dist} @ ${execFileSync('git', ['-C', dist, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`
  } catch {
    return dist
  }
}

const task: EchoTask = { api: API, size: SIZE, count: COUNT, outstanding: 64 }
const configs = [null, ...BUILDS]
const labels = configs.map((dist) => (dist ? labelOf(dist) : 'no extension'))
const server = await startEchoServer()
const rows: Array<Record<string, string | number>> = []
/** Per configuration, per round: the worker's CPU ms and the echoes per second. */
const worker: number[][] = configs.map(() => [])
const rate: number[][] = configs.map(() => [])
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = configs.map((_, i) => (i + round) % configs.length)
    for (const i of order) {
      const dist = configs[i]
      const browser = await launchBareChromium(dist ? { extension: true, dist } : { extension: false })
      try {
        // A first load warms the page's, the worker's and the server's code; the second is measured.
        await (await load(browser, server)).start([{ ...task, count: 500 }], 120_000)
        const run = await load(browser, server)
        await new Promise((r) => setTimeout(r, 500))
        const before = chromiumCpu(browser.pid)
        const node = process.cpuUsage()
        const [result] = await run.start([task], 300_000)
        // What the worker does with the last batches lands just after the page's last echo.
        await new Promise((r) => setTimeout(r, 500))
        const byKind: Record<string, number> = Object.fromEntries(KINDS.map((k) => [k, 0]))
        for (const [pid, { kind, ms }] of chromiumCpu(browser.pid)) byKind[kind] = byKind[kind]! + ms - (before.get(pid)?.ms ?? 0)
        const { user, system } = process.cpuUsage(node)
        const msgPerSec = COUNT / (result!.ms / 1000)
        worker[i]!.push(byKind['extension worker']!)
        rate[i]!.push(msgPerSec)
        rows.push({ round: round + 1, build: labels[i]!, 'msg/s': Math.round(msgPerSec), ...byKind, 'node (server)': Math.round((user + system) / 1000) })
        console.log(`  round ${round + 1}/${ROUNDS} ${labels[i]}: ${Math.round(msgPerSec)} echoes/s, worker ${byKind['extension worker']} ms`)
      } finally {
        await browser.close()
      }
    }
  }
  console.log(`CPU ms per process kind, ${API}, ${COUNT} echoes of ${SIZE} B (64 outstanding; ${MESSAGES} messages recorded per run)`)
  console.table(rows)
  const summary = configs.map((_, i) => {
    const perMessage = worker[i]!.map((ms) => (ms * 1000) / MESSAGES)
    return {
      build: labels[i]!,
      'echoes/s (median)': Math.round(median(rate[i]!)),
      'worker ms (median)': median(worker[i]!),
      'worker µs per message (median)': median(perMessage).toFixed(1),
      // Paired within each round, as section 1's ratios are: the machine drifts between rounds.
      [`worker time ÷ ${labels[1] ?? 'first build'} (median per round)`]:
        i === 0 || !configs[1] ? '' : median(worker[i]!.map((ms, r) => ms / worker[1]![r]!)).toFixed(2),
    }
  })
  console.table(summary)
} finally {
  await server.close()
}
