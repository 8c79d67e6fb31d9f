import { Decoder as Unpacker, decodeTimestampToTimeSpec, ExtData, ExtensionCodec } from '@msgpack/msgpack'
import type { Decoded, Decoder, Payload } from './decoder.ts'
import { invalid, reason } from './decoder.ts'
import { inline, leaf, nodeOf, scalar, type Value } from './value-tree.ts'

/** The timestamp extension (type -1), kept as read: a Date would lose nanoseconds and fail past year 275760. */
class Timestamp {
  constructor(
    readonly sec: number,
    readonly nsec: number,
  ) {}
}

const extensions = new ExtensionCodec()
extensions.register({
  type: -1,
  encode: () => null,
  decode(data) {
    const { sec, nsec } = decodeTimestampToTimeSpec(data)
    return new Timestamp(sec, nsec)
  },
})

/**
 * Reads one MessagePack value, which must use every byte. The library turns maps into objects with
 * string or number keys; to keep each key as sent (of any type, in order, repeated), every key is
 * replaced by its index in `keys`, and an object's keys, ascending integers, keep the map's order.
 */
function read(bytes: Uint8Array): { ok: true; value: Value } | { ok: false; why: string } {
  const keys: unknown[] = []
  const unpacker = new Unpacker({
    extensionCodec: extensions,
    useBigInt64: true,
    mapKeyConverter: (key) => keys.push(key) - 1,
  })
  try {
    return { ok: true, value: valueOf(unpacker.decode(bytes), keys) }
  } catch (error) {
    return { ok: false, why: reason(error) }
  }
}

function valueOf(js: unknown, keys: unknown[]): Value {
  if (js instanceof Uint8Array) return { t: 'bytes', bytes: js }
  if (js instanceof ExtData) {
    const data = js.data instanceof Uint8Array ? js.data : new Uint8Array(0)
    return { t: 'typed', label: `ext ${js.type}`, value: { t: 'bytes', bytes: data } }
  }
  if (js instanceof Timestamp) return { t: 'typed', label: 'timestamp', value: leaf(timestampText(js), 'date') }
  if (Array.isArray(js)) return { t: 'array', length: js.length, items: () => js.map((v) => valueOf(v, keys)) }
  if (typeof js === 'object' && js !== null) {
    const entries = Object.entries(js)
    return { t: 'map', size: entries.length, entries: () => entries.map(([k, v]) => [valueOf(keys[Number(k)], keys), valueOf(v, keys)]) }
  }
  return scalar(js as string | number | bigint | boolean | null)
}

function timestampText({ sec, nsec }: Timestamp): string {
  const ms = sec * 1000 + nsec / 1e6
  const date = Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null
  return date && nsec % 1e6 === 0 ? date : `${sec}s ${nsec}ns${date ? ` (${date})` : ''}`
}

/** A MessagePack map or array as the whole binary payload; a lone number or string is too easily a coincidence. */
export const msgpack: Decoder = {
  id: 'msgpack',
  label: 'MessagePack',
  detects(payload) {
    if (typeof payload === 'string' || !startsContainer(payload)) return false
    return read(payload).ok
  },
  decode(payload: Payload): Decoded {
    if (typeof payload === 'string') return invalid('MessagePack', 'the payload is text')
    const result = read(payload)
    if (!result.ok) return invalid('MessagePack', result.why)
    return { summary: inline(result.value), tree: nodeOf(result.value) }
  },
}

/** fixmap, fixarray, array 16/32, map 16/32. */
function startsContainer(bytes: Uint8Array): boolean {
  const first = bytes[0]
  if (first === undefined) return false
  return (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf)
}
