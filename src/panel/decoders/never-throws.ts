/**
 * Test support (imported only by tests): what the seam asks of every decoder, checked on random input and
 * on real frames cut at every length.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { DecodedNode, Decoder, DecoderContext, Payload } from './decoder.ts'

/** Detects and decodes without throwing, with a one-line summary of at most 121 characters and a well-formed tree. */
export function expectWellBehaved(decoder: Decoder, payload: Payload, context: DecoderContext): void {
  const where = `${decoder.id} on ${typeof payload === 'string' ? JSON.stringify(payload.slice(0, 40)) : `bytes ${[...payload.slice(0, 40)]}`}`
  expect(typeof decoder.detects(payload, context), where).toBe('boolean')
  const { summary, tree } = decoder.decode(payload, context)
  expect(typeof summary, where).toBe('string')
  expect(summary.length, where).toBeLessThanOrEqual(121)
  expect(summary, where).not.toMatch(/[\r\n\u2028\u2029]/)
  const queue: DecodedNode[] = [tree]
  for (let seen = 0; queue.length && seen < 200; seen++) {
    const node = queue.shift()!
    if (node.kind === 'branch') queue.push(...node.children())
    else if (node.kind === 'leaf') expect([typeof node.text, typeof node.type], where).toEqual(['string', 'string'])
    else if (node.kind === 'text') expect(typeof node.text, where).toBe('string')
    else expect(node.message, where).toMatch(/^not /)
  }
}

/** Every prefix of each frame: a frame cut anywhere must be told as invalid (or as a shorter valid frame), never thrown. */
export function expectCutFramesWellBehaved(decoder: Decoder, frames: Payload[], context: DecoderContext): void {
  for (const frame of frames) for (let length = 0; length < frame.length; length++) expectWellBehaved(decoder, frame.slice(0, length), context)
}

/** Random bytes, and random text, in `context`. */
export function expectRandomInputWellBehaved(decoder: Decoder, context: DecoderContext, seed = 13): void {
  const bytes = fc.uint8Array({ maxLength: 300 })
  const text = fc.string({ unit: 'binary', maxLength: 300 })
  fc.assert(
    fc.property(fc.oneof(bytes, text), (payload) => {
      expectWellBehaved(decoder, payload, context)
    }),
    { numRuns: 2000, seed },
  )
}

/** Random input made of the format's own alphabet (its keywords and separators), which reaches deeper than noise. */
export function expectTokenSoupWellBehaved(decoder: Decoder, context: DecoderContext, alphabet: string[], seed = 13): void {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
      expectWellBehaved(decoder, parts.join(''), context)
    }),
    { numRuns: 2000, seed },
  )
}

/** For thousands of random runs or a 100,000-deep nesting: about a second alone, several times that on a machine busy with browsers. */
export const HEAVY_TEST_TIMEOUT = 60_000
