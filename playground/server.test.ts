// @vitest-environment node
import { get, request } from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket, type ClientOptions } from 'ws'
import { MAX_LOG_ENTRIES } from './log.ts'
import { startPlayground, type Playground, type ServerLogEntry } from './server.ts'

let pg: Playground
const clients = new Set<WebSocket>()

beforeAll(async () => {
  pg = await startPlayground()
})
afterAll(() => pg.close())
beforeEach(() => pg.clearLog())
afterEach(async () => {
  for (const ws of clients) ws.terminate()
  clients.clear()
  // Let the server log every close, so that none lands in the next test's log.
  const count = (event: ServerLogEntry['event']) => pg.log.filter((e) => e.event === event).length
  const settled = () => count('close') >= count('open')
  if (!settled()) await pg.waitForLog(settled, 3000)
})

/** Fails instead of hanging when something never happens. */
function within<T>(promise: Promise<T>, ms = 3000, what = 'event'): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))])
}

function connect(path: string, protocols: string[] = [], options: ClientOptions = {}): WebSocket {
  const ws = new WebSocket(pg.wsBase + path, protocols, { perMessageDeflate: false, ...options })
  ws.on('error', () => {}) // tests that expect an error listen for it themselves
  clients.add(ws)
  return ws
}

async function open(path: string, protocols?: string[], options?: ClientOptions): Promise<WebSocket> {
  const ws = connect(path, protocols, options)
  await within(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)), 3000, 'open')
  return ws
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return within(new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary }))))
}

function closed(ws: WebSocket, ms?: number): Promise<{ code: number; reason: string }> {
  return within(new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))), ms, 'close')
}

/** Resolves with the HTTP status of a refused handshake. */
function refusedStatus(path: string): Promise<number> {
  const ws = connect(path)
  return within(
    new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.once('open', () => reject(new Error('the handshake succeeded')))
    }),
  )
}

const logged = (event: ServerLogEntry['event'], extra: (e: ServerLogEntry) => boolean = () => true) => pg.waitForLog((e) => e.event === event && extra(e), 3000)

/** A GET with the path sent byte for byte, without the normalization fetch() would apply. */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return within(
    new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port: pg.port, path }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }).on('error', reject)
    }),
  )
}

