import { type HubMessage, JsonHubProtocol, MessageType } from '@microsoft/signalr'
import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, expectTokenSoupWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'
import { signalr } from './signalr.ts'

const context: DecoderContext = { url: 'wss://app/chathub?id=abc', protocol: '', direction: 'sent', binary: false }

/** A record as @microsoft/signalr 10.0.11's JsonHubProtocol (the real client) writes it. */
const write = (message: HubMessage) => new JsonHubProtocol().writeMessage(message) as string
// The client's handshake is not exported; HubConnection writes JSON.stringify({protocol, version}) and the separator.
const HANDSHAKE = '{"protocol":"json","version":1}\u001e'
const INVOCATION = write({ type: MessageType.Invocation, invocationId: '7', target: 'SendMessage', arguments: ['ann', 'hi'], streamIds: [] })
const FIRE_AND_FORGET = write({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: ['ann'] })
const COMPLETION = write({ type: MessageType.Completion, invocationId: '7', result: 1 })
const FAILED = write({ type: MessageType.Completion, invocationId: '8', error: 'boom' })
const PING = write({ type: MessageType.Ping })
const CLOSE = write({ type: MessageType.Close, error: 'Connection closed with an error.', allowReconnect: true })
const summary = (payload: string) => signalr.decode(payload, context).summary

describe('SignalR JSON decoder', () => {
  it('detects text made of JSON records each ended by U+001E, nothing else', () => {
    for (const message of [HANDSHAKE, '{}\u001e', INVOCATION, PING, `${PING}${COMPLETION}`]) expect(signalr.detects(message, context), message).toBe(true)
    for (const message of ['{"type":1}', '{"type":42}\u001e', '{"a":1}\u001e', 'x\u001e', new Uint8Array([0x7b, 0x1e])])
      expect(signalr.detects(message, context), String(message)).toBe(false)
  })

  it('sums up each record by its type, target, arguments and invocation id', () => {
    expect(summary(HANDSHAKE)).toBe('handshake json v1')
    expect(summary('{}\u001e')).toBe('handshake ok')
    expect(summary('{"error":"Requested protocol \'x\' is not available."}\u001e')).toBe('handshake refused "Requested protocol \'x\' is not available."')
    expect(summary(INVOCATION)).toBe('invocation SendMessage(2 args) #7')
    expect(summary(FIRE_AND_FORGET)).toBe('invocation ReceiveMessage(1 arg)')
    expect(summary(COMPLETION)).toBe('completion 7')
    expect(summary(FAILED)).toBe('completion 8 error "boom"')
    expect(summary(CLOSE)).toBe('close "Connection closed with an error."')
    expect(summary(`${PING}${COMPLETION}`)).toBe('ping (+1 more record)')
  })

  it('marks a ping as a heartbeat', () => {
    expect(signalr.decode(PING, context)).toMatchObject({ summary: 'ping', heartbeat: true })
    expect(signalr.decode(INVOCATION, context).heartbeat).toBe(false)
  })

  it('says why a message is not SignalR', () => {
    expect(summary('{"type":6}')).toBe('not valid SignalR: a record ends with the separator U+001E')
    expect(summary('{"type":\u001e')).toMatch(/^not valid SignalR: record 1: /)
    expect(summary(`${PING}[1]\u001e`)).toBe('not valid SignalR: record 2 is not a JSON object')
    expect(summary('{"type":0}\u001e')).toBe('not valid SignalR: record 1 has no known "type"')
  })

  it(
    'never throws: random input, the protocol’s own pieces, every cut of real records',
    () => {
      expectRandomInputWellBehaved(signalr, context)
      expectTokenSoupWellBehaved(signalr, context, ['{', '}', '"type"', ':', '1', '6', ',', '"target"', '"x"', '[', ']', '\u001e', '"error"'])
      expectCutFramesWellBehaved(signalr, [HANDSHAKE, INVOCATION, COMPLETION, CLOSE], context)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
