import { describe, expect, it } from 'vitest'
import { bytesToBase64, base64ToBytes } from '../../shared/base64.ts'
import { hexString, hexdump } from './hexdump.ts'

describe('hexdump', () => {
  it('shows offset, hex in two groups of eight, and printable ASCII', () => {
    const bytes = new TextEncoder().encode('Hello, WebSocket!\x00\xff')
    const lines = hexdump(new Uint8Array([...bytes]))
    expect(lines[0]).toEqual({ offset: '00000000', hex: '48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74', ascii: 'Hello, WebSocket' })
    expect(lines[1]!.offset).toBe('00000010')
    expect(lines[1]!.ascii).toBe('!...')
  })

  it('stops at maxLines', () => {
    expect(hexdump(new Uint8Array(1000), 3)).toHaveLength(3)
  })

  it('round-trips base64 for every byte value and large buffers', () => {
    const all = new Uint8Array(256 * 1024).map((_, i) => i % 256)
    // Buffer.equals: a deep toEqual over 256 KiB takes seconds.
    expect(Buffer.from(base64ToBytes(bytesToBase64(all))).equals(all)).toBe(true)
    expect(hexString(new Uint8Array([0, 15, 255]))).toBe('000fff')
  })
})
