import { type Decoder, summaryOf, undecodable } from './decoder.ts'

/** A text message as it is. */
export const text: Decoder = {
  id: 'text',
  label: 'Text',
  detects: (payload) => typeof payload === 'string',
  decode(payload) {
    if (typeof payload !== 'string') return undecodable('not text: the payload is binary')
    return { summary: summaryOf(payload), tree: { kind: 'text', text: payload }, copy: { label: 'Copy text', text: payload } }
  },
}
