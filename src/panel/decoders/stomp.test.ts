import { FrameImpl, type StompHeaders } from '@stomp/stompjs'
import { describe, expect, it } from 'vitest'
import type { DecodedNode, DecoderContext, Payload } from './decoder.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, expectTokenSoupWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'
import { stomp } from './stomp.ts'

const V12: DecoderContext = { url: 'wss://broker/ws', protocol: 'v12.stomp', direction: 'received', binary: false }
const V10: DecoderContext = { ...V12, protocol: 'v10.stomp' }
const NONE: DecoderContext = { ...V12, protocol: '' }

/** A frame as @stomp/stompjs 7.5.0 (the real library) serialises it for the WebSocket, escaping header values as for 1.1+. */
function frame(command: string, headers: StompHeaders, body = '', binaryBody?: Uint8Array): Payload {
  const out = FrameImpl.marshall({ command, headers, body, binaryBody, escapeHeaderValues: true })
  return typeof out === 'string' ? out : new Uint8Array(out)
}

const CONNECT = frame('CONNECT', { 'accept-version': '1.2,1.1,1.0', host: 'broker', 'heart-beat': '10000,10000' })
const CONNECTED = frame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'RabbitMQ/3.13' })
const SEND = frame('SEND', { destination: '/queue/a', 'content-type': 'text/plain' }, 'hello ✓')
const SUBSCRIBE = frame('SUBSCRIBE', { id: 'sub-0', destination: '/topic/prices' })
const MESSAGE = frame('MESSAGE', { destination: '/topic/prices', subscription: '0', 'message-id': '7', 'content-type': 'application/json' }, '{"p":1}')
const ESCAPED = frame('MESSAGE', { destination: '/topic/a:b\nc', subscription: '1' }, 'x')
const BINARY = frame('SEND', { destination: '/queue/bin', 'content-type': 'application/octet-stream' }, '', new Uint8Array([1, 0, 2]))
const RECEIPT = frame('RECEIPT', { 'receipt-id': '77' })
const ERROR = frame('ERROR', { message: 'malformed frame' }, 'details')
const summary = (payload: Payload, context = V12) => stomp.decode(payload, context).summary

