import { Tokenizer } from 'cborg'
import type { Decoded, Decoder, Payload } from './decoder.ts'
import { invalid, reason } from './decoder.ts'
import { inline, nodeOf, scalar, type Value } from './value-tree.ts'

/** The registered tags (RFC 8949, IANA) a reader most often meets, named beside their number. */
const TAG_NAMES: Record<number, string> = {
  0: 'date/time',
  1: 'epoch time',
  2: 'positive bignum',
  3: 'negative bignum',
  4: 'decimal fraction',
  5: 'bigfloat',
  24: 'embedded CBOR',
  32: 'URI',
  37: 'UUID',
  55799: 'self-described CBOR',
}

type Open =
  | { kind: 'array'; expected: number; items: Value[] }
  | { kind: 'map'; expected: number; entries: [Value, Value][]; key: Value | undefined }
  | { kind: 'tag'; tag: number }

const fixed = (items: Value[]): Value => ({ t: 'array', length: items.length, items: () => items })
const fixedMap = (entries: [Value, Value][]): Value => ({ t: 'map', size: entries.length, entries: () => entries })
const tagged = (tag: number, value: Value): Value => ({ t: 'typed', label: TAG_NAMES[tag] ? `tag ${tag} (${TAG_NAMES[tag]})` : `tag ${tag}`, value })

/**
 * Reads one CBOR data item that must use every byte. cborg's tokenizer reads the bytes (strictly: lengths
 * past the end, reserved and unsupported encodings fail); the tree is built here, with a stack instead of
 * recursion, because cborg's own builder rejects non-string map keys and tags it was not told about,
 * which a viewer must show as they are, and nesting as deep as the payload allows.
 */
function read(bytes: Uint8Array): { ok: true; value: Value } | { ok: false; why: string } {
  try {
    return { ok: true, value: build(new Tokenizer(bytes, { allowIndefinite: true, allowUndefined: true, allowBigInt: true })) }
  } catch (error) {
    return { ok: false, why: reason(error) }
  }
}

function build(tokens: InstanceType<typeof Tokenizer>): Value {
  const stack: Open[] = []
  for (;;) {
    if (tokens.done()) throw new Error(stack.length ? `truncated: ${stack.length} unfinished item(s)` : 'empty')
    const token = tokens.next()
    let value: Value
    const type = token.type.name
    if (type === 'array' || type === 'map') {
      const expected = token.value as number
      if (expected === 0) value = type === 'array' ? fixed([]) : fixedMap([])
      else {
        stack.push(type === 'array' ? { kind: 'array', expected, items: [] } : { kind: 'map', expected, entries: [], key: undefined })
        continue
      }
    } else if (type === 'tag') {
      stack.push({ kind: 'tag', tag: token.value as number })
      continue
    } else if (type === 'break') {
      const top = stack.pop()
      if (!top || top.kind === 'tag' || top.expected !== Infinity) throw new Error('a break outside an indefinite-length array or map')
      if (top.kind === 'map' && top.key !== undefined) throw new Error('a break between a map key and its value')
      value = top.kind === 'array' ? fixed(top.items) : fixedMap(top.entries)
    } else if (type === 'bytes') value = { t: 'bytes', bytes: token.value as Uint8Array }
    else if (type === 'true' || type === 'false') value = scalar(type === 'true')
    else if (type === 'null') value = scalar(null)
    else if (type === 'undefined') value = scalar(undefined)
    else value = scalar(token.value as string | number | bigint)
    for (;;) {
      const top = stack.at(-1)
      if (!top) {
        if (!tokens.done()) throw new Error(`${bytesLeft(tokens)} byte(s) after the data item`)
        return value
      }
      if (top.kind === 'tag') {
        stack.pop()
        value = tagged(top.tag, value)
        continue
      }
      if (top.kind === 'array') top.items.push(value)
      else if (top.key === undefined) {
        top.key = value
        break
      } else {
        top.entries.push([top.key, value])
        top.key = undefined
      }
      const done = top.kind === 'array' ? top.items.length : top.entries.length
      if (done !== top.expected) break
      stack.pop()
      value = top.kind === 'array' ? fixed(top.items) : fixedMap(top.entries)
    }
  }
}

function bytesLeft(tokens: InstanceType<typeof Tokenizer>): number {
  return tokens.data.length - tokens.pos()
}

/** A CBOR map, array or tagged item as the whole binary payload; a lone scalar is too easily a coincidence. */
export const cbor: Decoder = {
  id: 'cbor',
  label: 'CBOR',
  detects(payload) {
    if (typeof payload === 'string' || !startsContainer(payload)) return false
    return read(payload).ok
  },
  decode(payload: Payload): Decoded {
    if (typeof payload === 'string') return invalid('CBOR', 'the payload is text')
    const result = read(payload)
    if (!result.ok) return invalid('CBOR', result.why)
    return { summary: inline(result.value), tree: nodeOf(result.value) }
  },
}

/** Major types 4 (array), 5 (map) and 6 (tag). */
function startsContainer(bytes: Uint8Array): boolean {
  const major = bytes[0] === undefined ? -1 : bytes[0] >> 5
  return major === 4 || major === 5 || major === 6
}
