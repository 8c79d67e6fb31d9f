import type { Payload } from './decoder.ts'

const utf8 = new TextDecoder('utf-8', { fatal: true })
/**
 * Printable text: no control, format, private-use or unassigned characters (tab, line feed, carriage
 * return and the joiners of emoji sequences aside), and no combining mark to start with. Short random
 * bytes are often valid UTF-8 (de ad is U+07AD, a Thaana vowel sign), and this is what tells them apart.
 */
const PRINTABLE = /^(?!\p{M})(?:[\t\n\r\u200c\u200d]|\P{C})*$/u
const cache = new WeakMap<Uint8Array, string | null>()

/**
 * The text of a binary payload whose bytes are printable UTF-8 (an ASCII JSON body sent as a binary
 * frame), or null for bytes that are not text. Payloads are at most the capture cap (1 MiB) and the
 * answer is kept per payload, so a timeline row asks again for free.
 */
export function printableText(payload: Payload): string | null {
  if (typeof payload === 'string') return null
  if (cache.has(payload)) return cache.get(payload)!
  let text: string | null = null
  if (payload.byteLength > 0)
    try {
      const decoded = utf8.decode(payload)
      text = PRINTABLE.test(decoded) ? decoded : null
    } catch {
      // Not UTF-8: bytes, to be read in hex.
    }
  cache.set(payload, text)
  return text
}
