import { encode, ExtData } from '@msgpack/msgpack'
import { describe, expect, it } from 'vitest'
import type { DecodedNode, DecoderContext } from './decoder.ts'
import { msgpack } from './msgpack.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'

const context: DecoderContext = { url: 'wss://h/', protocol: '', direction: 'received', binary: true }
const children = (node: DecodedNode) => (node.kind === 'branch' ? node.children() : [])
const shown = (node: DecodedNode) => (node.kind === 'leaf' ? [node.name, node.text, node.type] : node.kind === 'branch' ? [node.name, node.summary] : node)

// Frames made by the real library (@msgpack/msgpack's encoder), here rather than as files: what each one is stays readable.
const CHAT = encode({ type: 'chat', text: 'hi', n: 1, big: 2n ** 63n, pi: 1.5, ok: true, none: null, blob: new Uint8Array([1, 2, 255]) }, { useBigInt64: true })
const WITH_EXT = encode([new ExtData(5, new Uint8Array([0xca, 0xfe])), new Date(Date.UTC(2026, 11, 4, 2, 30))])
// The encoder writes a Map as an empty map, so this one is written as a map header and its encoded parts.
const INT_KEYS = new Uint8Array([0x83, ...[1, 'one', '1', 'string one', [2, 3], 'array key'].flatMap((part) => [...encode(part)])])

describe('MessagePack decoder', () => {
  it('detects a binary map or array that is valid and uses every byte, nothing else', () => {
    expect(msgpack.detects(CHAT, context)).toBe(true)
    expect(msgpack.detects(WITH_EXT, context)).toBe(true)
    expect(msgpack.detects(CHAT.slice(0, -1), context)).toBe(false)
    expect(msgpack.detects(new Uint8Array([...CHAT, 0]), context)).toBe(false)
    // A lone scalar is valid MessagePack, but so is almost any single byte.
    expect(msgpack.detects(encode(42), context)).toBe(false)
    expect(msgpack.detects(encode('a string'), context)).toBe(false)
    expect(msgpack.detects('{"a":1}', { ...context, binary: false })).toBe(false)
  })

  it('decodes into a tree with every value typed, and sums it up on one line', () => {
    const { summary, tree } = msgpack.decode(CHAT, context)
    expect(summary).toBe('{"type":"chat","text":"hi","n":1,"big":9223372036854775808,"pi":1.5,"ok":true,"none":null,"blob":bytes(3)}')
    expect(shown(tree)).toEqual([undefined, 'Map(8)'])
    expect(children(tree).map(shown)).toEqual([
      ['type', '"chat"', 'string'],
      ['text', '"hi"', 'string'],
      ['n', '1', 'number'],
      ['big', '9223372036854775808', 'number'],
      ['pi', '1.5', 'number'],
      ['ok', 'true', 'boolean'],
      ['none', 'null', 'null'],
      ['blob', 'bytes(3) 01 02 ff', 'bytes'],
    ])
  })

  it('shows extension types as such: the timestamp read exactly, others by number with their bytes', () => {
    const { summary, tree } = msgpack.decode(WITH_EXT, context)
    expect(summary).toBe('[ext 5(bytes(2)),timestamp(2026-12-04T02:30:00.000Z)]')
    expect(children(tree).map(shown)).toEqual([
      ['0', 'ext 5 bytes(2)', 'typed'],
      ['1', 'timestamp 2026-12-04T02:30:00.000Z', 'typed'],
    ])
    const nanos = msgpack.decode(new Uint8Array([0x91, 0xd7, 0xff, 0, 0, 0, 4, 0, 0, 0, 1]), context)
    expect(nanos.summary).toBe('[timestamp(1s 1ns (1970-01-01T00:00:01.000Z))]')
  })

  it('keeps map keys of any type, in their order', () => {
    const { tree } = msgpack.decode(INT_KEYS, context)
    expect(children(tree).map(shown)).toEqual([
      ['1', '"one"', 'string'],
      ['1', '"string one"', 'string'],
      ['[2,3]', '"array key"', 'string'],
    ])
    expect(msgpack.decode(INT_KEYS, context).summary).toBe('{1:"one","1":"string one",[2,3]:"array key"}')
  })

  it('says why a frame is not MessagePack', () => {
    expect(msgpack.decode(CHAT.slice(0, 10), context).summary).toMatch(/^not valid MessagePack: Insufficient data/)
    expect(msgpack.decode(new Uint8Array([0x91, 0xc1]), context).summary).toMatch(/^not valid MessagePack: Unrecognized type byte/)
    expect(msgpack.decode(new Uint8Array([0x90, 0x90]), context).summary).toMatch(/^not valid MessagePack: Extra 1 of 2 byte/)
    expect(msgpack.decode('text', context).summary).toBe('not valid MessagePack: the payload is text')
  })

  it(
    'opens a nesting deeper than the stack one level at a time',
    () => {
      const deep = new Uint8Array(100_001).fill(0x91)
      deep[100_000] = 0xc0
      const { tree, summary } = msgpack.decode(deep, context)
      expect(summary).toBe(`${'['.repeat(120)}…`)
      expect(shown(children(children(tree)[0]!)[0]!)).toEqual(['0', 'Array(1)'])
    },
    HEAVY_TEST_TIMEOUT,
  )

  it(
    'never throws: random bytes, and every cut of real frames',
    () => {
      expectRandomInputWellBehaved(msgpack, context)
      expectCutFramesWellBehaved(msgpack, [CHAT, WITH_EXT, INT_KEYS], context)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
