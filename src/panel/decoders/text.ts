import { printableText } from './binary-text.ts'
import { type Decoder, summaryOf, undecodable } from './decoder.ts'
import { visibleText } from './visible.ts'

/** A text message as it is, its control characters shown as pictures; Copy text gives it unchanged. */
export const text: Decoder = {
  id: 'text',
  label: 'Text',
  detects: (payload) => typeof payload === 'string',
  decode(payload) {
    if (typeof payload !== 'string') return undecodable('not text: the payload is binary')
    return { summary: summaryOf(payload), tree: { kind: 'text', text: visibleText(payload) }, copy: { label: 'Copy text', text: payload } }
  },
}

/** A binary message whose bytes are printable UTF-8, read as that text; its hex stays one tab away. */
export const binaryText: Decoder = {
  id: 'binary-text',
  label: 'Text (UTF-8)',
  detects: (payload) => printableText(payload) !== null,
  decode(payload) {
    const decoded = printableText(payload)
    if (decoded === null) return undecodable('not printable UTF-8: read it in hex')
    return { summary: summaryOf(decoded), tree: { kind: 'text', text: visibleText(decoded) }, copy: { label: 'Copy text', text: decoded } }
  },
}
