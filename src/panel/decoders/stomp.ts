import type { Decoded, Decoder, DecoderContext, Payload } from './decoder.ts'
import { invalid, summaryOf } from './decoder.ts'
import { type Field, fieldsNode } from './fields.ts'
import { formatBytes } from '../format.ts'

/**
 * STOMP 1.0–1.2 (stomp.github.io): `COMMAND EOL *(header EOL) EOL body NUL`, EOL being LF or, since 1.2,
 * CR LF; a lone EOL is a heart-beat. Our own reader: @stomp/stompjs's parser is a streaming state machine
 * built for a live client, and the library costs 22.5 KB minified for what is about a hundred lines here.
 */
const CLIENT = ['CONNECT', 'STOMP', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'BEGIN', 'COMMIT', 'ABORT', 'ACK', 'NACK', 'DISCONNECT']
const SERVER = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR']
const COMMANDS = new Set([...CLIENT, ...SERVER])
const SUBPROTOCOLS = new Set(['v10.stomp', 'v11.stomp', 'v12.stomp'])
const utf8 = new TextDecoder('utf-8', { fatal: false })
const latin1 = new TextDecoder('latin1')

interface Frame {
  command: string
  /** Every header as sent, repeats included: the first one counts (1.2 section "Repeated Header Entries"). */
  headers: [string, string][]
  body: Uint8Array
}

/** One frame, or the reason it is not one. `at` is where it starts; `next` where the following frame starts. */
function readFrame(bytes: Uint8Array, at: number, version: string): { frame: Frame; next: number } | { error: string } {
  const lineEnd = (from: number) => {
    const lf = bytes.indexOf(10, from)
    return lf < 0 ? null : { end: lf > from && bytes[lf - 1] === 13 ? lf - 1 : lf, next: lf + 1 }
  }
  const first = lineEnd(at)
  if (!first) return { error: 'no end of line after the command' }
  const command = latin1.decode(bytes.subarray(at, first.end))
  if (!COMMANDS.has(command)) return { error: `unknown command ${JSON.stringify(command.slice(0, 40))}` }
  const headers: [string, string][] = []
  // CONNECT and CONNECTED keep their header values raw, for 1.0 peers (1.2 section "Value Encoding").
  const escaped = version !== '1.0' && command !== 'CONNECT' && command !== 'CONNECTED'
  let position = first.next
  for (;;) {
    const line = lineEnd(position)
    if (!line) return { error: 'the headers do not end with an empty line' }
    if (line.end === position) {
      position = line.next
      break
    }
    const text = utf8.decode(bytes.subarray(position, line.end))
    const colon = text.indexOf(':')
    if (colon < 1) return { error: `a header without a name and ":": ${JSON.stringify(text.slice(0, 40))}` }
    const value = escaped ? unescape(text.slice(colon + 1)) : text.slice(colon + 1)
    if (value === null) return { error: `an undefined escape in header ${JSON.stringify(text.slice(0, colon))}` }
    headers.push([escaped ? (unescape(text.slice(0, colon)) ?? text.slice(0, colon)) : text.slice(0, colon), value])
    position = line.next
  }
  const length = headers.find(([name]) => name === 'content-length')?.[1]
  let end: number
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) return { error: `content-length ${JSON.stringify(length)} is not a number` }
    end = position + Number(length)
    if (end >= bytes.length) return { error: `the body is shorter than its content-length ${length}` }
    if (bytes[end] !== 0) return { error: `no NUL after the ${length} bytes content-length says` }
  } else {
    end = bytes.indexOf(0, position)
    if (end < 0) return { error: 'no NUL after the body' }
  }
  return { frame: { command, headers, body: bytes.subarray(position, end) }, next: end + 1 }
}

/** 1.1/1.2 header escapes; null for an undefined one, which the spec makes a fatal error. */
function unescape(text: string): string | null {
  let bad = false
  const out = text.replace(/\\(.?)/g, (_, c: string) => {
    const replaced = c === 'n' ? '\n' : c === 'c' ? ':' : c === '\\' ? '\\' : c === 'r' ? '\r' : null
    if (replaced === null) bad = true
    return replaced ?? ''
  })
  return bad ? null : out
}

