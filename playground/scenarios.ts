import { WebSocket } from 'ws'

/** What to do with one upgrade request, decided from its path and query before the handshake. */
export type Plan = { reject: number; message: string } | { reject?: undefined; deflate?: boolean; pickProtocol?: boolean; run(ws: WebSocket): void }

/** Thrown while reading the query; the handshake is then refused with 400 and this message. */
export class BadRequest extends Error {}

const MAX_DELAY_MS = 3_600_000
const MAX_FLOOD_MESSAGES = 1_000_000
const MAX_FLOOD_SIZE = 16 * 1024 * 1024
/** How much a flood may have queued in memory before it waits for the socket. */
const FLOOD_HIGH_WATER = 1024 * 1024

const scenarios = new Map<string, (params: URLSearchParams) => Plan>([
  ['echo', () => ({ run: echo })],

  [
    'close',
    (params) => {
      const code = closeCode(params)
      const reason = params.get('reason') ?? ''
      if (code === undefined && reason !== '') throw new BadRequest('a reason needs a code')
      if (Buffer.byteLength(reason) > 123) throw new BadRequest('reason is longer than 123 UTF-8 bytes')
      const due = trigger(params)
      return { run: (ws) => due(ws, () => ws.close(code, reason)) }
    },
  ],

  [
    'drop',
    (params) => {
      const due = trigger(params)
      return { run: (ws) => due(ws, () => ws.terminate()) }
    },
  ],

  ['reject', (params) => ({ reject: int(params, 'status', 403, 200, 599), message: 'Rejected by the /reject scenario' })],

  [
    'slow',
    (params) => {
      const pauseMs = int(params, 'pauseMs', 2000, 0, MAX_DELAY_MS)
      return {
        run(ws) {
          // Not reading lets the TCP buffers fill up, which is what puts the client under backpressure.
          ws.pause()
          later(ws, pauseMs, () => ws.resume())
        },
      }
    },
  ],

  [
    'flood',
    (params) => {
      const n = int(params, 'n', 1000, 0, MAX_FLOOD_MESSAGES)
      const size = int(params, 'size', 64, 0, MAX_FLOOD_SIZE)
      const message = flag(params, 'binary') ? binaryMessage : textMessage
      return { run: (ws) => sendAll(ws, n, (i) => message(i, size)) }
    },
  ],

  [
    'silent-close',
    () => ({
      run(ws) {
        // ws replies to a client's Close frame from inside its receiver by calling close() on the instance.
        // Making that a no-op for this one connection means no Close frame is ever sent back: the TCP connection
        // stays up until the client gives up and drops it (the server then logs the client's code, wasClean false).
        ws.close = () => {}
        echo(ws)
      },
    }),
  ],

  ['protocol', () => ({ pickProtocol: true, run: echo })],

  ['deflate-echo', () => ({ deflate: true, run: echo })],
])

export function planFor(url: URL): Plan {
  const scenario = scenarios.get(url.pathname.slice(1))
  if (!scenario) return { reject: 404, message: `No scenario at ${url.pathname}` }
  try {
    return scenario(url.searchParams)
  } catch (error) {
    if (error instanceof BadRequest) return { reject: 400, message: error.message }
    throw error
  }
}

function echo(ws: WebSocket): void {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }))
}

/** Reads when a scheduled action runs: on the first message with ?onmessage=1, otherwise ?after= ms after open. */
function trigger(params: URLSearchParams): (ws: WebSocket, action: () => void) => void {
  if (flag(params, 'onmessage')) return (ws, action) => ws.once('message', action)
  const after = int(params, 'after', 0, 0, MAX_DELAY_MS)
  return (ws, action) => later(ws, after, action)
}

/** A timer that dies with the connection, so a closed playground does not keep Node running. */
function later(ws: WebSocket, ms: number, action: () => void): void {
  const timer = setTimeout(action, ms)
  ws.once('close', () => clearTimeout(timer))
}

/** Sends as fast as the socket takes the data, waiting for it to drain whenever a lot is queued. */
function sendAll(ws: WebSocket, n: number, message: (i: number) => string | Buffer): void {
  let i = 0
  const pump = (error?: Error) => {
    if (error) return // the connection is gone
    while (i < n && ws.readyState === WebSocket.OPEN) {
      const data = message(i++)
      if (ws.bufferedAmount < FLOOD_HIGH_WATER) {
        ws.send(data)
      } else {
        // Writes complete in order, so once this one is written everything before it is too.
        ws.send(data, pump)
        return
      }
    }
  }
  pump()
}

/** The index, padded with dots to size characters, so a reader can count and order the messages. */
function textMessage(i: number, size: number): string {
  return String(i).padEnd(size, '.')
}

/** size bytes, the first four holding the index (big-endian) when there is room. */
function binaryMessage(i: number, size: number): Buffer {
  const data = Buffer.alloc(size)
  if (size >= 4) data.writeUInt32BE(i)
  return data
}

function int(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name)
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest(`${name} must be an integer from ${min} to ${max}`)
  }
  return value
}

function flag(params: URLSearchParams, name: string): boolean {
  const raw = params.get(name)
  return raw === '1' || raw === 'true'
}

/** No code means an empty Close frame. The range is what ws agrees to send. */
function closeCode(params: URLSearchParams): number | undefined {
  if (!params.get('code')) return undefined
  const code = int(params, 'code', 0, 1000, 4999)
  const sendable = (code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || code >= 3000
  if (!sendable) throw new BadRequest(`close code ${code} cannot be sent`)
  return code
}
