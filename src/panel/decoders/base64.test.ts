import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64 } from '../../shared/base64.ts'
import { base64 } from './base64.ts'
import type { DecoderContext } from './decoder.ts'

const context: DecoderContext = { url: 'ws://h/', protocol: '', direction: 'received', binary: true }

describe('base64 decoder', () => {
  it('detects binary payloads only', () => {
    expect(base64.detects(new Uint8Array(0), context)).toBe(true)
    expect(base64.detects('SGk=', { ...context, binary: false })).toBe(false)
  })

  it('shows and copies the bytes as base64', () => {
    expect(base64.decode(new Uint8Array([0x48, 0x69, 0x00, 0xff]), context)).toEqual({
      summary: 'SGkA/w==',
      tree: { kind: 'text', text: 'SGkA/w==', style: 'base64' },
      copy: { label: 'Copy base64', text: 'SGkA/w==' },
    })
  })

  it('round-trips base64 for every byte value and large buffers', () => {
    const all = new Uint8Array(256 * 1024).map((_, i) => i % 256)
    // Buffer.equals: a deep toEqual over 256 KiB takes seconds.
    expect(Buffer.from(base64ToBytes(bytesToBase64(all))).equals(all)).toBe(true)
  })
})
