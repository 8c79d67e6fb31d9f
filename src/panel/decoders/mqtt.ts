import type { Decoded, Decoder } from './decoder.ts'
import { invalid, reason, summaryOf } from './decoder.ts'
import { type Field, fieldsNode } from './fields.ts'
import { formatBytes } from '../format.ts'

/**
 * MQTT 3.1, 3.1.1 and 5 over WebSocket (binary messages holding whole control packets). Our own reader of
 * the fixed header and the version-independent parts: mqtt-packet, the reference, needs Node's Buffer and
 * streams (165 KB minified with polyfills). A packet is read without its connection's history, so where
 * MQTT 5 inserts properties (PUBLISH, SUBSCRIBE…) the summary names only what precedes them.
 */
const TYPES = [
  'reserved',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const
const SUBPROTOCOLS = new Set(['mqtt', 'mqttv3.1'])
const VERSIONS: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5' }
const utf8 = new TextDecoder()

interface Packet {
  type: (typeof TYPES)[number]
  flags: number
  body: Uint8Array
}

/** A reader over one packet's body that fails with a reason instead of reading past its end. */
class Reader {
  at = 0
  constructor(readonly bytes: Uint8Array) {}
  left(): number {
    return this.bytes.length - this.at
  }
  byte(what: string): number {
    if (this.left() < 1) throw new Error(`truncated: no ${what}`)
    return this.bytes[this.at++]!
  }
  u16(what: string): number {
    if (this.left() < 2) throw new Error(`truncated: no ${what}`)
    const value = (this.bytes[this.at]! << 8) | this.bytes[this.at + 1]!
    this.at += 2
    return value
  }
  string(what: string): string {
    const length = this.u16(`${what} length`)
    if (this.left() < length) throw new Error(`truncated: ${what} is ${length} bytes, ${this.left()} left`)
    const text = utf8.decode(this.bytes.subarray(this.at, this.at + length))
    this.at += length
    return text
  }
}

/** Every packet of a message; MQTT's variable-length "remaining length" is at most four bytes. */
function readPackets(bytes: Uint8Array): Packet[] {
  const packets: Packet[] = []
  let at = 0
  while (at < bytes.length) {
    const first = bytes[at]!
    let length = 0
    let i = 0
    for (; ; i++) {
      if (i === 4) throw new Error('a remaining length longer than four bytes')
      const byte = bytes[at + 1 + i]
      if (byte === undefined) throw new Error('truncated: in the remaining length')
      length += (byte & 0x7f) * 128 ** i
      if (!(byte & 0x80)) break
    }
    const start = at + 2 + i
    if (start + length > bytes.length) throw new Error(`truncated: the packet says ${length} bytes, ${bytes.length - start} follow`)
    const type = TYPES[first >> 4]!
    if (type === 'reserved') throw new Error('packet type 0 is reserved')
    packets.push({ type, flags: first & 15, body: bytes.subarray(start, start + length) })
    at = start + length
  }
  return packets
}

function describe(packet: Packet): { summary: string; fields: Field[] } {
  const r = new Reader(packet.body)
  const fields: Field[] = [['type', packet.type]]
  const id = () => {
    const value = r.u16('packet id')
    fields.push(['packet id', String(value)])
    return value
  }
  switch (packet.type) {
    case 'CONNECT': {
      const name = r.string('protocol name')
      const level = r.byte('protocol level')
      const version = VERSIONS[level] ?? `level ${level}`
      const flags = r.byte('connect flags')
      const keepalive = r.u16('keep alive')
      if (level === 5) skipProperties(r)
      const client = r.string('client id')
      fields.push(['protocol', `${name} ${version}`], ['keep alive', `${keepalive} s`], ['client id', client], ['clean start', String(Boolean(flags & 2))])
      if (flags & 0x80) fields.push(['username', 'yes'])
      return { summary: `CONNECT ${JSON.stringify(client)} (MQTT ${version}, keepalive ${keepalive})`, fields }
    }
    case 'CONNACK': {
      const session = r.byte('acknowledge flags') & 1
      const code = r.byte('return code')
      fields.push(['session present', String(Boolean(session))], ['return code', String(code)])
      return { summary: `CONNACK ${code === 0 ? 'accepted' : `refused ${code}`}`, fields }
    }
    case 'PUBLISH': {
      const qos = (packet.flags >> 1) & 3
      if (qos === 3) throw new Error('PUBLISH with QoS 3')
      const topic = r.string('topic')
      fields.push(['topic', topic], ['qos', String(qos)], ['retain', String(Boolean(packet.flags & 1))], ['dup', String(Boolean(packet.flags & 8))])
      const packetId = qos ? id() : null
      const rest = r.left()
      fields.push(['rest', `${rest} bytes (the payload; in MQTT 5 the properties come first)`])
      const retain = packet.flags & 1 ? ' retain' : ''
      return { summary: `PUBLISH ${topic} qos${qos}${retain} (${packetId === null ? '' : `id ${packetId}, `}${formatBytes(rest)})`, fields }
    }
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      const packetId = id()
      const topics = topicList(r.bytes.subarray(r.at), packet.type === 'SUBSCRIBE')
      fields.push(['topics', topics.join(', ')])
      return {
        summary: `${packet.type} ${topics.length} topic${topics.length === 1 ? '' : 's'} (id ${packetId})${topics.length ? `: ${topics.join(', ')}` : ''}`,
        fields,
      }
    }
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP':
    case 'SUBACK':
    case 'UNSUBACK':
      return { summary: `${packet.type} ${id()}`, fields }
    default:
      return { summary: packet.type, fields }
  }
}