describe('scenarios', () => {
  it('/echo echoes text as text and binary as binary, and logs both', async () => {
    const ws = await open('/echo')
    ws.send('hello')
    expect(await nextMessage(ws)).toEqual({ data: Buffer.from('hello'), isBinary: false })
    ws.send(Buffer.from([0, 1, 254, 255]))
    expect(await nextMessage(ws)).toEqual({ data: Buffer.from([0, 1, 254, 255]), isBinary: true })

    const open_ = await logged('open')
    expect(open_).toMatchObject({ scenario: 'echo', url: '/echo', protocols: [], protocol: '', extensions: '' })
    expect(pg.log.filter((e) => e.event === 'message')).toMatchObject([
      { connection: open_.connection, binary: false, size: 5, text: 'hello' },
      { connection: open_.connection, binary: true, size: 4, hex: '0001feff' },
    ])
  })

  it('/close sends the Close frame with the code and reason asked for', async () => {
    const ws = connect('/close?code=4000&reason=bye&after=0')
    expect(await closed(ws)).toEqual({ code: 4000, reason: 'bye' })
    // The client echoed the server's code, and both frames were exchanged.
    expect(await logged('close')).toMatchObject({ code: 4000, reason: 'bye', wasClean: true })
  })

  it('/close?onmessage=1 waits for a message, and no code means an empty Close frame', async () => {
    const ws = await open('/close?onmessage=1')
    const closing = closed(ws)
    ws.send('go')
    expect(await closing).toEqual({ code: 1005, reason: '' })
    await logged('message', (e) => e.text === 'go')
  })

  it('logs the code and reason of a Close frame from the client', async () => {
    const ws = await open('/echo')
    ws.close(4321, 'bye')
    await closed(ws)
    expect(await logged('close')).toMatchObject({ scenario: 'echo', code: 4321, reason: 'bye', wasClean: true })
  })

  it('logs an empty Close frame from the client as 1005', async () => {
    const ws = await open('/echo')
    ws.close()
    await closed(ws)
    expect(await logged('close')).toMatchObject({ code: 1005, reason: '', wasClean: true })
  })

  it('/drop drops the connection without a Close frame (1006 at the client)', async () => {
    const ws = connect('/drop?after=50')
    expect(await closed(ws)).toEqual({ code: 1006, reason: '' })
    expect(await logged('close')).toMatchObject({ code: 1006, wasClean: false })
  })

  it('/drop?onmessage=1 drops on the first message', async () => {
    const ws = await open('/drop?onmessage=1')
    const closing = closed(ws)
    ws.send('bye')
    expect(await closing).toEqual({ code: 1006, reason: '' })
  })

  it('/reject fails the handshake with the status asked for', async () => {
    expect(await refusedStatus('/reject?status=403')).toBe(403)
    expect(await refusedStatus('/reject?status=502')).toBe(502)
    expect(await logged('rejected', (e) => e.status === 502)).toMatchObject({ scenario: 'reject', url: '/reject?status=502' })
  })

  it('refuses unknown paths with 404 and bad parameters with 400', async () => {
    expect(await refusedStatus('/nope')).toBe(404)
    expect(await refusedStatus('/flood?n=1000001')).toBe(400)
    expect(await refusedStatus('/close?code=1006')).toBe(400)
    expect(await refusedStatus('/close?reason=needs-a-code')).toBe(400)
    expect(await logged('rejected', (e) => e.status === 404)).toMatchObject({ scenario: 'nope', error: 'No scenario at /nope' })
  })

  it('/flood delivers exactly n text messages, in order, each starting with its index', async () => {
    const n = 1000
    const ws = connect(`/flood?n=${n}&size=64`)
    const received: string[] = []
    ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false)
      received.push(data.toString())
    })
    await within(new Promise<void>((resolve) => ws.on('message', () => received.length === n && resolve())))
    await new Promise((resolve) => setTimeout(resolve, 100)) // nothing more arrives
    expect(received).toHaveLength(n)
    expect(received.every((text, i) => text.length === 64 && text.startsWith(`${i}.`))).toBe(true)
    expect(ws.readyState).toBe(WebSocket.OPEN)
  })

  it('/flood sends binary messages bigger than its send buffer without losing any', { timeout: 15_000 }, async () => {
    const n = 40
    const size = 2 * 1024 * 1024
    const ws = connect(`/flood?n=${n}&size=${size}&binary=1`)
    const indexes: number[] = []
    ws.on('message', (data: Buffer, isBinary) => {
      expect(isBinary && data.length === size).toBe(true)
      indexes.push(data.readUInt32BE(0))
    })
    await within(new Promise<void>((resolve) => ws.on('message', () => indexes.length === n && resolve())), 10_000, 'flood')
    expect(indexes).toEqual(Array.from({ length: n }, (_, i) => i))
  })

  it('/slow stops reading, so the client backs up, then logs everything', { timeout: 15_000 }, async () => {
    const pauseMs = 500
    const count = 100
    const ws = await open(`/slow?pauseMs=${pauseMs}`)
    const opened = await logged('open')
    const chunk = Buffer.alloc(256 * 1024, 7)
    for (let i = 0; i < count; i++) ws.send(chunk)
    expect(ws.bufferedAmount).toBeGreaterThan(0)

    await pg.waitForLog((e) => e.event === 'message' && pg.log.filter((m) => m.event === 'message').length === count, 10_000)
    const messages = pg.log.filter((e) => e.event === 'message')
    expect(messages.every((e) => e.binary && e.size === chunk.length)).toBe(true)
    expect(messages[0]!.time - opened.time).toBeGreaterThanOrEqual(pauseMs - 50)
  })

  it('/silent-close never answers a Close frame', async () => {
    const ws = await open('/silent-close', [], { closeTimeout: 300 } as ClientOptions)
    ws.send('still echoing')
    expect((await nextMessage(ws)).data.toString()).toBe('still echoing')
    ws.close(4321, 'bye')
    // The client gives up waiting for the reply and drops the connection.
    expect(await closed(ws)).toEqual({ code: 1006, reason: '' })
    expect(await logged('close')).toMatchObject({ scenario: 'silent-close', code: 4321, reason: 'bye', wasClean: false })
  })

  it('/protocol accepts the first offered subprotocol and echoes', async () => {
    const ws = await open('/protocol', ['first', 'second'])
    expect(ws.protocol).toBe('first')
    ws.send('hi')
    expect((await nextMessage(ws)).data.toString()).toBe('hi')
    expect(await logged('open')).toMatchObject({ protocols: ['first', 'second'], protocol: 'first' })
  })

  it('other scenarios accept no subprotocol', async () => {
    const ws = connect('/echo', ['first'])
    const error = await within(new Promise<Error>((resolve) => ws.once('error', resolve)))
    expect(error.message).toMatch(/no subprotocol/i)
  })

  it('/deflate-echo negotiates permessage-deflate; /echo does not', async () => {
    const deflated = await open('/deflate-echo', [], { perMessageDeflate: true })
    expect(deflated.extensions).toContain('permessage-deflate')
    deflated.send('x'.repeat(5000))
    expect((await nextMessage(deflated)).data.toString()).toBe('x'.repeat(5000))
    expect(await logged('open')).toMatchObject({ extensions: expect.stringContaining('permessage-deflate') })

    const plain = await open('/echo', [], { perMessageDeflate: true })
    expect(plain.extensions).toBe('')
  })
})

