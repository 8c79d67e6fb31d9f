// Section 1's server on 127.0.0.1: a bare `ws` echo (no compression, no logging, unlike the playground,
// whose per-message log would cost the server CPU beside the browser), the measured page, and the two
// HTTP calls through which that page is steered without anything attached to it: it waits at
// `GET /plan` until the bench has set its configuration up, and posts what it measured to `/result`.
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { WebSocketServer } from 'ws'

export interface EchoTask {
  api: 'WebSocketStream' | 'WebSocket'
  size: number
  /** Echoes in all; `outstanding` at most in flight (64 for throughput, 1 for round-trip latency). */
  count: number
  outstanding: number
  /** A warm-up: measured like the others, not reported. */
  warmup?: boolean
}

export interface EchoResult extends EchoTask {
  ms: number
  /** The page's visibility when the loop ended: a hidden page would be measured throttled. */
  visibility: DocumentVisibilityState
}

/** One page load: its url, when its script is waiting for the plan, and what it measured once given one. */
export interface PageRun {
  url: string
  waiting: Promise<void>
  start(tasks: EchoTask[], timeoutMs: number): Promise<EchoResult[]>
}

export interface EchoServer {
  wsUrl: string
  newRun(): PageRun
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const PAGE_DIR = join(import.meta.dirname, 'page')
const FILES = new Map([
  ['/echo.html', 'text/html; charset=utf-8'],
  ['/echo.js', 'text/javascript; charset=utf-8'],
])

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: Error): void
}

/** Promise.withResolvers, which Node 20 lacks. */
function deferred<T>(): Deferred<T> {
  const d = {} as Deferred<T>
  d.promise = new Promise<T>((resolve, reject) => Object.assign(d, { resolve, reject }))
  return d
}

interface Pending {
  waiting: Deferred<void>
  plan: Deferred<EchoTask[]>
  result: Deferred<EchoResult[]>
}

export async function startEchoServer(): Promise<EchoServer> {
  const runs = new Map<string, Pending>()
  let next = 0
  const server = createServer((req, res) => {
    handle(req, res, runs).catch((error: unknown) => send(res, 500, String(error)))
  })
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {})
    if (new URL(req.url ?? '/', `http://${HOST}`).pathname !== '/echo') return socket.destroy()
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
      ws.on('error', () => {})
    })
  })
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  const { port } = server.address() as AddressInfo
  return {
    wsUrl: `ws://${HOST}:${port}/echo`,
    newRun() {
      const id = String(++next)
      const pending: Pending = { waiting: deferred(), plan: deferred(), result: deferred() }
      runs.set(id, pending)
      return {
        url: `http://${HOST}:${port}/echo.html?run=${id}&ws=${encodeURIComponent(`ws://${HOST}:${port}/echo`)}`,
        waiting: pending.waiting.promise,
        async start(tasks, timeoutMs) {
          pending.plan.resolve(tasks)
          let timer: NodeJS.Timeout | undefined
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`the page reported nothing within ${timeoutMs} ms`)), timeoutMs)
          })
          try {
            return await Promise.race([pending.result.promise, timeout])
          } finally {
            clearTimeout(timer)
            runs.delete(id)
          }
        },
      }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, runs: Map<string, Pending>): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`)
  const type = FILES.get(url.pathname)
  if (type && req.method === 'GET') return send(res, 200, await readFile(join(PAGE_DIR, url.pathname.slice(1))), type)
  const run = runs.get(url.searchParams.get('run') ?? '')
  if (url.pathname === '/plan' && req.method === 'GET' && run) {
    run.waiting.resolve()
    return send(res, 200, JSON.stringify(await run.plan.promise), 'application/json')
  }
  if (url.pathname === '/result' && req.method === 'POST' && run) {
    const body = JSON.parse(await readBody(req)) as { results?: EchoResult[]; error?: string }
    if (body.results) run.result.resolve(body.results)
    else run.result.reject(new Error(`the page failed: ${body.error}`))
    return send(res, 204)
  }
  send(res, 404, 'Not found\n')
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of req) body += chunk
  return body
}

function send(res: ServerResponse, status: number, body?: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) return void res.destroy()
  res.writeHead(status, { 'Cache-Control': 'no-store', ...(body === undefined ? {} : { 'Content-Type': type }) })
  res.end(body)
}
