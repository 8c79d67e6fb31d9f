import { PAYLOAD_CAP_BYTES } from '../../shared/protocol/index.ts'
import { utf8Length } from '../../shared/utf8.ts'
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
  const kept = Math.min(length, PAYLOAD_CAP_BYTES)
  const copy = new pristine.Uint8Array(kept)
  pristine.uint8Set(copy, new pristine.Uint8Array(buffer, offset, kept))
  return { binary: true, size: length, data: copy, truncated: kept < length }
}

/**
 * A payload the page wrote or received: string, ArrayBuffer, a view, or (returned as null) something else.
 * Types are told apart by native brand checks (a getter that throws on a foreign object), never by
 * Object.prototype.toString, which reads a page-defined Symbol.toStringTag or runs a Proxy's traps.
 */
export function payloadOf(value: unknown): Payload | null {
  if (typeof value === 'string') return textPayload(value)
  if (typeof value !== 'object' || value === null) return null
  if (pristine.isView(value)) {
    const typed = branded(() => bytesPayload(pristine.typedArrayBuffer(value), pristine.typedArrayByteOffset(value), pristine.typedArrayByteLength(value)))
    if (typed) return typed
    const view = value as DataView
    return bytesPayload(pristine.dataViewBuffer(view), pristine.dataViewByteOffset(view), pristine.dataViewByteLength(view))
  }
  const length = branded(() => pristine.arrayBufferByteLength(value as ArrayBuffer))
  return length === null ? null : bytesPayload(value as ArrayBuffer, 0, length)
}

/** A Blob (or File), recognised without running page code. */
export function isBlob(value: unknown): value is Blob {
  return typeof value === 'object' && value !== null && branded(() => pristine.blobSize(value as Blob)) !== null
}

/** The result of a native brand-checking call, or null when the object is not of that kind. */
function branded<T>(read: () => T): T | null {
  try {
    return read()
  } catch {
    return null
  }
}

/** The browser converts anything else with ToString; running that ourselves would run page code twice. */
export const unobservablePayload: Payload = { binary: false, size: null, data: null, truncated: false }
