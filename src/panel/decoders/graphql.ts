import type { Decoded, Decoder, DecoderContext, Payload } from './decoder.ts'
import { invalid, reason, summaryOf } from './decoder.ts'
import { type Field, fieldsNode } from './fields.ts'
import { type Json, jsonNode } from './json.ts'

/**
 * GraphQL over WebSocket, both protocols. Their subprotocol names are swapped against their libraries':
 * `graphql-transport-ws` is the graphql-ws library's protocol, `graphql-ws` the legacy
 * subscriptions-transport-ws one; servers and clients mix them up, so each message is told by its own type.
 */
const TRANSPORT_WS = 'graphql-transport-ws'
const LEGACY = 'graphql-ws'
type Protocol = typeof TRANSPORT_WS | typeof LEGACY

/** Every message type, with the protocols that have it and whether it carries an operation id. */
const TYPES: Record<string, { protocols: Protocol[]; id: boolean }> = {
  connection_init: { protocols: [TRANSPORT_WS, LEGACY], id: false },
  connection_ack: { protocols: [TRANSPORT_WS, LEGACY], id: false },
  ping: { protocols: [TRANSPORT_WS], id: false },
  pong: { protocols: [TRANSPORT_WS], id: false },
  subscribe: { protocols: [TRANSPORT_WS], id: true },
  next: { protocols: [TRANSPORT_WS], id: true },
  error: { protocols: [TRANSPORT_WS, LEGACY], id: true },
  complete: { protocols: [TRANSPORT_WS, LEGACY], id: true },
  connection_error: { protocols: [LEGACY], id: false },
  connection_terminate: { protocols: [LEGACY], id: false },
  ka: { protocols: [LEGACY], id: false },
  start: { protocols: [LEGACY], id: true },
  data: { protocols: [LEGACY], id: true },
  stop: { protocols: [LEGACY], id: true },
}
const KEEPALIVE = new Set(['ping', 'pong', 'ka'])
/** Types no other JSON protocol is likely to use: enough to tell GraphQL without the subprotocol. */
const DISTINCT = new Set(['connection_init', 'connection_ack', 'connection_error', 'connection_terminate', 'ka'])

type Message = { type: string; id?: string; payload?: Json } & Record<string, Json>

function parse(payload: Payload): { ok: true; m: Message } | { ok: false; error: string } {
  if (typeof payload !== 'string') return { ok: false, error: 'the payload is binary' }
  let value: Json
  try {
    value = JSON.parse(payload) as Json
  } catch (error) {
    return { ok: false, error: reason(error) }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a message is a JSON object' }
  if (typeof value.type !== 'string') return { ok: false, error: 'a message has a string "type"' }
  const known = Object.hasOwn(TYPES, value.type) ? TYPES[value.type] : undefined
  if (!known) return { ok: false, error: `unknown message type ${JSON.stringify(value.type.slice(0, 40))}` }
  if (known.id && (typeof value.id !== 'string' || value.id === '')) return { ok: false, error: `a ${value.type} message has an id` }
  if ((value.type === 'subscribe' || value.type === 'start') && !hasQuery(value.payload)) return { ok: false, error: `a ${value.type} payload has a query` }
  return { ok: true, m: value as Message }
}

function hasQuery(payload: Json | undefined): boolean {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) && typeof payload.query === 'string'
}

/** The operation's name, else its kind: `OnPrice`, `anonymous subscription`. */
function operation(payload: Json | undefined): string {
  if (!hasQuery(payload)) return ''
  const { query, operationName } = payload as { query: string; operationName?: Json }
  if (typeof operationName === 'string' && operationName) return operationName
  const match = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)
  if (match) return match[2]!
  const kind = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription)\b/.exec(query)?.[1] ?? 'query'
  return `anonymous ${kind}`
}

function summaryFor(m: Message): string {
  const id = m.id === undefined ? '' : ` ${m.id}`
  switch (m.type) {
    case 'subscribe':
    case 'start':
      return `${m.type}${id} ${operation(m.payload)}`
    case 'error':
    case 'connection_error': {
      const errors = Array.isArray(m.payload) ? m.payload : [m.payload]
      const first = errors[0]
      const message = typeof first === 'object' && first !== null && !Array.isArray(first) && typeof first.message === 'string' ? first.message : ''
      return `${m.type}${id}${message ? ` ${JSON.stringify(message)}` : ''}`
    }
    case 'next':
    case 'data': {
      const result = m.payload
      const errors = typeof result === 'object' && result !== null && !Array.isArray(result) && Array.isArray(result.errors) ? result.errors.length : 0
      return `${m.type}${id}${errors ? ` (${errors} error${errors > 1 ? 's' : ''})` : ''}`
    }
    default:
      return `${m.type}${id}`
  }
}

function protocolOf(m: Message, context: DecoderContext): Protocol {
  const chosen = context.protocol === TRANSPORT_WS || context.protocol === LEGACY ? context.protocol : null
  const protocols = TYPES[m.type]!.protocols
  return chosen && protocols.includes(chosen) ? chosen : protocols[0]!
}

export const graphql: Decoder = {
  id: 'graphql',
  label: 'GraphQL',
  detects(payload, context) {
    if (context.protocol === TRANSPORT_WS || context.protocol === LEGACY) return true
    if (typeof payload !== 'string' || !payload.includes('"type"')) return false
    const parsed = parse(payload)
    if (!parsed.ok) return false
    const { m } = parsed
    return DISTINCT.has(m.type) || ((m.type === 'subscribe' || m.type === 'start') && hasQuery(m.payload))
  },
  decode(payload, context): Decoded {
    const parsed = parse(payload)
    if (!parsed.ok) return invalid('GraphQL over WebSocket', parsed.error)
    const { m } = parsed
    const summary = summaryOf(summaryFor(m))
    const protocol = protocolOf(m, context)
    const fields: Field[] = [
      ['type', m.type],
      ['protocol', protocol === TRANSPORT_WS ? 'graphql-transport-ws (the graphql-ws library)' : 'graphql-ws (legacy, subscriptions-transport-ws)'],
    ]
    if (m.id !== undefined) fields.push(['id', m.id])
    const query = hasQuery(m.payload) ? (m.payload as { query: string }).query : null
    if (query !== null) fields.push(['query', { kind: 'text', text: query }])
    if (m.payload !== undefined) fields.push(['payload', jsonNode(m.payload)])
    return { summary, tree: fieldsNode(summary, fields), copy: { label: 'Copy JSON', text: payload as string }, heartbeat: KEEPALIVE.has(m.type) }
  },
}
