import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { binaryText, text } from './text.ts'

const context: DecoderContext = { url: 'ws://h/', protocol: '', direction: 'sent', binary: false }

describe('text decoder', () => {
  it('detects every text payload and no binary one', () => {
    expect(text.detects('', context)).toBe(true)
    expect(text.detects('{"a":1}', context)).toBe(true)
    expect(text.detects(new Uint8Array(1), { ...context, binary: true })).toBe(false)
  })

  it('shows the text with its control characters as pictures, and copies it unchanged', () => {
    const payload = '<b>line one</b>\nline two\u0000'
    expect(text.decode(payload, context)).toEqual({
      summary: '<b>line one</b> line two\u0000',
      tree: { kind: 'text', text: '<b>line one</b>␊\nline two␀' },
      copy: { label: 'Copy text', text: payload },
    })
  })

  it('sums up a long text in its first 120 characters', () => {
    expect(text.decode('x'.repeat(121), context).summary).toBe(`${'x'.repeat(120)}…`)
    expect(text.decode('x'.repeat(120), context).summary).toBe('x'.repeat(120))
  })
})

describe('binary text decoder', () => {
  const binary = { ...context, binary: true }
  it('reads printable UTF-8 bytes as text, copies the text, and leaves other bytes to hex', () => {
    const bytes = new TextEncoder().encode('SEND\ndestination:/q\n\nhé')
    expect(binaryText.detects(bytes, binary)).toBe(true)
    expect(binaryText.decode(bytes, binary)).toMatchObject({
      tree: { kind: 'text', text: 'SEND␊\ndestination:/q␊\n␊\nhé' },
      copy: { label: 'Copy text', text: 'SEND\ndestination:/q\n\nhé' },
    })
    expect(binaryText.detects(new Uint8Array([0xff, 0x41]), binary)).toBe(false)
    expect(binaryText.detects(new Uint8Array([0x41, 0x01]), binary)).toBe(false)
    expect(binaryText.detects('text', context)).toBe(false)
  })
})
