import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { hex, hexdump, hexPairs, hexString, hexSummary } from './hex.ts'

const context: DecoderContext = { url: 'ws://h/', protocol: '', direction: 'received', binary: true }

describe('hexdump', () => {
  it('shows offset, hex in two groups of eight, and printable ASCII', () => {
    const bytes = new TextEncoder().encode('Hello, WebSocket!\x00\xff')
    const lines = hexdump(new Uint8Array([...bytes]))
    expect(lines[0]).toEqual({ offset: '00000000', hex: '48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74', ascii: 'Hello, WebSocket' })
    expect(lines[1]!.offset).toBe('00000010')
    expect(lines[1]!.ascii).toBe('!...')
  })

  it('keeps the gap between the groups only when the second has bytes', () => {
    expect(hexdump(new Uint8Array(8).fill(1))[0]!.hex).toBe('01 01 01 01 01 01 01 01')
    expect(hexdump(new Uint8Array(9).fill(1))[0]!.hex).toBe('01 01 01 01 01 01 01 01  01')
  })

  it('stops at maxLines', () => {
    expect(hexdump(new Uint8Array(1000), 3)).toHaveLength(3)
  })
})

describe('hex text', () => {
  it('writes pairs apart by a space, or none, up to a limit', () => {
    expect(hexPairs(new Uint8Array([0, 15, 16, 255]))).toBe('00 0f 10 ff')
    expect(hexPairs(new Uint8Array([0, 15, 16, 255]), 2)).toBe('00 0f')
    expect(hexPairs(new Uint8Array(0))).toBe('')
    expect(hexString(new Uint8Array([0, 15, 255]))).toBe('000fff')
  })

  it('writes texts longer than its buffer whole, and the buffer stays right for the next', () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 37) & 255)
    expect(hexString(big)).toBe(Array.from(big, (b) => b.toString(16).padStart(2, '0')).join(''))
    expect(hexPairs(new Uint8Array([0xca, 0xfe]))).toBe('ca fe')
  })

  it('sums up the first 32 bytes, and says when there are more', () => {
    expect(hexSummary(new Uint8Array([0xde, 0xad]))).toBe('de ad')
    expect(hexSummary(new Uint8Array(33))).toBe(`${'00 '.repeat(32)}…`)
  })
})

describe('hex decoder', () => {
  it('detects binary payloads only', () => {
    expect(hex.detects(new Uint8Array(0), context)).toBe(true)
    expect(hex.detects('cafe', { ...context, binary: false })).toBe(false)
  })

  it('shows a dump named "Hex dump" and copies the bytes as hex', () => {
    const { summary, tree, copy } = hex.decode(new Uint8Array([0x48, 0x69, 0x00, 0xff]), context)
    expect(summary).toBe('48 69 00 ff')
    expect(tree).toEqual({ kind: 'text', text: `00000000  ${'48 69 00 ff'.padEnd(49)}  Hi..`, style: 'hexdump', label: 'Hex dump' })
    expect(copy).toEqual({ label: 'Copy hex', text: '486900ff' })
  })

  it('shows 4,096 lines and says how much more there is', () => {
    const { tree } = hex.decode(new Uint8Array(4096 * 16 + 2048), context)
    const lines = tree.kind === 'text' ? tree.text.split('\n') : []
    expect(lines).toHaveLength(4097)
    expect(lines[4095]!.startsWith('0000fff0')).toBe(true)
    expect(lines[4096]).toBe('… 2.0 KiB more (use Copy hex or Base64)')
  })
})
