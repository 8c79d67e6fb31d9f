import { encodePacket, type Packet as EnginePacket } from 'engine.io-parser'
import { Encoder, type Packet, PacketType } from 'socket.io-parser'
import { describe, expect, it } from 'vitest'
import type { DecodedNode, DecoderContext, Payload } from './decoder.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, expectTokenSoupWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'
import { engineVersion, socketio } from './socketio.ts'

const V4: DecoderContext = { url: 'wss://chat.example/socket.io/?EIO=4&transport=websocket', protocol: '', direction: 'received', binary: false }
const V3: DecoderContext = { ...V4, url: 'ws://127.0.0.1:3000/socket.io/?EIO=3&transport=websocket&t=abc' }
const ELSEWHERE: DecoderContext = { ...V4, url: 'wss://h/live' }

/** The WebSocket frames socket.io-parser 4.2.7 and engine.io-parser 5.2.3 (the real encoders) make for a packet. */
function frames(packet: Packet): Payload[] {
  const out: Payload[] = []
  for (const part of new Encoder().encode(packet)) engine({ type: 'message', data: part }, out)
  return out
}

function engine(packet: EnginePacket, out: Payload[] = []): Payload[] {
  // engine.io-parser calls back synchronously for strings and ArrayBuffers.
  encodePacket(packet, true, (encoded) => out.push(typeof encoded === 'string' ? encoded : new Uint8Array(encoded as ArrayBuffer)))
  return out
}

const bytes = (...values: number[]) => new Uint8Array(values).buffer
const summary = (payload: Payload, context = V4) => socketio.decode(payload, context).summary
const children = (node: DecodedNode) => (node.kind === 'branch' ? node.children() : [])

