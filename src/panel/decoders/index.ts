import type { TabEvent } from '../../shared/protocol/index.ts'
import { base64 } from './base64.ts'
import { cbor } from './cbor.ts'
import { clip, type Decoder, type DecoderContext, type Payload } from './decoder.ts'
import { graphql } from './graphql.ts'
import { hex, hexSummary } from './hex.ts'
import { json } from './json.ts'
import { printableText } from './binary-text.ts'
import { msgpack } from './msgpack.ts'
import { mqtt } from './mqtt.ts'
import { signalr } from './signalr.ts'
import { socketio } from './socketio.ts'
import { stomp } from './stomp.ts'
import { binaryText, text } from './text.ts'
import { visibleInline } from './visible.ts'

export type { Decoded, DecodedNode, Decoder, DecoderContext, Payload } from './decoder.ts'

/**
 * Every payload format the panel reads, in the order their views are offered: a payload gets a tab for
 * each decoder that detects it, the first one open. A new format is a file here and a line in this list.
 */
export const DECODERS: readonly Decoder[] = [socketio, stomp, graphql, signalr, mqtt, msgpack, cbor, json, text, binaryText, hex, base64]

export function decodersFor(payload: Payload, context: DecoderContext): Decoder[] {
  return DECODERS.filter((d) => d.detects(payload, context))
}

type MessageEvent = Extract<TabEvent, { kind: 'message' }>

/** The context of a message on its connection, whose URL and subprotocol are '' when the panel does not hold it. */
export function contextOf(message: MessageEvent, url: string, protocol: string): DecoderContext {
  return { url, protocol, direction: message.direction, binary: message.binary }
}

/** A timeline row's payload, and whether it is binary read as text (which the row marks). */
export interface Preview {
  text: string
  binaryAsText: boolean
}

/**
 * A timeline row's payload on one line: its first 120 characters with control characters as pictures,
 * printable binary likewise as UTF-8 text, and other binary as its first 32 bytes in hex.
 */
export function preview(data: Payload | null): Preview {
  if (data === null) return { text: '(payload not observable)', binaryAsText: false }
  if (typeof data === 'string') return { text: visibleInline(clip(data)), binaryAsText: false }
  const decoded = printableText(data)
  return decoded === null ? { text: hexSummary(data), binaryAsText: false } : { text: visibleInline(clip(decoded)), binaryAsText: true }
}