/** Every frame of a message (a broker may send several, and heart-beat EOLs between them). */
function readFrames(bytes: Uint8Array, version: string): Frame[] | { error: string } {
  const frames: Frame[] = []
  let at = 0
  for (;;) {
    while (bytes[at] === 10 || (bytes[at] === 13 && bytes[at + 1] === 10)) at += bytes[at] === 13 ? 2 : 1
    if (at >= bytes.length) return frames
    const read = readFrame(bytes, at, version)
    if ('error' in read) return frames.length ? { error: `frame ${frames.length + 1}: ${read.error}` } : read
    frames.push(read.frame)
    at = read.next
  }
}

const header = (frame: Frame, name: string) => frame.headers.find(([n]) => n === name)?.[1]

function frameSummary(frame: Frame): string {
  const h = (name: string) => header(frame, name)
  const part = (name: string, label = name) => (h(name) === undefined ? '' : ` (${label} ${h(name)})`)
  const body = frame.body.length ? ` ${bodyPreview(frame)}` : ''
  switch (frame.command) {
    case 'CONNECT':
    case 'STOMP':
      return `${frame.command}${h('host') ? ` ${h('host')}` : ''}${part('accept-version', 'accepts')}`
    case 'CONNECTED':
      return `CONNECTED ${h('version') ?? '1.0'}${part('heart-beat')}`
    case 'SEND':
      return `SEND ${h('destination') ?? '(no destination)'}${body}`
    case 'MESSAGE':
      return `MESSAGE ${h('destination') ?? '(no destination)'}${part('subscription')}${body}`
    case 'SUBSCRIBE':
      return `SUBSCRIBE ${h('destination') ?? '(no destination)'}${part('id')}`
    case 'UNSUBSCRIBE':
    case 'ACK':
    case 'NACK':
      return `${frame.command} ${h('id') ?? h('message-id') ?? ''}`.trimEnd()
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
      return `${frame.command} ${h('transaction') ?? ''}`.trimEnd()
    case 'RECEIPT':
      return `RECEIPT ${h('receipt-id') ?? ''}`.trimEnd()
    case 'ERROR':
      return `ERROR ${h('message') ?? ''}${body}`.trimEnd()
    default:
      return `${frame.command}${part('receipt')}`
  }
}

function bodyPreview(frame: Frame): string {
  const type = header(frame, 'content-type') ?? ''
  const text = utf8.decode(frame.body.subarray(0, 200))
  return /^(text\/|application\/json)/.test(type) || !type ? text : `(${formatBytes(frame.body.length)} ${type})`
}

function frameNode(frame: Frame) {
  const fields: Field[] = [['command', frame.command], ...frame.headers]
  if (frame.body.length) fields.push(['body', { kind: 'text', text: utf8.decode(frame.body) }])
  return fieldsNode(summaryOf(frameSummary(frame)), fields)
}

function versionOf(context: DecoderContext): string {
  const match = /^v1(\d)\.stomp$/.exec(context.protocol)
  return match ? `1.${match[1]}` : '1.2'
}

function bytesOf(payload: Payload): Uint8Array {
  return typeof payload === 'string' ? new TextEncoder().encode(payload) : payload
}

/** Text that starts with a STOMP command line and ends its frame with NUL: unlikely to be anything else. */
function looksLikeStomp(payload: Payload): boolean {
  const head = typeof payload === 'string' ? payload.slice(0, 16) : latin1.decode(payload.subarray(0, 16))
  const command = /^([A-Z]+)\r?\n/.exec(head)?.[1]
  return command !== undefined && COMMANDS.has(command) && !('error' in readFrames(bytesOf(payload), '1.2'))
}

export const stomp: Decoder = {
  id: 'stomp',
  label: 'STOMP',
  detects: (payload, context) => SUBPROTOCOLS.has(context.protocol) || looksLikeStomp(payload),
  decode(payload, context): Decoded {
    const bytes = bytesOf(payload)
    if (!bytes.length) return invalid('STOMP', 'an empty message')
    const frames = readFrames(bytes, versionOf(context))
    if ('error' in frames) return invalid('STOMP', frames.error)
    if (!frames.length) return { summary: 'heartbeat', tree: { kind: 'text', text: 'heart-beat (an end of line)' }, heartbeat: true }
    const [first, ...more] = frames as [Frame, ...Frame[]]
    const summary = summaryOf(`${frameSummary(first)}${more.length ? ` (+${more.length} more frame${more.length > 1 ? 's' : ''})` : ''}`)
    const tree = more.length ? { kind: 'branch' as const, summary: `${frames.length} frames`, children: () => frames.map(frameNode) } : frameNode(first)
    return { summary, tree }
  },
}
