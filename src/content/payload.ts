import { PAYLOAD_CAP_BYTES } from '../shared/protocol.ts'
import { utf8Length } from '../shared/utf8.ts'
import { pristine } from './pristine.ts'

/**
 * One bounded copy of a message payload, taken without running page code: no String(), no toString,
 * no page-patchable getters. Text is passed as it is (the port copies it); its UTF-8 size is computed by
 * the background, off the page's thread, unless the text has to be cut here.
 */
export interface Payload {
  binary: boolean
  size: number | null
  data: string | Uint8Array | null
  truncated: boolean
}

export function textPayload(text: string): Payload {
  if (text.length <= PAYLOAD_CAP_BYTES / 3) return { binary: false, size: null, data: text, truncated: false }
  const size = utf8Length(text)
  if (size <= PAYLOAD_CAP_BYTES) return { binary: false, size, data: text, truncated: false }
  return { binary: false, size, data: pristine.stringSlice(text, 0, PAYLOAD_CAP_BYTES / 3), truncated: true }
}

export function bytesPayload(buffer: ArrayBuffer, offset: number, length: number): Payload {
  const kept = length < PAYLOAD_CAP_BYTES ? length : PAYLOAD_CAP_BYTES
  const copy = new pristine.Uint8Array(kept)
  pristine.uint8Set(copy, new pristine.Uint8Array(buffer, offset, kept))
  return { binary: true, size: length, data: copy, truncated: kept < length }
}

/** A payload the page wrote or received: string, ArrayBuffer, a view, or (returned as null) something else. */
export function payloadOf(value: unknown): Payload | null {
  if (typeof value === 'string') return textPayload(value)
  if (typeof value !== 'object' || value === null) return null
  const tag = pristine.objectToString(value)
  if (tag === '[object ArrayBuffer]') {
    const buffer = value as ArrayBuffer
    return bytesPayload(buffer, 0, pristine.arrayBufferByteLength(buffer))
  }
  if (pristine.isView(value)) {
    if (tag === '[object DataView]') {
      const view = value as DataView
      return bytesPayload(pristine.dataViewBuffer(view), pristine.dataViewByteOffset(view), pristine.dataViewByteLength(view))
    }
    return bytesPayload(
      pristine.typedArrayBuffer(value),
      pristine.typedArrayByteOffset(value),
      pristine.typedArrayByteLength(value),
    )
  }
  return null
}

export function isBlob(value: unknown): value is Blob {
  return typeof value === 'object' && value !== null && pristine.objectToString(value) === '[object Blob]'
}

/** The browser converts anything else with ToString; running that ourselves would run page code twice. */
export const unobservablePayload: Payload = { binary: false, size: null, data: null, truncated: false }
