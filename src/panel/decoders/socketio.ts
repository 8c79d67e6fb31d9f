import type { Decoded, Decoder, DecoderContext } from './decoder.ts'
import { invalid, summaryOf } from './decoder.ts'
import { type Field, fieldsNode } from './fields.ts'
import { formatBytes } from '../format.ts'
import { type Json, jsonNode } from './json.ts'

/**
 * Socket.IO over Engine.IO on a WebSocket (socket.io-protocol v4/v5, engine.io-protocol v3/v4). Every text
 * frame starts with an Engine.IO type; a Socket.IO packet rides in a `message` (4), so `42["chat"]` is an
 * EVENT: Firefox, which reads the Socket.IO type off the first character, calls it an error.
 *
 * Our own reader, following the protocols' grammar, rather than socket.io-parser: the library's decoder
 * keeps a binary event to itself until its attachments arrive, while a row must be told from its own
 * frame; its tests' frames are made by the real encoders.
 */
const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const
type EngineType = (typeof ENGINE_TYPES)[number]
/** Engine.IO's own packets, which keep the transport alive or switch it: what a heartbeat switch hides. */
const KEEPALIVE = new Set<EngineType>(['open', 'ping', 'pong', 'upgrade', 'noop'])
/** Socket.IO types; 4 is ERROR in v2 (Engine.IO 3) and CONNECT_ERROR since v3. */
const SOCKET_TYPES = ['connect', 'disconnect', 'event', 'ack', 'connect_error', 'binary event', 'binary ack'] as const

interface Packet {
  type: (typeof SOCKET_TYPES)[number]
  attachments?: number
  nsp: string
  id?: number
  data?: Json
}

/** The Engine.IO protocol version a URL asks for (`?EIO=4&transport=websocket`), or null if it is not such a URL. */
export function engineVersion(url: string): 3 | 4 | null {
  const query = url.indexOf('?')
  if (query < 0) return null
  const params = new URLSearchParams(url.slice(query + 1).split('#')[0])
  const version = params.get('EIO')
  if (params.get('transport') !== 'websocket' || (version !== '3' && version !== '4')) return null
  return version === '3' ? 3 : 4
}

/**
 * Without the URL, a text that can hardly be anything else: the open handshake, or a Socket.IO packet with a
 * namespace or a JSON payload. A bare `2` or `40` is left alone.
 */
