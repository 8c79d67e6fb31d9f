import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, stringifyMessage } from 'graphql-ws'
import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { graphql } from './graphql.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, expectTokenSoupWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'

const TRANSPORT: DecoderContext = { url: 'wss://api/graphql', protocol: GRAPHQL_TRANSPORT_WS_PROTOCOL, direction: 'sent', binary: false }
const LEGACY: DecoderContext = { ...TRANSPORT, protocol: 'graphql-ws' }
const NONE: DecoderContext = { ...TRANSPORT, protocol: '' }

// graphql-transport-ws messages as graphql-ws 6.4.2 (the real library) writes them; stringifyMessage validates each.
const INIT = stringifyMessage({ type: MessageType.ConnectionInit, payload: { token: 't' } })
const ACK = stringifyMessage({ type: MessageType.ConnectionAck })
const PING = stringifyMessage({ type: MessageType.Ping })
const PONG = stringifyMessage({ type: MessageType.Pong })
const SUBSCRIBE = stringifyMessage({
  type: MessageType.Subscribe,
  id: '1',
  payload: { query: 'subscription OnPrice($s: String!) { price(symbol: $s) }', variables: { s: 'ACME' } },
})
const NAMED = stringifyMessage({ type: MessageType.Subscribe, id: '2', payload: { query: '{ a }', operationName: 'Chosen' } })
const ANONYMOUS = stringifyMessage({ type: MessageType.Subscribe, id: '3', payload: { query: 'subscription { tick }' } })
const NEXT = stringifyMessage({ type: MessageType.Next, id: '1', payload: { data: { price: 12.5 } } })
const NEXT_ERRORS = stringifyMessage({ type: MessageType.Next, id: '1', payload: { errors: [{ message: 'boom' }] } })
const ERROR = stringifyMessage({ type: MessageType.Error, id: '1', payload: [{ message: 'Cannot query field "x"' }] })
const COMPLETE = stringifyMessage({ type: MessageType.Complete, id: '1' })
// subscriptions-transport-ws (subprotocol graphql-ws) is unmaintained; its messages are written here after its
// src/message-types.ts and client.ts: {type, id?, payload?} with these type names.
const LEGACY_START = JSON.stringify({ id: '1', type: 'start', payload: { query: 'subscription OnPrice { price }', variables: {} } })
const LEGACY_DATA = JSON.stringify({ id: '1', type: 'data', payload: { data: { price: 1 } } })
const LEGACY_KA = JSON.stringify({ type: 'ka' })
const LEGACY_STOP = JSON.stringify({ id: '1', type: 'stop' })

const summary = (payload: string, context = TRANSPORT) => graphql.decode(payload, context).summary

describe('GraphQL over WebSocket decoder', () => {
  it('detects every message on either subprotocol, and elsewhere only messages no other protocol would send', () => {
    expect(graphql.detects('anything', TRANSPORT)).toBe(true)
    expect(graphql.detects('anything', LEGACY)).toBe(true)
    for (const message of [INIT, ACK, SUBSCRIBE, LEGACY_START, LEGACY_KA]) expect(graphql.detects(message, NONE), message).toBe(true)
    for (const message of [PING, NEXT, COMPLETE, '{"type":"subscribe","id":"1"}', '{"a":1}', 'ka']) expect(graphql.detects(message, NONE), message).toBe(false)
  })

  it('sums up each message by its type, operation id and operation name', () => {
    expect(summary(INIT)).toBe('connection_init')
    expect(summary(ACK)).toBe('connection_ack')
    expect(summary(SUBSCRIBE)).toBe('subscribe 1 OnPrice')
    expect(summary(NAMED)).toBe('subscribe 2 Chosen')
    expect(summary(ANONYMOUS)).toBe('subscribe 3 anonymous subscription')
    expect(summary(NEXT)).toBe('next 1')
    expect(summary(NEXT_ERRORS)).toBe('next 1 (1 error)')
    expect(summary(ERROR)).toBe('error 1 "Cannot query field \\"x\\""')
    expect(summary(COMPLETE)).toBe('complete 1')
    expect(summary(LEGACY_START, LEGACY)).toBe('start 1 OnPrice')
    expect(summary(LEGACY_DATA, LEGACY)).toBe('data 1')
    expect(summary(LEGACY_STOP, LEGACY)).toBe('stop 1')
  })

  it('marks ping, pong and the legacy keep-alive as heartbeats', () => {
    expect(graphql.decode(PING, TRANSPORT).heartbeat).toBe(true)
    expect(graphql.decode(PONG, TRANSPORT).heartbeat).toBe(true)
    expect(graphql.decode(LEGACY_KA, LEGACY).heartbeat).toBe(true)
    expect(graphql.decode(NEXT, TRANSPORT).heartbeat).toBe(false)
  })

  it('names the protocol by the message, whatever the subprotocol claims', () => {
    const protocol = (payload: string, context: DecoderContext) => {
      const tree = graphql.decode(payload, context).tree
      const field = (tree.kind === 'branch' ? tree.children() : []).find((n) => n.kind === 'leaf' && n.name === 'protocol')
      return field?.kind === 'leaf' ? field.text : null
    }
    expect(protocol(SUBSCRIBE, LEGACY)).toBe('graphql-transport-ws (the graphql-ws library)')
    expect(protocol(LEGACY_START, TRANSPORT)).toBe('graphql-ws (legacy, subscriptions-transport-ws)')
    expect(protocol(COMPLETE, LEGACY)).toBe('graphql-ws (legacy, subscriptions-transport-ws)')
    expect(protocol(COMPLETE, TRANSPORT)).toBe('graphql-transport-ws (the graphql-ws library)')
  })

  it('says why a message is not GraphQL over WebSocket', () => {
    expect(summary('{"type":')).toMatch(/^not valid GraphQL over WebSocket: /)
    expect(summary('[1]')).toBe('not valid GraphQL over WebSocket: a message is a JSON object')
    expect(summary('{"id":"1"}')).toBe('not valid GraphQL over WebSocket: a message has a string "type"')
    expect(summary('{"type":"toString"}')).toBe('not valid GraphQL over WebSocket: unknown message type "toString"')
    expect(summary('{"type":"next"}')).toBe('not valid GraphQL over WebSocket: a next message has an id')
    expect(summary('{"type":"subscribe","id":"1","payload":{}}')).toBe('not valid GraphQL over WebSocket: a subscribe payload has a query')
  })

  it(
    'never throws: random input, the protocol’s own pieces, every cut of real messages',
    () => {
      for (const context of [TRANSPORT, LEGACY, NONE]) {
        expectRandomInputWellBehaved(graphql, context)
        expectTokenSoupWellBehaved(graphql, context, [
          '{',
          '}',
          '"type"',
          ':',
          '"subscribe"',
          '"id"',
          '"1"',
          ',',
          '"payload"',
          '"query"',
          '"start"',
          '[',
          ']',
          'null',
        ])
      }
      expectCutFramesWellBehaved(graphql, [INIT, SUBSCRIBE, NEXT, ERROR, COMPLETE, LEGACY_START], TRANSPORT)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
