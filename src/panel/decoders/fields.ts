import type { DecodedNode } from './decoder.ts'

/** A part of a protocol frame: a named text (a header, a type) or a decoded value (a body). */
export type Field = [name: string, value: string | DecodedNode]

/** A protocol frame as a branch of named parts, in the order the frame has them. */
export function fieldsNode(summary: string, fields: Field[]): DecodedNode {
  return {
    kind: 'branch',
    summary,
    children: () => fields.map(([name, value]) => (typeof value === 'string' ? { kind: 'leaf', name, text: value, type: 'string' } : { ...value, name })),
  }
}
