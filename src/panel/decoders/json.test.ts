import { describe, expect, it } from 'vitest'
import type { DecodedNode, DecoderContext } from './decoder.ts'
import { json } from './json.ts'

const context: DecoderContext = { url: 'ws://h/', protocol: '', direction: 'received', binary: false }
const children = (node: DecodedNode) => (node.kind === 'branch' ? node.children() : [])

describe('json decoder', () => {
  it('detects JSON objects and arrays, as text or printable UTF-8 bytes, not plain JSON values, other text or bytes', () => {
    expect(json.detects('{"a":1}', context)).toBe(true)
    expect(json.detects('  [1, 2]', context)).toBe(true)
    expect(json.detects('"just a string"', context)).toBe(false)
    expect(json.detects('42', context)).toBe(false)
    expect(json.detects('{not json', context)).toBe(false)
    expect(json.detects(new TextEncoder().encode('{"a":1}'), { ...context, binary: true })).toBe(true)
    expect(json.detects(new Uint8Array([0x7b, 0x00, 0x7d]), { ...context, binary: true })).toBe(false)
  })

  it('decodes into a tree of named values, summed up as JSON DevTools do', () => {
    const { summary, tree, copy } = json.decode('{"user":{"name":"<b>x</b>"},"n":[1,2.5,null,true]}', context)
    expect(summary).toBe('{2 keys}')
    expect(copy).toEqual({ label: 'Copy JSON', text: '{"user":{"name":"<b>x</b>"},"n":[1,2.5,null,true]}' })
    const [user, n] = children(tree)
    expect(user).toMatchObject({ kind: 'branch', name: 'user', summary: '{1 key}' })
    expect(children(user!)).toEqual([{ kind: 'leaf', name: 'name', text: '"<b>x</b>"', type: 'string' }])
    expect(n).toMatchObject({ kind: 'branch', name: 'n', summary: 'Array(4)' })
    expect(children(n!).map((c) => c.kind === 'leaf' && [c.name, c.text, c.type])).toEqual([
      ['0', '1', 'number'],
      ['1', '2.5', 'number'],
      ['2', 'null', 'null'],
      ['3', 'true', 'boolean'],
    ])
  })

  it('makes no node below a level until that level is opened', () => {
    // Made eagerly, a tree this deep overflows the stack; made level by level, it is three nodes here.
    const depth = 100_000
    const { tree } = json.decode(`${'['.repeat(depth)}${']'.repeat(depth)}`, context)
    expect(tree).toMatchObject({ kind: 'branch', summary: 'Array(1)' })
    const second = children(tree)[0]!
    expect(second).toMatchObject({ kind: 'branch', name: '0', summary: 'Array(1)' })
    expect(children(second)[0]).toMatchObject({ kind: 'branch', name: '0', summary: 'Array(1)' })
  })

  it('keeps a key named __proto__ as data', () => {
    const { tree } = json.decode('{"__proto__":{"polluted":1}}', context)
    expect(children(tree)[0]).toMatchObject({ kind: 'branch', name: '__proto__', summary: '{1 key}' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('says why text is not JSON instead of throwing', () => {
    const bad = json.decode('{"a":', context)
    expect(bad.summary).toMatch(/^not valid JSON: /)
    expect(bad.tree).toMatchObject({ kind: 'error', message: expect.stringMatching(/^not valid JSON: /) })
    expect(json.decode(new Uint8Array([1]), { ...context, binary: true }).summary).toBe('not JSON: the payload is binary and not UTF-8 text')
  })
})
