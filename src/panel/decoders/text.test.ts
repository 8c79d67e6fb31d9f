import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { text } from './text.ts'

const context: DecoderContext = { url: 'ws://h/', protocol: '', direction: 'sent', binary: false }

describe('text decoder', () => {
  it('detects every text payload and no binary one', () => {
    expect(text.detects('', context)).toBe(true)
    expect(text.detects('{"a":1}', context)).toBe(true)
    expect(text.detects(new Uint8Array(1), { ...context, binary: true })).toBe(false)
  })

  it('shows the text as it is and copies it whole', () => {
    const payload = '<b>line one</b>\nline two'
    expect(text.decode(payload, context)).toEqual({
      summary: '<b>line one</b> line two',
      tree: { kind: 'text', text: payload },
      copy: { label: 'Copy text', text: payload },
    })
  })

  it('sums up a long text in its first 120 characters', () => {
    expect(text.decode('x'.repeat(121), context).summary).toBe(`${'x'.repeat(120)}…`)
    expect(text.decode('x'.repeat(120), context).summary).toBe('x'.repeat(120))
  })
})
