// The proxy every browser the tests and the bench start is pointed at, so that nothing they do leaves the
// machine: it refuses every request whose host is not a loopback address and counts the refusals by host.
// Both browsers reach 127.0.0.1 directly (Chromium bypasses loopback unless told `<-loopback>`; Firefox does
// while network.proxy.allow_hijacking_localhost is false), so our own servers never pass through it; a
// loopback request that does is forwarded all the same.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import { connect, isIP, type Socket } from 'node:net'

/** The environment variable that carries the proxy's `127.0.0.1:<port>` to the browsers' launchers. */
export const PROXY_ENV = 'WSS_LOOPBACK_PROXY'

const REFUSED_PATH = '/refused'

export interface LoopbackProxy {
  /** `127.0.0.1:<port>`. */
  address: string
  /** Refused requests, by `host:port`, in the order first seen. */
  refused: Map<string, number>
  /** Loopback requests that came through it all the same, forwarded. */
  readonly forwarded: number
  close(): Promise<void>
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare === '::1'
}

/** Splits `host:port` (IPv6 in brackets) into its parts. */
function hostAndPort(authority: string, defaultPort: number): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority)
  return { host: match?.[1] ?? authority, port: Number(match?.[2] ?? defaultPort) }
}

export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const refused = new Map<string, number>()
  let forwarded = 0
  const refuse = (host: string, port: number) => refused.set(`${host}:${port}`, (refused.get(`${host}:${port}`) ?? 0) + 1)

  const server: Server = createServer((req: IncomingMessage, res) => {
    // Asked of the proxy itself, not through it: what it refused so far, for a test run to check.
    if (req.url === REFUSED_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...refused]))
      return
    }
    let target: URL
    try {
      target = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end('a proxy request names an absolute URL')
      return
    }
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80))
    if (!isLoopback(target.hostname)) {
      refuse(target.hostname, port)
      res.writeHead(403).end('off loopback: refused by the test proxy')
      return
    }
    forwarded++
    const upstream = httpRequest({
      host: target.hostname.replace(/^\[|\]$/g, ''),
      port,
      method: req.method,
      path: target.pathname + target.search,
      headers: req.headers,
    })
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  // HTTPS, and WebSockets through a proxy, are tunnels opened with CONNECT host:port.
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const { host, port } = hostAndPort(req.url ?? '', 443)
    if (!isLoopback(host)) {
      refuse(host, port)
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      return
    }
    forwarded++
    const upstream = connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  return {
    address: `127.0.0.1:${port}`,
    refused,
    get forwarded() {
      return forwarded
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The proxy the launchers point browsers at (set by the e2e global setup or the bench), or none. */
export function proxyAddress(): string | undefined {
  return process.env[PROXY_ENV] || undefined
}

/** What the proxy at `address` refused so far, by `host:port`. */
export async function refusedBy(address: string): Promise<Map<string, number>> {
  const answer = await fetch(`http://${address}${REFUSED_PATH}`)
  return new Map((await answer.json()) as Array<[string, number]>)
}

/** "host:port (n)" for each refused host, for a failure message. */
export function describeRefusals(refused: Map<string, number>): string {
  return [...refused].map(([host, n]) => `${host} (${n})`).join(', ')
}
