import { bytesToBase64 } from '../../shared/base64.ts'
import { type Decoder, summaryOf, undecodable } from './decoder.ts'

/** A binary message as base64, to copy into other tools. */
export const base64: Decoder = {
  id: 'base64',
  label: 'Base64',
  detects: (payload) => typeof payload !== 'string',
  decode(payload) {
    if (typeof payload === 'string') return undecodable('not binary: the payload is text')
    const text = bytesToBase64(payload)
    return { summary: summaryOf(text), tree: { kind: 'text', text, style: 'base64' }, copy: { label: 'Copy base64', text } }
  },
}
