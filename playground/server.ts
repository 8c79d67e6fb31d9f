import { readFile } from 'node:fs/promises'
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { describeMessage, ServerLog, type ServerLogEntry } from './log.ts'
import { planFor } from './scenarios.ts'

export type { ServerLogEntry } from './log.ts'

export interface Playground {
  /** http://127.0.0.1:PORT/ */
  url: string
  /** ws://127.0.0.1:PORT */
  wsBase: string
  port: number
  /** Everything the server received, oldest first; at most 10,000 entries. */
  log: ServerLogEntry[]
  clearLog(): void
  /** Lets /wait.html go on to the playground (npm start calls it once the browser has the extension). */
  release(): void
  /** Also matches entries logged before the call. Default timeout 5 s. */
  waitForLog(predicate: (e: ServerLogEntry) => boolean, timeoutMs?: number): Promise<ServerLogEntry>
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const PAGE_DIR = join(import.meta.dirname, 'page')
/** The only files ever served: a fixed list, so no request path can reach anything else. */
const PAGE_FILES = new Map([
  ['/', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/page.js', { file: 'page.js', type: 'text/javascript; charset=utf-8' }],
  ['/page.css', { file: 'page.css', type: 'text/css; charset=utf-8' }],
  ['/frame.html', { file: 'frame.html', type: 'text/html; charset=utf-8' }],
  ['/blank.html', { file: 'blank.html', type: 'text/html; charset=utf-8' }],
  ['/wait.html', { file: 'wait.html', type: 'text/html; charset=utf-8' }],
  // Browsers ask every site for one; a 404 would be an error in the console of every page load.
  ['/favicon.ico', { file: '../../public/icons/icon-48.png', type: 'image/png' }],
])
/** A log stream reader this far behind is cut off; EventSource reconnects and gets the backlog. */
const STREAM_BUFFER_LIMIT = 4 * 1024 * 1024

export async function startPlayground(options: { port?: number } = {}): Promise<Playground> {
  const log = new ServerLog()
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  const sockets = new Set<WebSocket>()
  let connections = 0

  // Only /protocol answers with a subprotocol; elsewhere an offered one is declined (Chromium then fails the handshake).
  const wantsProtocol = new WeakSet<IncomingMessage>()
  const handleProtocols = (offered: Set<string>, req: IncomingMessage) => (wantsProtocol.has(req) ? (offered.values().next().value ?? false) : false)
  const plain = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols })
  const deflate = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 }, handleProtocols })

  const server = createServer((req, res) => {
    handleRequest(req, res, log, released).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String(error))
      else res.destroy()
    })
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {}) // a client vanishing mid-handshake is not the server's problem
    const connection = ++connections
    const url = new URL(req.url ?? '/', `http://${HOST}`)
    const base = {
      connection,
      scenario: url.pathname.slice(1),
      url: url.pathname + url.search,
      protocols: requestedProtocols(req),
    }
    const plan = planFor(url)

    if (plan.reject !== undefined) {
      log.add({ time: Date.now(), ...base, event: 'rejected', status: plan.reject, error: plan.message })
      refuse(socket, plan.reject, plan.message)
      return
    }

    if (plan.pickProtocol) wantsProtocol.add(req)
    ;(plan.deflate ? deflate : plain).handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const add = (entry: Omit<ServerLogEntry, 'time' | 'connection' | 'scenario'>) =>
        log.add({ time: Date.now(), connection, scenario: base.scenario, ...entry })

      add({ event: 'open', url: base.url, protocols: base.protocols, protocol: ws.protocol, extensions: ws.extensions })
      // The default binaryType ('nodebuffer') makes every message one Buffer.
      ws.on('message', (data, isBinary) => add({ event: 'message', ...describeMessage(data as Buffer, isBinary) }))
      ws.on('error', (error) => add({ event: 'error', error: error.message }))
      ws.addEventListener('close', ({ code, reason, wasClean }) => {
        sockets.delete(ws)
        add({ event: 'close', code, reason, wasClean })
      })
      plan.run(ws)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${HOST}:${port}/`,
    wsBase: `ws://${HOST}:${port}`,
    port,
    log: log.entries,
    clearLog: () => log.clear(),
    release: () => release(),
    waitForLog: (predicate, timeoutMs) => log.waitFor(predicate, timeoutMs),
    async close() {
      for (const ws of sockets) ws.terminate()
      plain.close()
      deflate.close()
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
      server.closeAllConnections() // keep-alive and /log/stream connections would otherwise hold close() up
      await closed
    },
  }
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, log: ServerLog, released: Promise<void>): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', `http://${HOST}`)
  const page = PAGE_FILES.get(pathname)

  if (page && (req.method === 'GET' || req.method === 'HEAD')) {
    send(res, 200, page.type, await readFile(join(PAGE_DIR, page.file)))
  } else if (pathname === '/no-content') {
    // A navigation to a 204 never commits: a frame pointed here keeps its first, empty document.
    send(res, 204)
  } else if (pathname === '/wait/released' && req.method === 'GET') {
    // Answered only once released: the waiting page holds one request open instead of polling.
    await released
    send(res, 204)
  } else if (pathname === '/log' && req.method === 'GET') {
    send(res, 200, 'application/json', JSON.stringify({ entries: log.entries, dropped: log.dropped }))
  } else if (pathname === '/log/clear' && req.method === 'POST') {
    log.clear()
    send(res, 204)
  } else if (pathname === '/log/stream' && req.method === 'GET') {
    streamLog(res, log)
  } else {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found\n')
  }
}

function send(res: ServerResponse, status: number, type?: string, body?: string | Buffer): void {
  res.writeHead(status, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(type && { 'Content-Type': type }),
  })
  res.end(body)
}

/** Server-Sent Events: a "reset" event, then every entry; "reset" again whenever the log is cleared. */
function streamLog(res: ServerResponse, log: ServerLog): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' })
  const push = (entry: ServerLogEntry | 'clear') => {
    if (res.writableEnded) return
    res.write(entry === 'clear' ? 'event: reset\ndata:\n\n' : `data: ${JSON.stringify(entry)}\n\n`)
    if (res.writableLength > STREAM_BUFFER_LIMIT) res.end()
  }
  push('clear')
  for (const entry of log.entries) push(entry)
  const unsubscribe = log.subscribe(push)
  res.on('close', unsubscribe)
}

function requestedProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol']
  return header ? header.split(',').map((protocol) => protocol.trim()) : []
}

/** Fails the handshake with a plain HTTP response. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Cache-Control: no-store\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body,
  )
}
