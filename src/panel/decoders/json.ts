import type { DecodedNode, Decoder } from './decoder.ts'
import { summaryOf, undecodable } from './decoder.ts'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Text that is a JSON object or array; a plain JSON string or number is not worth a tree. */
export const json: Decoder = {
  id: 'json',
  label: 'JSON',
  detects: (payload) => typeof payload === 'string' && looksLikeJson(payload) && parse(payload).ok,
  decode(payload) {
    if (typeof payload !== 'string') return undecodable('not JSON: the payload is binary')
    const parsed = parse(payload)
    if (!parsed.ok) return undecodable(`not valid JSON: ${parsed.error}`)
    const tree = jsonNode(parsed.value)
    return { summary: tree.kind === 'branch' ? tree.summary : summaryOf(payload), tree, copy: { label: 'Copy JSON', text: payload } }
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
  return { kind: 'branch', name, summary: `{${Object.keys(value).length} keys}`, children: () => Object.entries(value).map(([k, v]) => jsonNode(v, k)) }
}
