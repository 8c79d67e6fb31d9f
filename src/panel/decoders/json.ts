import { printableText } from './binary-text.ts'
import type { DecodedNode, Decoder, Payload } from './decoder.ts'
import { summaryOf, undecodable } from './decoder.ts'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** The JSON text of a payload: a text message, or a binary one whose bytes are printable UTF-8. */
const textOf = (payload: Payload) => (typeof payload === 'string' ? payload : printableText(payload))

/** Text that is a JSON object or array; a plain JSON string or number is not worth a tree. */
export const json: Decoder = {
  id: 'json',
  label: 'JSON',
  detects: (payload) => {
    const text = textOf(payload)
    return text !== null && looksLikeJson(text) && parse(text).ok
  },
  decode(payload) {
    const text = textOf(payload)
    if (text === null) return undecodable('not JSON: the payload is binary and not UTF-8 text')
    const parsed = parse(text)
    if (!parsed.ok) return undecodable(`not valid JSON: ${parsed.error}`)
    const tree = jsonNode(parsed.value)
    return { summary: tree.kind === 'branch' ? tree.summary : summaryOf(text), tree, copy: { label: 'Copy JSON', text } }
  },
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trimStart()
  return trimmed.startsWith('{') || trimmed.startsWith('[')
}

function parse(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

/** A node whose children are made only when asked for: opening one level of a huge document costs that level. */
export function jsonNode(value: Json, name?: string): DecodedNode {
  if (value === null || typeof value !== 'object') return { kind: 'leaf', name, text: JSON.stringify(value), type: value === null ? 'null' : typeof value }
  if (Array.isArray(value)) return { kind: 'branch', name, summary: `Array(${value.length})`, children: () => value.map((v, i) => jsonNode(v, String(i))) }
  return { kind: 'branch', name, summary: keyCount(Object.keys(value).length), children: () => Object.entries(value).map(([k, v]) => jsonNode(v, k)) }
}

/** "{1 key}", "{3 keys}": an object's summary. */
function keyCount(n: number): string {
  return `{${n} ${n === 1 ? 'key' : 'keys'}}`
}