describe('STOMP decoder', () => {
  it('detects every frame on a STOMP subprotocol, and elsewhere a whole frame', () => {
    expect(stomp.detects('anything', V12)).toBe(true)
    expect(stomp.detects('x', V10)).toBe(true)
    expect(stomp.detects(SEND, NONE)).toBe(true)
    expect(stomp.detects(BINARY, { ...NONE, binary: true })).toBe(true)
    expect(stomp.detects('SEND\ndestination:/q\n\nno NUL', NONE)).toBe(false)
    expect(stomp.detects('HELLO\n\n\u0000', NONE)).toBe(false)
    expect(stomp.detects('\n', NONE)).toBe(false)
    expect(stomp.detects('{"a":1}', NONE)).toBe(false)
  })

  it('sums up each command by what a reader looks for', () => {
    expect(summary(CONNECT)).toBe('CONNECT broker (accepts 1.2,1.1,1.0)')
    expect(summary(CONNECTED)).toBe('CONNECTED 1.2 (heart-beat 0,0)')
    expect(summary(SEND)).toBe('SEND /queue/a hello ✓')
    expect(summary(SUBSCRIBE)).toBe('SUBSCRIBE /topic/prices (id sub-0)')
    expect(summary(MESSAGE)).toBe('MESSAGE /topic/prices (subscription 0) {"p":1}')
    expect(summary(BINARY, { ...V12, binary: true })).toBe('SEND /queue/bin (3 B application/octet-stream)')
    expect(summary(RECEIPT)).toBe('RECEIPT 77')
    expect(summary(ERROR)).toBe('ERROR malformed frame details')
  })

  it('undoes 1.1+ header escapes, except in CONNECT, CONNECTED and under 1.0', () => {
    expect(summary(ESCAPED)).toBe('MESSAGE /topic/a:b c (subscription 1) x')
    expect(summary('MESSAGE\ndestination:/a\\cb\n\nx\u0000', V10)).toBe('MESSAGE /a\\cb x')
    expect(summary('CONNECTED\nversion:1.2\nserver:a\\cb\n\n\u0000')).toBe('CONNECTED 1.2')
    expect(summary('SEND\ndestination:/a\\tb\n\n\u0000')).toBe('not valid STOMP: an undefined escape in header "destination"')
  })

  it('marks a lone end of line as a heart-beat', () => {
    expect(stomp.decode('\n', V12)).toMatchObject({ summary: 'heartbeat', heartbeat: true })
    expect(stomp.decode('\r\n', V12)).toMatchObject({ summary: 'heartbeat', heartbeat: true })
    expect(stomp.decode(SEND, V12).heartbeat).toBeFalsy()
  })

  it('reads the body by content-length, NULs included, and several frames in one message', () => {
    const tree = stomp.decode(BINARY, { ...V12, binary: true }).tree
    const parts = tree.kind === 'branch' ? tree.children() : []
    const body = parts.at(-1)!
    expect(body).toMatchObject({ name: 'body', kind: 'branch', summary: '3 characters' })
    expect(body.kind === 'branch' && body.children()).toEqual([{ kind: 'text', text: '\u0001\u0000\u0002' }])
    expect(summary(`${RECEIPT}\n${SEND}`)).toBe('RECEIPT 77 (+1 more frame)')
  })

  it('shows the command, every header in order and the body as a tree', () => {
    const tree = stomp.decode(MESSAGE, V12).tree
    const parts = (tree.kind === 'branch' ? tree.children() : []).map((n: DecodedNode) => [(n as { name?: string }).name, n.kind === 'leaf' ? n.text : n.kind])
    expect(parts).toEqual([
      ['command', 'MESSAGE'],
      ['destination', '/topic/prices'],
      ['subscription', '0'],
      ['message-id', '7'],
      ['content-type', 'application/json'],
      ['content-length', '7'],
      ['body', 'branch'],
    ])
  })

  it('says why a frame is not STOMP', () => {
    expect(summary('')).toBe('not valid STOMP: an empty message')
    expect(summary('SEND')).toBe('not valid STOMP: no end of line after the command')
    expect(summary('FOO\n\n\u0000')).toBe('not valid STOMP: unknown command "FOO"')
    expect(summary('SEND\ndestination:/q\n')).toBe('not valid STOMP: the headers do not end with an empty line')
    expect(summary('SEND\n:x\n\n\u0000')).toBe('not valid STOMP: a header without a name and ":": ":x"')
    expect(summary('SEND\ncontent-length:5\n\nab\u0000')).toBe('not valid STOMP: the body is shorter than its content-length 5')
    expect(summary('SEND\ncontent-length:1\n\nab\u0000')).toBe('not valid STOMP: no NUL after the 1 bytes content-length says')
    expect(summary('SEND\n\nbody')).toBe('not valid STOMP: no NUL after the body')
    expect(summary(`${RECEIPT}SEND\n`)).toBe('not valid STOMP: frame 2: the headers do not end with an empty line')
  })

  it(
    'never throws: random input, the protocol’s own pieces, every cut of real frames',
    () => {
      for (const context of [V12, V10, NONE]) {
        expectRandomInputWellBehaved(stomp, context)
        expectTokenSoupWellBehaved(stomp, context, [
          'SEND',
          'MESSAGE',
          'CONNECTED',
          '\n',
          '\r\n',
          ':',
          '\\',
          '\\c',
          'content-length',
          '5',
          '\u0000',
          'destination',
          'x',
        ])
      }
      expectCutFramesWellBehaved(stomp, [CONNECT, CONNECTED, SEND, MESSAGE, ESCAPED, BINARY, ERROR], V12)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
