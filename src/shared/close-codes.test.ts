import { describe, expect, it } from 'vitest'
import { closeCodeName, scriptMaySend } from './close-codes.ts'

describe('close codes', () => {
  it('names the RFC 6455 and IANA codes and the ranges', () => {
    expect(closeCodeName(1000)).toBe('Normal Closure')
    expect(closeCodeName(1005)).toBe('No Status Received')
    expect(closeCodeName(1015)).toBe('TLS Handshake')
    expect(closeCodeName(3001)).toMatch(/Registered/)
    expect(closeCodeName(4321)).toBe('Private use')
    expect(closeCodeName(2000)).toBe('Reserved')
    expect(closeCodeName(999)).toBe('Unused')
  })

  it('allows scripts only 1000 and 3000–4999', () => {
    expect([999, 1000, 1001, 1015, 2999, 3000, 4999, 5000].map(scriptMaySend)).toEqual([false, true, false, false, false, true, true, false])
  })
})
