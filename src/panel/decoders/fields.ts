import type { DecodedNode } from './decoder.ts'

/** A part of a protocol frame: a named text (a header, a type) or a decoded value (a body). */
export type Field = [name: string, value: string | DecodedNode]

/** A protocol frame as a branch of named parts, in the order the frame has them. */
export function fieldsNode(summary: string, fields: Field[]): DecodedNode {
  return { kind: 'branch', summary, children: () => fields.map(([name, value]) => named(name, value)) }
}

function named(name: string, value: string | DecodedNode): DecodedNode {
  if (typeof value === 'string') return { kind: 'leaf', name, text: value, type: 'string' }
  if (value.kind === 'leaf' || value.kind === 'branch') return { ...value, name }
  // Text and error nodes are shown without a name, so a named one is a branch that holds it.
  const size = value.kind === 'text' ? `${value.text.length} characters` : 'error'
  return { kind: 'branch', name, summary: size, children: () => [value] }
}
