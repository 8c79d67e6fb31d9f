import { describe, expect, it } from 'vitest'
import type { TabEvent } from '../../shared/protocol/index.ts'
import type { DecodedNode, Decoder, DecoderContext, Payload } from './index.ts'
import { contextOf, DECODERS, decodersFor, preview } from './index.ts'

const text: DecoderContext = { url: 'wss://h/socket', protocol: '', direction: 'received', binary: false }
const binary: DecoderContext = { ...text, binary: true }

/** Payloads a page can send, hostile ones included, each in the context it arrives in and in the other. */
const HOSTILE: Payload[] = [
  '',
  ' ',
  '{',
  '[1,',
  '{"a":1}',
  '[[[[[]]]]]',
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  '{"__proto__":{"x":1},"constructor":null}',
  '<img src=x onerror=alert(1)>',
  'a\uD800b\uDFFFc',
  'line\r\nline\u2028line',
  'w'.repeat(200_000),
  '1e999',
  new Uint8Array(0),
  new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
  new TextEncoder().encode('{"a":1}'),
  Uint8Array.from({ length: 100_000 }, (_, i) => (i * 131) & 255),
]
const CONTEXTS: DecoderContext[] = [text, binary, { ...binary, direction: 'sent', protocol: 'mqtt', url: '' }]

/**
 * What the seam asks of every decoder: detecting and decoding any payload in any context returns
 * (never throws), with a summary of one short line and a tree whose every reachable node is well formed.
 */
function exercise(decoder: Decoder): void {
  for (const payload of HOSTILE)
    for (const context of CONTEXTS) {
      const where = `${decoder.id} on ${typeof payload === 'string' ? JSON.stringify(payload.slice(0, 20)) : `${payload.length} bytes`}`
      expect(typeof decoder.detects(payload, context), where).toBe('boolean')
      const { summary, tree } = decoder.decode(payload, context)
      expect(summary, where).toEqual(expect.any(String))
      expect(summary.length, where).toBeLessThanOrEqual(121)
      expect(summary, where).not.toMatch(/[\r\n\u2028\u2029]/)
      walk(tree, where, 200)
    }
}

/** Checks `node` and opens its branches, breadth first, until `budget` nodes were seen. */
function walk(root: DecodedNode, where: string, budget: number): void {
  const queue = [root]
  for (let seen = 0; queue.length && seen < budget; seen++) {
    const node = queue.shift()!
    expect(['text', 'leaf', 'branch', 'error'], where).toContain(node.kind)
    if (node.kind === 'text') expect(node.text, where).toEqual(expect.any(String))
    if (node.kind === 'leaf') expect([node.text, node.type], where).toEqual([expect.any(String), expect.any(String)])
    if (node.kind === 'error') expect(node.message, where).toEqual(expect.any(String))
    if (node.kind === 'branch') queue.push(...node.children())
  }
}

describe('the decoder registry', () => {
  it('has decoders that never throw, and sum up and decode any payload in any context', () => {
    for (const decoder of DECODERS) exercise(decoder)
  })

  it('would catch a decoder that throws on a payload it does not expect', () => {
    const careless: Decoder = {
      id: 'careless',
      label: 'Careless',
      detects: () => true,
      decode: (payload) => ({ summary: JSON.parse(payload as string), tree: { kind: 'text', text: '' } }),
    }
    expect(() => exercise(careless)).toThrow()
  })

  it('gives each decoder its own id and label', () => {
    expect(new Set(DECODERS.map((d) => d.id)).size).toBe(DECODERS.length)
    expect(new Set(DECODERS.map((d) => d.label)).size).toBe(DECODERS.length)
  })

  it('offers JSON then Text for JSON text, Text for other text, Hex then Base64 for bytes', () => {
    const ids = (payload: Payload, context: DecoderContext) => decodersFor(payload, context).map((d) => d.id)
    expect(ids('{"a":1}', text)).toEqual(['json', 'text'])
    expect(ids('hello', text)).toEqual(['text'])
    expect(ids(new Uint8Array([1, 2]), binary)).toEqual(['hex', 'base64'])
    expect(ids(new Uint8Array([0x81, 0xa1, 0x61, 0x01]), binary)).toEqual(['msgpack', 'hex', 'base64'])
    const socketIo = { ...text, url: 'wss://h/socket.io/?EIO=4&transport=websocket' }
    expect(ids('42["chat",{"a":1}]', socketIo)).toEqual(['socketio', 'text'])
  })

  it('offers printable binary as JSON or UTF-8 text first, with Hex one tab away', () => {
    const ids = (payload: Payload) => decodersFor(payload, binary).map((d) => d.id)
    expect(ids(new TextEncoder().encode('{"a":1}'))).toEqual(['json', 'binary-text', 'hex', 'base64'])
    expect(ids(new TextEncoder().encode('hello\r\n'))).toEqual(['binary-text', 'hex', 'base64'])
    expect(ids(new TextEncoder().encode('\u0000hello'))).toEqual(['hex', 'base64'])
  })

  it("builds a message's context from its connection", () => {
    const message = {
      kind: 'message',
      id: 'a',
      time: 0,
      direction: 'sent',
      binary: true,
      size: 1,
      data: new Uint8Array(1),
      truncated: false,
      source: { kind: 'frame', frameId: 0 },
      seq: 1,
    }
    expect(contextOf(message as Extract<TabEvent, { kind: 'message' }>, 'ws://h/', 'chat')).toEqual({
      url: 'ws://h/',
      protocol: 'chat',
      direction: 'sent',
      binary: true,
    })
  })
})

describe('preview', () => {
  const shown = (data: Payload | null) => preview(data).text
  it('shows text clipped at 120 characters, and binary that is not text as its first 32 bytes in hex', () => {
    expect(shown('y'.repeat(130))).toBe(`${'y'.repeat(120)}…`)
    expect(shown(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).toBe('de ad be ef')
    expect(shown(new Uint8Array(40).fill(0xab))).toBe(`${'ab '.repeat(32)}…`)
    expect(shown(null)).toBe('(payload not observable)')
  })

  it('shows control characters as their pictures: a heartbeat is ␊, a NUL terminator ␀', () => {
    expect(shown('\n')).toBe('␊')
    expect(shown('line one\r\nline two')).toBe('line one␍␊line two')
    expect(shown('CONNECTED\n\n\u0000')).toBe('CONNECTED␊␊␀')
    expect(shown('\t\u001b[0m\u007f\u0085')).toBe('␉␛[0m␡\\u0085')
  })

  it('previews printable binary as its UTF-8 text, marked as such', () => {
    expect(preview(new TextEncoder().encode('{"a":"é"}'))).toEqual({ text: '{"a":"é"}', binaryAsText: true })
    expect(preview(new TextEncoder().encode('MSG\n\u0000'))).toEqual({ text: '4d 53 47 0a 00', binaryAsText: false })
    expect(preview(new Uint8Array([0xc3, 0x28]))).toEqual({ text: 'c3 28', binaryAsText: false })
    expect(preview(new Uint8Array(0))).toEqual({ text: '', binaryAsText: false })
    expect(preview('{"a":1}')).toEqual({ text: '{"a":1}', binaryAsText: false })
  })
})
