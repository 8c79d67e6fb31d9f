import { describe, expect, it } from 'vitest'
import { encodedUtf8Length, utf8Length } from './utf8.ts'

const encoded = (text: string) => new TextEncoder().encode(text).length

describe('utf8Length', () => {
  it.each([
    ['', 'empty'],
    ['plain ascii {"a":1}', 'ASCII'],
    ['\0\x7f', 'ASCII bounds'],
    ['\x80é߿', 'two bytes'],
    ['ascii first, then € and 中文', 'ASCII then three bytes'],
    ['😀 x 😀', 'surrogate pairs'],
    ['\ud800 lone high, lone low \udc00, reversed \udc00\ud800', 'lone surrogates as U+FFFD'],
    [`${'x'.repeat(70_000)}é`, 'a long ASCII run before the first other character'],
  ])('matches TextEncoder for %j (%s)', (text) => {
    expect(utf8Length(text)).toBe(encoded(text))
    expect(encodedUtf8Length(text)).toBe(encoded(text))
  })
})