/**
 * A SUBSCRIBE's or UNSUBSCRIBE's topic filters. MQTT 5 puts properties before them: read as 3.1.1 first
 * (each filter a string, a SUBSCRIBE's followed by its options byte), and as 5 if that does not use
 * every byte exactly.
 */
function topicList(bytes: Uint8Array, options: boolean): string[] {
  const read = (v5: boolean) => {
    const r = new Reader(bytes)
    if (v5) skipProperties(r)
    const topics: string[] = []
    while (r.left()) {
      topics.push(r.string('topic filter'))
      if (options) r.byte('subscription options')
    }
    if (!topics.length) throw new Error('no topic filter')
    return topics
  }
  try {
    return read(false)
  } catch {
    return read(true)
  }
}

function skipProperties(r: Reader): void {
  let length = 0
  for (let i = 0; ; i++) {
    if (i === 4) throw new Error('a property length longer than four bytes')
    const byte = r.byte('property length')
    length += (byte & 0x7f) * 128 ** i
    if (!(byte & 0x80)) break
  }
  if (r.left() < length) throw new Error(`truncated: properties of ${length} bytes, ${r.left()} left`)
  r.at += length
}

export const mqtt: Decoder = {
  id: 'mqtt',
  label: 'MQTT',
  detects: (_payload, context) => SUBPROTOCOLS.has(context.protocol),
  decode(payload): Decoded {
    if (typeof payload === 'string') return invalid('MQTT', 'MQTT over WebSocket is sent as binary messages')
    if (!payload.length) return invalid('MQTT', 'an empty message')
    let described: { summary: string; fields: Field[] }[]
    let packets: Packet[]
    try {
      packets = readPackets(payload)
      described = packets.map(describe)
    } catch (error) {
      return invalid('MQTT', reason(error))
    }
    const [first, ...more] = described as [(typeof described)[0], ...typeof described]
    const summary = summaryOf(`${first.summary}${more.length ? ` (+${more.length} more packet${more.length > 1 ? 's' : ''})` : ''}`)
    const nodes = described.map((d) => fieldsNode(summaryOf(d.summary), d.fields))
    const tree = nodes.length === 1 ? nodes[0]! : { kind: 'branch' as const, summary: `${nodes.length} packets`, children: () => nodes }
    return { summary, tree, heartbeat: packets.every((p) => p.type === 'PINGREQ' || p.type === 'PINGRESP') }
  },
}
