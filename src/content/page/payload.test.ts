// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { PAYLOAD_CAP_BYTES } from '../../shared/protocol/index.ts'
import { isBlob, payloadOf, textPayload } from './payload.ts'

describe('payloadOf', () => {
  it('copies exactly the viewed bytes of a typed array or DataView', () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]).buffer
    expect(payloadOf(new Uint8Array(buffer, 2, 3))).toEqual({ binary: true, size: 3, data: new Uint8Array([2, 3, 4]), truncated: false })
    expect(payloadOf(new DataView(buffer, 1, 2))).toEqual({ binary: true, size: 2, data: new Uint8Array([1, 2]), truncated: false })
    expect(payloadOf(new Uint16Array(buffer, 2, 1))?.data).toEqual(new Uint8Array([2, 3]))
  })

  it('takes a copy, so later writes by the page do not change what was captured', () => {
    const bytes = new Uint8Array([9, 9])
    const payload = payloadOf(bytes.buffer)
    bytes[0] = 1
    expect(payload?.data).toEqual(new Uint8Array([9, 9]))
  })

  it('keeps at most the cap but records the full size', () => {
    const payload = payloadOf(new ArrayBuffer(PAYLOAD_CAP_BYTES + 10))
    expect(payload).toMatchObject({ size: PAYLOAD_CAP_BYTES + 10, truncated: true })
    expect((payload!.data as Uint8Array).byteLength).toBe(PAYLOAD_CAP_BYTES)
  })

  it('leaves the UTF-8 size of ordinary text to the background and never converts other values', () => {
    expect(textPayload('hé')).toEqual({ binary: false, size: null, data: 'hé', truncated: false })
    let calls = 0
    const sneaky = { toString: () => String(++calls) }
    expect(payloadOf(sneaky)).toBeNull()
    expect(calls).toBe(0)
  })

  it('tells types apart without reading a page-defined Symbol.toStringTag or running Proxy traps', () => {
    let calls = 0
    const tagged = {
      get [Symbol.toStringTag]() {
        calls++
        return 'ArrayBuffer'
      },
    }
    const proxy = new Proxy(new Uint8Array(2), { get: (t, k) => (calls++, Reflect.get(t, k)), getPrototypeOf: (t) => (calls++, Reflect.getPrototypeOf(t)) })
    expect(payloadOf(tagged)).toBeNull()
    expect(payloadOf(proxy)).toBeNull()
    expect(isBlob(tagged)).toBe(false)
    // (isBlob on a Proxy is checked in the browser: happy-dom's Blob getters are JavaScript.)
    expect(calls).toBe(0)
  })

  it('recognises a File as a Blob', () => {
    expect(isBlob(new File(['x'], 'x.txt'))).toBe(true)
    expect(isBlob(new Blob(['x']))).toBe(true)
    expect(isBlob(new ArrayBuffer(1))).toBe(false)
  })

  it('cuts huge text and measures it', () => {
    const text = 'あ'.repeat(PAYLOAD_CAP_BYTES)
    const payload = textPayload(text)
    expect(payload).toMatchObject({ size: PAYLOAD_CAP_BYTES * 3, truncated: true })
    expect((payload.data as string).length).toBeLessThan(text.length)
  })
})
