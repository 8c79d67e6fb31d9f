import { describe, expect, it } from 'vitest'
import { parsePayload } from './payload.ts'

describe('parsePayload', () => {
  it('keeps text as typed', () => {
    expect(parsePayload(' hi ', 'text')).toEqual({ data: ' hi ' })
  })
  it('reads hex with or without spaces, and says what is wrong', () => {
    expect(parsePayload('ca fe 01', 'hex')).toEqual({ data: new Uint8Array([0xca, 0xfe, 0x01]) })
    expect(parsePayload('abc', 'hex')).toEqual({ error: 'Hex needs an even number of digits.' })
    expect(parsePayload('zz', 'hex')).toEqual({ error: 'Not hex: z' })
  })
  it('reads base64', () => {
    expect(parsePayload('AID/', 'base64')).toEqual({ data: new Uint8Array([0, 128, 255]) })
    expect(parsePayload('***', 'base64')).toEqual({ error: 'Not valid base64.' })
  })
})