describe('log', () => {
  it('numbers connections and keeps the newest entries up to the limit', { timeout: 15_000 }, async () => {
    const first = await open('/echo')
    const second = await open('/echo')
    first.send('a')
    second.send('b')
    const a = await logged('message', (e) => e.text === 'a')
    const b = await logged('message', (e) => e.text === 'b')
    expect(b.connection).toBe(a.connection + 1)

    const extra = 5
    for (let i = 0; i < MAX_LOG_ENTRIES + extra; i++) first.send(String(i))
    await pg.waitForLog((e) => e.text === String(MAX_LOG_ENTRIES + extra - 1), 10_000)
    expect(pg.log).toHaveLength(MAX_LOG_ENTRIES)
    const { dropped } = (await (await fetch(`${pg.url}log`)).json()) as { dropped: number }
    expect(dropped).toBeGreaterThan(extra)
  })

  it('/log returns the entries as JSON; POST /log/clear empties it', async () => {
    const ws = await open('/echo')
    ws.send('logged')
    ws.close()
    await logged('close')

    const res = await fetch(`${pg.url}log`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ entries: JSON.parse(JSON.stringify(pg.log)), dropped: 0 })

    expect((await fetch(`${pg.url}log/clear`, { method: 'POST' })).status).toBe(204)
    expect(pg.log).toHaveLength(0)
    expect((await fetch(`${pg.url}log/clear`)).status).toBe(404)
  })

  it('/log/stream sends a reset, the backlog, then new entries', async () => {
    const ws = await open('/echo')
    const chunks: string[] = []
    const req = get(`${pg.url}log/stream`, (res) => res.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk)))
    try {
      await within(
        new Promise<void>((resolve) => {
          req.once('response', () => resolve())
        }),
      )
      ws.send('live')
      await within(
        (async () => {
          while (!chunks.join('').includes('"text":"live"')) await new Promise((resolve) => setTimeout(resolve, 20))
        })(),
      )
      const events = chunks.join('').split('\n\n')
      expect(events[0]).toBe('event: reset\ndata:')
      expect(JSON.parse(events[1]!.replace(/^data: /, ''))).toMatchObject({ event: 'open', scenario: 'echo' })
    } finally {
      req.destroy()
    }
  })

  it('waitForLog rejects after its timeout', async () => {
    await expect(pg.waitForLog(() => false, 50)).rejects.toThrow(/No matching server log entry/)
  })
})

describe('HTTP', () => {
  it('serves the page, its script and style, and the frame page, uncached', async () => {
    const page = await rawGet('/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>WebSocket playground</title>')
    expect(page.headers['cache-control']).toBe('no-store')
    expect((await rawGet('/page.js')).headers['content-type']).toMatch(/^text\/javascript/)
    expect((await rawGet('/page.css')).headers['content-type']).toMatch(/^text\/css/)
    expect((await rawGet('/frame.html?api=WebSocketStream')).body).toContain('WebSocketStream')
    const blank = await rawGet('/blank.html?frame=1')
    expect(blank.body).toContain('<title>Blank</title>')
    expect(blank.body).not.toContain('<script')
  })

  it('serves the extension icon as the favicon every browser asks for', async () => {
    const response = await fetch(`${pg.url}favicon.ico`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  })

  it('/wait.html goes on to the playground once the server is released, not before', async () => {
    expect((await rawGet('/wait.html')).body).toContain("fetch('/wait/released')")
    let answered = false
    const answer = fetch(`${pg.url}wait/released`).then((response) => {
      answered = true
      return response.status
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(answered).toBe(false)
    pg.release()
    expect(await within(answer)).toBe(204)
    expect((await fetch(`${pg.url}wait/released`)).status).toBe(204)
  })

  it('/no-content answers 204 with no body, so a frame navigated there keeps its empty document', async () => {
    const response = await rawGet('/no-content')
    expect(response.status).toBe(204)
    expect(response.body).toBe('')
  })

  it.each([
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
    '/page.js/../../server.ts',
    '/page/../server.ts',
    '/..\\server.ts',
    '//etc/passwd',
    '/server.ts',
    '/index.html',
    '/page/index.html',
    '/frame.html/..%2f..%2fcli.ts',
  ])('answers 404 to %s', async (path) => {
    expect((await rawGet(path)).status).toBe(404)
  })

  it('answers 404 to other methods on page routes', async () => {
    const status = await within(
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: pg.port, path: '/page.js', method: 'DELETE' }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
          .on('error', reject)
          .end()
      }),
    )
    expect(status).toBe(404)
  })
})
