import type { Direction } from '../../shared/protocol/index.ts'

/** A message payload as captured: text, or the bytes of a binary message. */
export type Payload = string | Uint8Array

/** What a decoder may need to know besides the payload, to tell whether a payload is its format. */
export interface DecoderContext {
  /** The connection's URL and the subprotocol the server chose ('' for none). */
  url: string
  protocol: string
  direction: Direction
  binary: boolean
}

/**
 * A decoded payload as a tree the panel renders as text only. Parts of a branch are made when it is
 * opened, so a huge document costs only what is shown.
 */
export type DecodedNode =
  /** Text shown as it is, preformatted; `style` is a class of panel.css, `label` names it for assistive technology. */
  | { kind: 'text'; text: string; style?: string; label?: string }
  /** One value: `text` is how it reads, `type` its kind (string, number, boolean, null), for its colour. */
  | { kind: 'leaf'; name?: string; text: string; type: string }
  /** A value with parts, summed up in `summary` ("{2 keys}", "Array(3)"). */
  | { kind: 'branch'; name?: string; summary: string; children(): DecodedNode[] }
  /** Why the payload could not be decoded. */
  | { kind: 'error'; message: string }

export interface Decoded {
  /** One short line: what a row or a tab can say of the payload. */
  summary: string
  tree: DecodedNode
  /** What the view's copy button copies, and the button's name. */
  copy?: { label: string; text: string }
  /** A keep-alive of its protocol (Engine.IO ping, STOMP EOL…): what a filter switch may hide. */
  heartbeat?: boolean
}

/** One payload format. The panel offers a view of a payload for each decoder that detects it. */
export interface Decoder {
  id: string
  /** The name of its view's tab. */
  label: string
  detects(payload: Payload, context: DecoderContext): boolean
  /** Never throws: a payload it cannot read yields an error node, and the summary says why. */
  decode(payload: Payload, context: DecoderContext): Decoded
}

const SUMMARY_CHARS = 120

/** The first 120 characters of a text, and "…" when there is more. */
export function clip(text: string): string {
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text
}

/** A text as a summary: on one line, clipped. */
export function summaryOf(text: string): string {
  return clip(text.replace(/[\r\n\u2028\u2029]+/g, ' '))
}

/** A decoder's verdict on a payload it cannot read: "not valid STOMP: no NUL after the body". */
export function invalid(format: string, why: string): Decoded {
  return undecodable(`not valid ${format}: ${why}`)
}

/** A thrown value's message, for `invalid`. */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** What `decode` returns for a payload it cannot read. */
export function undecodable(why: string): Decoded {
  return { summary: summaryOf(why), tree: { kind: 'error', message: why } }
}
