// Where the extension's cost lands: CPU time of each Chromium process (browser, network service, the
// page's renderer, the extension's worker) and of this Node process (the echo server), during the same
// echo loop with and without the extension, alternated. Linux only (reads /proc). This is the probe
// that found a put per entry in IndexedDB tripling the browser process's CPU (bench/README.md).
//   npx tsx bench/process-cpu.ts            API=WebSocketStream SIZE=65536 COUNT=1000 ROUNDS=3
import { readdirSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { launchChromium } from '../drivers/chromium.ts'
import { startPlayground } from '../playground/server.ts'

const API = process.env.API ?? 'WebSocket'
const SIZE = Number(process.env.SIZE ?? 1024)
const COUNT = Number(process.env.COUNT ?? 4000)
const ROUNDS = Number(process.env.ROUNDS ?? 2)
const TICK_MS = 10 // USER_HZ on Linux

function kindOf(args: string[]): string {
  const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser'
  if (type === 'browser') return 'browser'
  if (type === 'renderer') return args.includes('--extension-process') ? 'extension worker' : 'page'
  return args.some((a) => a.includes('NetworkService')) ? 'network' : 'other'
}

/** CPU ms so far of every Chromium process, by pid, with the kind of process it is. */
function chromiumCpu(): Map<number, { kind: string; ms: number }> {
  const out = new Map<number, { kind: string; ms: number }>()
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Chromium rewrites its children's command lines into one space-separated string.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/)
      if (!args[0]?.includes('chromium')) continue
      const kind = kindOf(args)
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(pid), { kind, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS })
    } catch {
      // The process ended while we read it.
    }
  }
  return out
}

function echoLoop(page: Page, wsUrl: string): Promise<number> {
  return page.evaluate(
    async ({ wsUrl, api, size, count }) => {
      const payload = 'x'.repeat(size)
      const window = 64
      const start = performance.now()
      if (api === 'WebSocketStream') {
        const stream = new WebSocketStream(wsUrl)
        const { readable, writable } = await stream.opened
        const writer = writable.getWriter()
        const reader = readable.getReader()
        let sent = Math.min(window, count)
        for (let i = 0; i < sent; i++) void writer.write(payload)
        for (let received = 0; received < count; received++) {
          await reader.read()
          if (sent < count) sent++, void writer.write(payload)
        }
        stream.close()
      } else {
        const socket = new WebSocket(wsUrl)
        await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }))
        let sent = Math.min(window, count)
        for (let i = 0; i < sent; i++) socket.send(payload)
        let received = 0
        await new Promise<void>((resolve) =>
          socket.addEventListener('message', () => {
            if (sent < count) sent++, socket.send(payload)
            if (++received === count) resolve()
          }),
        )
        socket.close()
      }
      return performance.now() - start
    },
    { wsUrl, api: API, size: SIZE, count: COUNT },
  )
}

const playground = await startPlayground()
const rows: Array<Record<string, string | number>> = []
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const extension of round % 2 ? [true, false] : [false, true]) {
      const session = await launchChromium({ extension })
      try {
        const page = await session.newPage()
        await page.goto(`${playground.url}blank.html`)
        await echoLoop(page, `${playground.wsBase}/echo`)
        await new Promise((resolve) => setTimeout(resolve, 500))
        const before = chromiumCpu()
        const node = process.cpuUsage()
        const elapsed = await echoLoop(page, `${playground.wsBase}/echo`)
        await new Promise((resolve) => setTimeout(resolve, 300))
        const byKind: Record<string, number> = { browser: 0, network: 0, page: 0, 'extension worker': 0, other: 0 }
        for (const [pid, { kind, ms }] of chromiumCpu()) byKind[kind] = (byKind[kind] ?? 0) + ms - (before.get(pid)?.ms ?? 0)
        const { user, system } = process.cpuUsage(node)
        rows.push({
          'with extension': String(extension),
          'msg/s': Math.round(COUNT / (elapsed / 1000)),
          ...byKind,
          'node (server)': Math.round((user + system) / 1000),
        })
      } finally {
        await session.close()
      }
    }
  console.log(`CPU ms per process kind, ${API}, ${COUNT} echoes of ${SIZE} B (64 outstanding)`)
  console.table(rows)
} finally {
  await playground.close()
}
