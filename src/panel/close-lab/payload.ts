import { base64ToBytes } from '../../shared/base64.ts'

/** Parses what a person typed as a message payload: text as is, binary as hex or base64. */
export type PayloadFormat = 'text' | 'hex' | 'base64'

export function parsePayload(input: string, format: PayloadFormat): { data: string | Uint8Array } | { error: string } {
  if (format === 'text') return { data: input }
  if (format === 'hex') {
    const digits = input.replace(/\s+/g, '')
    if (digits.length % 2 !== 0) return { error: 'Hex needs an even number of digits.' }
    if (!/^[0-9a-fA-F]*$/.test(digits)) return { error: `Not hex: ${digits.match(/[^0-9a-fA-F]/)![0]}` }
    const bytes = new Uint8Array(digits.length / 2)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16)
    return { data: bytes }
  }
  try {
    return { data: base64ToBytes(input.replace(/\s+/g, '')) }
  } catch {
    return { error: 'Not valid base64.' }
  }
}
