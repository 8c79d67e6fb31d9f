import { describe, expect, it } from 'vitest'
import { PRESETS, judgeClose } from './rules.ts'

describe('judgeClose', () => {
  it('accepts 1000 and 3000–4999 with a reason of up to 123 UTF-8 bytes', () => {
    expect(judgeClose('4321', 'bye')).toEqual({ reasonBytes: 3, problems: [] })
    expect(judgeClose('1000', 'あ'.repeat(41))).toEqual({ reasonBytes: 123, problems: [] })
    expect(judgeClose('', '')).toEqual({ reasonBytes: 0, problems: [] })
  })

  it('predicts InvalidAccessError for codes scripts may not send', () => {
    expect(judgeClose('1001', '').problems[0]).toMatch(/1001 \(Going Away\) is not allowed.*InvalidAccessError/)
    expect(judgeClose('5000', '').problems[0]).toMatch(/InvalidAccessError/)
    expect(judgeClose('abc', '').problems[0]).toMatch(/not a number/)
  })

  it('predicts SyntaxError for a reason over 123 bytes, counting UTF-8 not characters', () => {
    const verdict = judgeClose('4000', 'あ'.repeat(42))
    expect(verdict.reasonBytes).toBe(126)
    expect(verdict.problems[0]).toMatch(/126 UTF-8 bytes.*SyntaxError/)
    expect(judgeClose('4000', 'x'.repeat(124)).problems).toHaveLength(1)
  })

  it('marks the named codes as refused by the browser', () => {
    expect(PRESETS.filter((p) => !p.refused).map((p) => p.code)).toEqual([1000, 3000, 4000])
    expect(PRESETS.find((p) => p.code === 1015)?.label).toBe('1015 TLS Handshake (browser refuses)')
  })
})
