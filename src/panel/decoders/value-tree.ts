import type { DecodedNode } from './decoder.ts'
import { hexPairs } from './hex.ts'

/**
 * A value of a binary data format (MessagePack, CBOR), richer than JSON: map keys of any type, in their
 * order and repeated if the sender repeated them, byte strings, and typed wrappers (extension types,
 * tags). Parts are reached through functions so a tree is made only as far as it is opened.
 */
export type Value =
  /** A scalar as it reads (`"a"`, `1`, `-2n`, `true`, `null`, `undefined`); `type` names its kind. */
  | { t: 'leaf'; text: string; type: string }
  | { t: 'bytes'; bytes: Uint8Array }
  | { t: 'array'; length: number; items(): Value[] }
  | { t: 'map'; size: number; entries(): [Value, Value][] }
  /** A value under a type of the format: `ext 5`, `tag 1`, shown as such around what it wraps. */
  | { t: 'typed'; label: string; value: Value }

const TREE_BYTES = 256

export function leaf(text: string, type: string): Value {
  return { t: 'leaf', text, type }
}

/** A scalar JavaScript value as a leaf; strings read as JSON strings, so quotes and escapes show. */
export function scalar(value: string | number | bigint | boolean | null | undefined): Value {
  if (typeof value === 'string') return leaf(JSON.stringify(value), 'string')
  if (typeof value === 'bigint') return leaf(String(value), 'number')
  if (typeof value === 'number') return leaf(Object.is(value, -0) ? '-0' : String(value), 'number')
  return leaf(String(value), value === undefined ? 'undefined' : value === null ? 'null' : 'boolean')
}

function bytesText(bytes: Uint8Array): string {
  const shown = hexPairs(bytes, TREE_BYTES)
  return `bytes(${bytes.length})${bytes.length ? ` ${shown}` : ''}${bytes.length > TREE_BYTES ? ' …' : ''}`
}

/** The decoded tree of `value`, children made when a branch is opened. */
export function nodeOf(value: Value, name?: string): DecodedNode {
  switch (value.t) {
    case 'leaf':
      return { kind: 'leaf', name, text: value.text, type: value.type }
    case 'bytes':
      return { kind: 'leaf', name, text: bytesText(value.bytes), type: 'bytes' }
    case 'array':
      return { kind: 'branch', name, summary: `Array(${value.length})`, children: () => value.items().map((v, i) => nodeOf(v, String(i))) }
    case 'map':
      return {
        kind: 'branch',
        name,
        summary: `Map(${value.size})`,
        children: () => value.entries().map(([k, v]) => nodeOf(v, k.t === 'leaf' && k.type === 'string' ? JSON.parse(k.text) : inline(k, 60))),
      }
    case 'typed': {
      const inner = value.value
      if (inner.t === 'leaf' || inner.t === 'bytes') return { kind: 'leaf', name, text: `${value.label} ${inline(inner, TREE_BYTES * 3)}`, type: 'typed' }
      return { kind: 'branch', name, summary: `${value.label} ${nodeSummary(inner)}`, children: () => [nodeOf(inner)] }
    }
  }
}

function nodeSummary(value: Value): string {
  return value.t === 'array' ? `Array(${value.length})` : value.t === 'map' ? `Map(${value.size})` : value.t
}

/**
 * `value` on one line, JSON-like (`{"type":"chat","n":1}`), for a row: written only up to `limit`
 * characters, so a huge or deeply nested value costs what is shown.
 */
export function inline(value: Value, limit = 120): string {
  const out: string[] = []
  let length = 0
  const write = (s: string) => {
    out.push(s)
    length += s.length
  }
  const walk = (v: Value): void => {
    if (length > limit) return
    switch (v.t) {
      case 'leaf':
        return write(v.text)
      case 'bytes':
        return write(`bytes(${v.bytes.length})`)
      case 'typed':
        write(`${v.label}(`)
        walk(v.value)
        return write(')')
      case 'array':
        write('[')
        for (const [i, item] of v.items().entries()) {
          if (length > limit) break
          if (i) write(',')
          walk(item)
        }
        return write(']')
      case 'map':
        write('{')
        for (const [i, [key, item]] of v.entries().entries()) {
          if (length > limit) break
          if (i) write(',')
          walk(key)
          write(':')
          walk(item)
        }
        return write('}')
    }
  }
  walk(value)
  const text = out.join('').replace(/[\u2028\u2029]/g, ' ')
  return text.length > limit ? `${text.slice(0, limit)}…` : text
}
