import type { Decoded, Decoder, Payload } from './decoder.ts'
import { invalid, reason, summaryOf } from './decoder.ts'
import { type Field, fieldsNode } from './fields.ts'
import { type Json, jsonNode } from './json.ts'

/**
 * SignalR's JSON hub protocol (aspnetcore HubProtocol.md): JSON records, each ended by the record
 * separator U+001E, a message holding one or more. The first exchange is the handshake
 * (`{"protocol":"json","version":1}`, answered `{}` or `{"error":…}`); then every record has a numeric type.
 */
const SEPARATOR = '\u001e'
const TYPES: Record<number, string> = {
  1: 'invocation',
  2: 'stream item',
  3: 'completion',
  4: 'stream invocation',
  5: 'cancel',
  6: 'ping',
  7: 'close',
  8: 'ack',
  9: 'sequence',
}

type HubRecord = { [key: string]: Json }

function records(payload: Payload): HubRecord[] {
  if (typeof payload !== 'string') throw new Error('the JSON hub protocol is sent as text (MessagePack is not read yet)')
  if (!payload.endsWith(SEPARATOR)) throw new Error('a record ends with the separator U+001E')
  return payload
    .slice(0, -1)
    .split(SEPARATOR)
    .map((text, i) => {
      let value: Json
      try {
        value = JSON.parse(text) as Json
      } catch (error) {
        throw new Error(`record ${i + 1}: ${reason(error)}`)
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`record ${i + 1} is not a JSON object`)
      if (!isHandshake(value) && !(typeof value.type === 'number' && TYPES[value.type])) throw new Error(`record ${i + 1} has no known "type"`)
      return value
    })
}

/** A handshake request names the protocol; a response is `{}` or carries an error. */
function isHandshake(r: HubRecord): boolean {
  if (r.type !== undefined) return false
  return typeof r.protocol === 'string' || Object.keys(r).length === 0 || typeof r.error === 'string'
}

function recordSummary(r: HubRecord): string {
  if (isHandshake(r)) {
    if (typeof r.protocol === 'string') return `handshake ${r.protocol} v${JSON.stringify(r.version)}`
    return typeof r.error === 'string' ? `handshake refused ${JSON.stringify(r.error)}` : 'handshake ok'
  }
  const type = TYPES[r.type as number]!
  const id = typeof r.invocationId === 'string' ? ` ${r.invocationId}` : ''
  switch (r.type) {
    case 1:
    case 4: {
      const args = Array.isArray(r.arguments) ? r.arguments.length : 0
      return `${type} ${typeof r.target === 'string' ? r.target : '?'}(${args} arg${args === 1 ? '' : 's'})${id ? ` #${id.trim()}` : ''}`
    }
    case 3:
      return `${type}${id}${typeof r.error === 'string' ? ` error ${JSON.stringify(r.error)}` : ''}`
    case 7:
      return `close${typeof r.error === 'string' ? ` ${JSON.stringify(r.error)}` : ''}`
    case 8:
    case 9:
      return `${type} ${JSON.stringify(r.sequenceId)}`
    default:
      return `${type}${id}`
  }
}

function looksLikeSignalR(payload: Payload): boolean {
  if (typeof payload !== 'string' || !payload.endsWith(SEPARATOR) || !payload.startsWith('{')) return false
  try {
    return records(payload).length > 0
  } catch {
    return false
  }
}

export const signalr: Decoder = {
  id: 'signalr',
  label: 'SignalR',
  detects: looksLikeSignalR,
  decode(payload): Decoded {
    let list: HubRecord[]
    try {
      list = records(payload)
    } catch (error) {
      return invalid('SignalR', reason(error))
    }
    const nodes = list.map((r) => {
      const s = summaryOf(recordSummary(r))
      return fieldsNode(
        s,
        Object.entries(r).map(([k, v]): Field => [k, jsonNode(v)]),
      )
    })
    const [first, ...more] = list as [HubRecord, ...HubRecord[]]
    const summary = summaryOf(`${recordSummary(first)}${more.length ? ` (+${more.length} more record${more.length > 1 ? 's' : ''})` : ''}`)
    const tree = nodes.length === 1 ? nodes[0]! : { kind: 'branch' as const, summary: `${nodes.length} records`, children: () => nodes }
    return { summary, tree, heartbeat: list.every((r) => r.type === 6) }
  },
}