const EVENT = frames({ type: PacketType.EVENT, nsp: '/', data: ['chat', { text: 'hi' }] })[0]!
const EVENT_WITH_ACK = frames({ type: PacketType.EVENT, nsp: '/admin', id: 12, data: ['save', 1] })[0]!
const ACK = frames({ type: PacketType.ACK, nsp: '/', id: 12, data: ['ok'] })[0]!
const CONNECT = frames({ type: PacketType.CONNECT, nsp: '/admin', data: { token: 't' } })[0]!
const CONNECT_REPLY = frames({ type: PacketType.CONNECT, nsp: '/', data: { sid: 'x1' } })[0]!
const DISCONNECT = frames({ type: PacketType.DISCONNECT, nsp: '/admin' })[0]!
const CONNECT_ERROR = frames({ type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Not authorized' } })[0]!
const BINARY_EVENT = frames({ type: PacketType.EVENT, nsp: '/', data: ['file', bytes(1, 2, 3), { name: 'a.png' }] })
const BINARY_ACK = frames({ type: PacketType.ACK, nsp: '/admin', id: 7, data: [bytes(1), bytes(2)] })
const OPEN = engine({ type: 'open', data: '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' })[0]!

describe('Socket.IO decoder', () => {
  it('reads the Engine.IO version from a Socket.IO URL', () => {
    expect(engineVersion(V4.url)).toBe(4)
    expect(engineVersion(V3.url)).toBe(3)
    expect(engineVersion('wss://h/socket.io/?EIO=4&transport=polling')).toBeNull()
    expect(engineVersion('wss://h/socket.io/?EIO=5&transport=websocket')).toBeNull()
    expect(engineVersion('wss://h/live')).toBeNull()
  })

  it('detects every frame on a Socket.IO URL, and elsewhere only frames that can hardly be anything else', () => {
    expect(socketio.detects('2', V4)).toBe(true)
    expect(socketio.detects('garbage', V4)).toBe(true)
    expect(socketio.detects(new Uint8Array([1]), { ...V4, binary: true })).toBe(true)
    for (const frame of [EVENT, EVENT_WITH_ACK, ACK, CONNECT, OPEN]) expect(socketio.detects(frame, ELSEWHERE), String(frame)).toBe(true)
    for (const frame of ['2', '3', '40', '42', '4hello', '42[oops', '{"a":1}', '0{"a":1}', '42[{"a":1}]'])
      expect(socketio.detects(frame, ELSEWHERE), frame).toBe(false)
  })

  it('strips the Engine.IO type: 42[...] is an EVENT, and names its event, namespace, ack id and arguments', () => {
    expect(EVENT).toBe('42["chat",{"text":"hi"}]')
    expect(summary(EVENT)).toBe('event "chat" {"text":"hi"}')
    expect(summary(EVENT_WITH_ACK)).toBe('event "save" /admin (ack 12) 1')
    expect(summary(ACK)).toBe('ack 12 "ok"')
    expect(summary(CONNECT)).toBe('connect /admin')
    expect(summary(CONNECT_REPLY)).toBe('connect /')
    expect(summary(DISCONNECT)).toBe('disconnect /admin')
    expect(summary(CONNECT_ERROR)).toBe('connect_error / {"message":"Not authorized"}')
    expect(socketio.decode(EVENT, V4).heartbeat).toBeFalsy()
  })

  it('counts a binary event’s attachments, and tells its attachment frames', () => {
    expect(BINARY_EVENT.length).toBe(2)
    expect(summary(BINARY_EVENT[0]!)).toBe('binary event "file" (1 attachment) {"_placeholder":true,"num":0}, {"name":"a.png"}')
    expect(summary(BINARY_EVENT[1]!, { ...V4, binary: true })).toBe('binary attachment (3 B)')
    expect(summary(BINARY_ACK[0]!)).toBe('binary ack 7 /admin (2 attachments) {"_placeholder":true,"num":0}, {"_placeholder":true,"num":1}')
    // Engine.IO 3 (Socket.IO v2) sends the message type as the first byte of a binary frame.
    expect(summary(new Uint8Array([4, 1, 2, 3]), { ...V3, binary: true })).toBe('binary attachment (3 B)')
    expect(summary(new Uint8Array([1, 2, 3]), { ...V3, binary: true })).toBe(
      'not valid Engine.IO: a binary frame of Engine.IO 3 starts with 4 (message), not 1',
    )
  })

  it('marks Engine.IO open, ping, pong, upgrade and noop as heartbeats, and sums up the handshake', () => {
    const decoded = (frame: Payload) => socketio.decode(frame, V4)
    expect(decoded(OPEN)).toMatchObject({ summary: 'open {sid "lv_VI97HAXpY6yYWAAAC", pingInterval 25000}', heartbeat: true })
    expect(decoded(engine({ type: 'ping' })[0]!)).toMatchObject({ summary: 'ping', heartbeat: true })
    expect(decoded(engine({ type: 'pong' })[0]!)).toMatchObject({ summary: 'pong', heartbeat: true })
    expect(decoded(engine({ type: 'ping', data: 'probe' })[0]!)).toMatchObject({ summary: 'ping "probe"', heartbeat: true })
    expect(decoded(engine({ type: 'upgrade' })[0]!)).toMatchObject({ summary: 'upgrade', heartbeat: true })
    expect(decoded(engine({ type: 'noop' })[0]!)).toMatchObject({ summary: 'noop', heartbeat: true })
    expect(decoded(engine({ type: 'close' })[0]!)).toMatchObject({ summary: 'close', heartbeat: false })
  })

  it('shows the packet as a tree of its parts, the data as JSON', () => {
    const [engineType, type, nsp, id, data] = children(socketio.decode(EVENT_WITH_ACK, V4).tree)
    expect([engineType, type, nsp, id].map((n) => n?.kind === 'leaf' && [n.name, n.text])).toEqual([
      ['engine.io', 'message'],
      ['socket.io', 'event'],
      ['namespace', '/admin'],
      ['ack id', '12'],
    ])
    expect(data).toMatchObject({ kind: 'branch', name: 'data', summary: 'Array(2)' })
  })

  it('says why a frame is not Engine.IO or Socket.IO', () => {
    expect(summary('')).toBe('not valid Engine.IO: empty frame')
    expect(summary('9')).toBe('not valid Engine.IO: unknown packet type "9"')
    expect(summary('4')).toBe('not valid Socket.IO: an empty message')
    expect(summary('47')).toBe('not valid Socket.IO: unknown packet type "7"')
    expect(summary('42["chat"')).toBe('not valid Socket.IO: the payload is not JSON: "[\\"chat\\""')
    expect(summary('42{"a":1}')).toBe('not valid Socket.IO: an event is an array that starts with its name')
    expect(summary('43["x"]')).toBe('not valid Socket.IO: an ack has an id')
    expect(summary('45["file"]')).toBe('not valid Socket.IO: a binary packet starts with its attachment count and "-"')
    expect(summary('0nope')).toBe('not valid Engine.IO: an open packet carries a JSON object')
  })

  it(
    'never throws: random input, the protocol’s own characters, every cut of real frames',
    () => {
      for (const context of [V4, V3, ELSEWHERE]) {
        expectRandomInputWellBehaved(socketio, context)
        expectTokenSoupWellBehaved(socketio, context, ['0', '2', '4', '5', '6', '-', '/admin', ',', '12', '[', ']', '{', '}', '"chat"', 'probe', ':'])
      }
      expectCutFramesWellBehaved(socketio, [EVENT, EVENT_WITH_ACK, ACK, CONNECT, CONNECT_ERROR, OPEN, ...BINARY_EVENT, ...BINARY_ACK], V4)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
