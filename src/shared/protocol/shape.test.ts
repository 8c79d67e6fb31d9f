import { describe, expect, expectTypeOf, it } from 'vitest'
import { arrayOf, bool, count, payload, fieldsOf, nullable, num, object, oneOf, optional, str, tagOf, variant, type Infer } from './shape.ts'

const COLOURS = ['red', 'green'] as const
const point = object({ x: num, label: optional(str(8)), colour: oneOf(COLOURS), tags: arrayOf(str(4), 2) })
const figure = variant('kind', { dot: { at: point }, line: { from: point, to: point, width: nullable(count()) }, none: {} })

describe('shapes', () => {
  it('infer the type they check: optional fields are optional, literal lists stay literal', () => {
    expectTypeOf<Infer<typeof point>>().toEqualTypeOf<{ x: number; label?: string; colour: 'red' | 'green'; tags: string[] }>()
    type Point = Infer<typeof point>
    expectTypeOf<Infer<typeof figure>>().toEqualTypeOf<
      { kind: 'dot'; at: Point } | { kind: 'line'; from: Point; to: Point; width: number | null } | { kind: 'none' }
    >()
    expectTypeOf<Infer<ReturnType<typeof payload>>>().toEqualTypeOf<string | Uint8Array>()
    expectTypeOf(fieldsOf(['a', 'b'] as const, bool)).toEqualTypeOf<{ a: typeof bool; b: typeof bool }>()
  })

  it('check every field, and ignore keys they do not name', () => {
    const p = { x: 1, colour: 'red', tags: ['a'] }
    expect(point(p)).toBe(true)
    expect(point({ ...p, extra: new Date() })).toBe(true)
    expect(point({ ...p, label: undefined })).toBe(true)
    expect(point({ ...p, label: 'x'.repeat(9) })).toBe(false)
    expect(point({ ...p, x: Number.POSITIVE_INFINITY })).toBe(false)
    expect(point({ ...p, colour: 'blue' })).toBe(false)
    expect(point({ ...p, tags: ['a', 'b', 'c'] })).toBe(false)
    expect(point({ ...p, tags: [5] })).toBe(false)
    expect(point([p])).toBe(false)
    expect([null, 'abc', 'abcd', new Uint8Array(3), new Uint8Array(4), [1, 2], { byteLength: 1 }].map(payload(3))).toEqual([
      false,
      true,
      false,
      true,
      false,
      false,
      false,
    ])
    expect(point(null)).toBe(false)
  })

  it('pick a variant by its tag, and know no tag they were not given', () => {
    const at = { x: 0, colour: 'green', tags: [] }
    expect(figure({ kind: 'dot', at })).toBe(true)
    expect(figure({ kind: 'line', from: at, to: at, width: null })).toBe(true)
    expect(figure({ kind: 'line', from: at, to: at, width: -1 })).toBe(false)
    expect(figure({ kind: 'none' })).toBe(true)
    for (const kind of ['toString', '__proto__', 'constructor', 'hasOwnProperty', undefined, 1]) expect(figure({ kind, at })).toBe(false)
    expect(Object.keys(figure.members)).toEqual(['dot', 'line', 'none'])
    expect(['line', 'none', 'toString', 7].map(tagOf(figure))).toEqual([true, true, false, false])
    expect(figure.members.line.fields.width(3)).toBe(true)
  })
})
