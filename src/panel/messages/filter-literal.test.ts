import { describe, expect, it } from 'vitest'
import { requiredLiteral } from './filter-literal.ts'

describe('requiredLiteral', () => {
  it('finds the longest run of literal characters at the top level', () => {
    expect(requiredLiteral('4\\d42\\.{3}', '')).toBe('42.')
    expect(requiredLiteral('"type":\\s*"error!"', '')).toBe('"error!"')
    expect(requiredLiteral('user-(\\d+)-finished', '')).toBe('-finished')
    expect(requiredLiteral('a\\/b', '')).toBe('a/b')
  })

  it('drops what a quantifier may repeat zero times, and breaks the run after one that repeats', () => {
    expect(requiredLiteral('abcd?e', '')).toBe('abc')
    expect(requiredLiteral('abcd*e', '')).toBe('abc')
    expect(requiredLiteral('abcd{0,2}e', '')).toBe('abc')
    expect(requiredLiteral('abcd+e', '')).toBe('abcd')
    expect(requiredLiteral('abcd{2}xy', '')).toBe('abcd')
    expect(requiredLiteral('ab\\.?cd', '')).toBe('ab')
    expect(requiredLiteral('x😀?', 'u')).toBe('x')
  })

  it('knows nothing is required across a top-level alternation, and reads no group or class', () => {
    expect(requiredLiteral('error|warn', '')).toBeNull()
    expect(requiredLiteral('(error|warn)ing', '')).toBe('ing')
    expect(requiredLiteral('(?:abc)?x', '')).toBe('x')
    expect(requiredLiteral('[abc|]+', '')).toBeNull()
    expect(requiredLiteral('(?<=ab)c', '')).toBe('c')
    expect(requiredLiteral('[[a-z]--[aeiou]]xy', 'v')).toBe('xy')
    expect(requiredLiteral('[\\]]xy', '')).toBe('xy')
  })

  it('skips what escapes take with them', () => {
    expect(requiredLiteral('\\x41\\u0042\\u{43}q', 'u')).toBe('q')
    expect(requiredLiteral('(a)\\12z', '')).toBe('z')
    expect(requiredLiteral('\\p{Lu}{2}ok', 'u')).toBe('ok')
    expect(requiredLiteral('(?<n>a)\\k<n>ok', '')).toBe('ok')
    expect(requiredLiteral('\\cJok', '')).toBe('ok')
    expect(requiredLiteral('\\bword\\b', '')).toBe('word')
  })

  it('under the i flag, keeps only characters without case variants', () => {
    expect(requiredLiteral('user4242', 'i')).toBe('4242')
    expect(requiredLiteral('error', 'i')).toBeNull()
    expect(requiredLiteral('é1', 'i')).toBe('1')
  })

  it('gives up on sticky expressions, whose test() depends on earlier calls', () => {
    expect(requiredLiteral('abc', 'y')).toBeNull()
  })

  it('never names text that a matching string lacks (random expressions and strings)', () => {
    // A small alphabet so that random strings match often.
    const atoms = [
      'a',
      'b',
      'A',
      '1',
      '.',
      '\\.',
      '\\d',
      '\\w',
      '[ab]',
      '[^a]',
      '(a|b)',
      '(?:ab)',
      '(?=a)',
      '\\b',
      '^',
      '$',
      '|',
      '\\x61',
      '\\u0062',
      'é',
      '-',
      ',',
      '{',
      '}',
      ']',
      '\\1',
      '(a)',
      '\\k<n>',
      '(?<n>b)',
      '\\p{L}',
      '\\u{61}',
      '\\ca',
      '\\0',
      '\\/',
    ]
    const quantifiers = ['', '', '', '?', '*', '+', '{2}', '{0,1}', '{1,}', '+?', '??']
    const chars = ['a', 'b', 'A', 'B', '1', '.', '-', ',', '{', '}', ']', 'é', 'É', ' ']
    let seed = 7
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    const pick = <T>(xs: T[]) => xs[random(xs.length)]!
    let checked = 0
    for (let k = 0; k < 3000; k++) {
      let source = ''
      for (let n = 1 + random(6); n > 0; n--) source += pick(atoms) + pick(quantifiers)
      const flags = pick(['', 'i', 'u', 'iu', 's', 'm'])
      let pattern: RegExp
      try {
        pattern = new RegExp(source, flags)
      } catch {
        continue
      }
      const literal = requiredLiteral(source, flags)
      if (literal === null) continue
      for (let s = 0; s < 40; s++) {
        let subject = ''
        for (let n = random(12); n > 0; n--) subject += pick(chars)
        if (pattern.test(subject)) {
          checked++
          expect(subject.includes(literal), `/${source}/${flags} matched ${JSON.stringify(subject)} without ${JSON.stringify(literal)}`).toBe(true)
        }
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })
})