function looksLikeSocketIo(text: string): boolean {
  if (text.startsWith('0{')) return /"sid"/.test(text) && /"pingInterval"/.test(text) && parseJson(text.slice(1)) !== undefined
  return /^4[0-6](\d+-)?(\/[^,]*,\d*([[{"]|$)|\d*[[{"])/.test(text) && !('error' in readPacket(text.slice(1)))
}

export const socketio: Decoder = {
  id: 'socketio',
  label: 'Socket.IO',
  detects(payload, context) {
    if (engineVersion(context.url) !== null) return true
    return typeof payload === 'string' && looksLikeSocketIo(payload)
  },
  decode(payload, context) {
    return typeof payload === 'string' ? decodeText(payload) : decodeBinary(payload, context)
  },
}

function decodeBinary(bytes: Uint8Array, context: DecoderContext): Decoded {
  // Engine.IO 3 prefixes a binary message with its type byte; Engine.IO 4 sends the bytes alone.
  const v3 = engineVersion(context.url) === 3
  if (v3 && bytes[0] !== 4) return invalid('Engine.IO', `a binary frame of Engine.IO 3 starts with 4 (message), not ${bytes[0] ?? 'nothing'}`)
  const size = bytes.length - (v3 ? 1 : 0)
  const summary = `binary attachment (${formatBytes(size)})`
  return {
    summary,
    tree: fieldsNode(summary, [
      ['engine.io', 'message (binary)'],
      ['size', `${size} bytes`],
    ]),
  }
}

function decodeText(text: string): Decoded {
  const type = ENGINE_TYPES[Number(text[0])]
  if (type === undefined || !/^\d/.test(text)) return invalid('Engine.IO', text ? `unknown packet type ${JSON.stringify(text[0])}` : 'empty frame')
  const rest = text.slice(1)
  if (type !== 'message') return engineDecoded(type, rest)
  const packet = readPacket(rest)
  if ('error' in packet) return invalid('Socket.IO', packet.error)
  const summary = summaryOf(packetSummary(packet))
  const fields: Field[] = [
    ['engine.io', 'message'],
    ['socket.io', packet.type],
  ]
  if (packet.attachments !== undefined) fields.push(['attachments', String(packet.attachments)])
  fields.push(['namespace', packet.nsp])
  if (packet.id !== undefined) fields.push(['ack id', String(packet.id)])
  if (packet.data !== undefined) fields.push(['data', jsonNode(packet.data)])
  return { summary, tree: fieldsNode(summary, fields), copy: { label: 'Copy frame', text } }
}

function engineDecoded(type: EngineType, rest: string): Decoded {
  let summary: string = type
  const fields: Field[] = [['engine.io', type]]
  if (type === 'open') {
    const handshake = parseJson(rest)
    if (!handshake || typeof handshake !== 'object' || Array.isArray(handshake)) return invalid('Engine.IO', 'an open packet carries a JSON object')
    summary = `open {sid ${JSON.stringify(handshake.sid)}, pingInterval ${JSON.stringify(handshake.pingInterval)}}`
    fields.push(['handshake', jsonNode(handshake)])
  } else if (rest) {
    summary = `${type} ${JSON.stringify(rest)}`
    fields.push(['data', rest])
  }
  summary = summaryOf(summary)
  return { summary, tree: fieldsNode(summary, fields), heartbeat: KEEPALIVE.has(type) }
}

function packetSummary(p: Packet): string {
  const nsp = p.nsp === '/' ? '' : ` ${p.nsp}`
  const attachments = p.attachments === undefined ? '' : ` (${p.attachments} attachment${p.attachments === 1 ? '' : 's'})`
  const args = (values: Json[]) => (values.length ? ` ${values.map((v) => JSON.stringify(v)).join(', ')}` : '')
  switch (p.type) {
    case 'connect':
    case 'disconnect':
      return `${p.type} ${p.nsp}`
    case 'connect_error':
      return `connect_error ${p.nsp}${p.data === undefined ? '' : ` ${JSON.stringify(p.data)}`}`
    case 'event':
    case 'binary event': {
      const [name, ...rest] = p.data as Json[]
      const ack = p.id === undefined ? '' : ` (ack ${p.id})`
      return `${p.type} ${JSON.stringify(name)}${nsp}${ack}${attachments}${args(rest)}`
    }
    case 'ack':
    case 'binary ack':
      return `${p.type} ${p.id}${nsp}${attachments}${args(p.data as Json[])}`
  }
}

/** `<type>[<attachments>-][<namespace>,][<id>][<JSON>]`, each part checked as the protocol says. */
function readPacket(text: string): Packet | { error: string } {
  const type = SOCKET_TYPES[Number(text[0])]
  if (type === undefined || !/^\d/.test(text)) return { error: text ? `unknown packet type ${JSON.stringify(text[0])}` : 'an empty message' }
  let at = 1
  const packet: Packet = { type, nsp: '/' }
  if (type === 'binary event' || type === 'binary ack') {
    const match = /^(\d+)-/.exec(text.slice(at))
    if (!match || Number(match[1]) < 1) return { error: 'a binary packet starts with its attachment count and "-"' }
    packet.attachments = Number(match[1])
    at += match[0].length
  }
  if (text[at] === '/') {
    const comma = text.indexOf(',', at)
    packet.nsp = text.slice(at, comma < 0 ? text.length : comma)
    at = comma < 0 ? text.length : comma + 1
  }
  const id = /^\d+/.exec(text.slice(at))
  if (id) {
    packet.id = Number(id[0])
    at += id[0].length
  }
  const body = text.slice(at)
  const data = body ? parseJson(body) : undefined
  if (body && data === undefined) return { error: `the payload is not JSON: ${JSON.stringify(body.slice(0, 40))}` }
  const why = payloadProblem(packet, data)
  if (why) return { error: why }
  if (data !== undefined) packet.data = data
  return packet
}

function payloadProblem(p: Packet, data: Json | undefined): string | null {
  switch (p.type) {
    case 'connect':
      return data === undefined || isObject(data) ? null : 'a connect payload is an object'
    case 'disconnect':
      return data === undefined ? null : 'a disconnect has no payload'
    case 'connect_error':
      return data === undefined || typeof data === 'string' || isObject(data) ? null : 'a connect_error payload is a string or an object'
    case 'event':
    case 'binary event':
      return Array.isArray(data) && (typeof data[0] === 'string' || typeof data[0] === 'number') ? null : 'an event is an array that starts with its name'
    case 'ack':
    case 'binary ack':
      if (p.id === undefined) return 'an ack has an id'
      return Array.isArray(data) ? null : 'an ack payload is an array'
  }
}

function isObject(value: Json): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json
  } catch {
    return undefined
  }
}
