import { encode, Tagged } from 'cborg'
import { describe, expect, it } from 'vitest'
import { cbor } from './cbor.ts'
import type { DecodedNode, DecoderContext } from './decoder.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'

const context: DecoderContext = { url: 'wss://h/', protocol: '', direction: 'received', binary: true }
const children = (node: DecodedNode) => (node.kind === 'branch' ? node.children() : [])
const shown = (node: DecodedNode) => (node.kind === 'leaf' ? [node.name, node.text, node.type] : node.kind === 'branch' ? [node.name, node.summary] : node)

// Frames made by the real library (cborg's encoder), here rather than as files: what each one is stays readable.
const CHAT = encode({ type: 'chat', n: -3, big: 2n ** 64n - 1n, f: 1.5, ok: false, none: null, blob: new Uint8Array([1, 2]) })
const TAGGED = encode([new Tagged(1, 1_764_815_400), new Tagged(99, 'custom'), new Tagged(37, new Uint8Array(16))])
const INT_KEYS = encode(
  new Map<unknown, unknown>([
    [1, 'one'],
    ['1', 'string one'],
  ]),
)
/** An indefinite-length array holding an indefinite-length map (RFC 8949 appendix A): cborg's encoder writes none. */
const INDEFINITE = new Uint8Array([0x9f, 0x01, 0xbf, 0x61, 0x61, 0x02, 0xff, 0xff])

describe('CBOR decoder', () => {
  it('detects a binary map, array or tagged item that is valid and uses every byte, nothing else', () => {
    expect(cbor.detects(CHAT, context)).toBe(true)
    expect(cbor.detects(TAGGED, context)).toBe(true)
    expect(cbor.detects(INDEFINITE, context)).toBe(true)
    expect(cbor.detects(CHAT.slice(0, -1), context)).toBe(false)
    expect(cbor.detects(new Uint8Array([...CHAT, 0]), context)).toBe(false)
    expect(cbor.detects(encode(42), context)).toBe(false)
    expect(cbor.detects(encode('a string'), context)).toBe(false)
  })

  it('decodes into a tree with every value typed, and sums it up on one line', () => {
    const { summary, tree } = cbor.decode(CHAT, context)
    // cborg's encoder sorts map keys (length first, RFC 8949 core deterministic order).
    expect(summary).toBe('{"f":1.5,"n":-3,"ok":false,"big":18446744073709551615,"blob":bytes(2),"none":null,"type":"chat"}')
    expect(shown(tree)).toEqual([undefined, 'Map(7)'])
    expect(children(tree).map(shown)).toEqual([
      ['f', '1.5', 'number'],
      ['n', '-3', 'number'],
      ['ok', 'false', 'boolean'],
      ['big', '18446744073709551615', 'number'],
      ['blob', 'bytes(2) 01 02', 'bytes'],
      ['none', 'null', 'null'],
      ['type', '"chat"', 'string'],
    ])
  })

  it('shows tags as such, named when registered, whatever their number', () => {
    const { summary, tree } = cbor.decode(TAGGED, context)
    expect(summary).toBe('[tag 1 (epoch time)(1764815400),tag 99("custom"),tag 37 (UUID)(bytes(16))]')
    expect(children(tree).map(shown)).toEqual([
      ['0', 'tag 1 (epoch time) 1764815400', 'typed'],
      ['1', 'tag 99 "custom"', 'typed'],
      ['2', 'tag 37 (UUID) bytes(16)', 'typed'],
    ])
    const nested = cbor.decode(encode(new Tagged(55799, { a: [1] })), context)
    expect(shown(nested.tree)).toEqual([undefined, 'tag 55799 (self-described CBOR) Map(1)'])
  })

  it('keeps map keys of any type, and reads indefinite lengths', () => {
    expect(cbor.decode(INT_KEYS, context).summary).toBe('{1:"one","1":"string one"}')
    expect(cbor.decode(INDEFINITE, context).summary).toBe('[1,{"a":2}]')
  })

  it('says why a frame is not CBOR', () => {
    expect(cbor.decode(CHAT.slice(0, 1), context).summary).toBe('not valid CBOR: truncated: 1 unfinished item(s)')
    expect(cbor.decode(new Uint8Array([0x81, 0x01, 0x01]), context).summary).toBe('not valid CBOR: 1 byte(s) after the data item')
    expect(cbor.decode(new Uint8Array([0x82, 0x01, 0xff]), context).summary).toBe('not valid CBOR: a break outside an indefinite-length array or map')
    expect(cbor.decode(new Uint8Array([0x81, 0x1c]), context).summary).toMatch(/^not valid CBOR: /)
    expect(cbor.decode('text', context).summary).toBe('not valid CBOR: the payload is text')
  })

  it(
    'opens a nesting deeper than the stack one level at a time',
    () => {
      const deep = new Uint8Array(100_001).fill(0x81)
      deep[100_000] = 0xf6
      const { tree, summary } = cbor.decode(deep, context)
      expect(summary).toBe(`${'['.repeat(120)}…`)
      expect(shown(children(children(tree)[0]!)[0]!)).toEqual(['0', 'Array(1)'])
    },
    HEAVY_TEST_TIMEOUT,
  )

  it(
    'never throws: random bytes, and every cut of real frames',
    () => {
      expectRandomInputWellBehaved(cbor, context)
      expectCutFramesWellBehaved(cbor, [CHAT, TAGGED, INT_KEYS, INDEFINITE], context)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
