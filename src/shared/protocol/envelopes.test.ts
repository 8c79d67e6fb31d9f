import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Command } from './commands.ts'
import { isBackgroundToPanel, isPanelToBackground, isRelayToBackground, type RelayToBackground, type TabState } from './envelopes.ts'

describe('background -> panel validation', () => {
  const state = {
    messageFloor: 0,
    lifecycleFloor: 0,
    dropped: [{ id: 'c1', floor: 7, sent: { messages: 1, bytes: 3 }, received: { messages: 0, bytes: 0 } }],
    lost: { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 },
    preserveLog: false,
    limits: { maxMessages: 100, maxPayloadBytes: 1024 * 1024 },
  }
  it('checks the envelope and its state (entries one by one: events.test.ts)', () => {
    expect(isBackgroundToPanel({ type: 'entries', tabId: 3, entries: [], state })).toBe(true)
    expect(isBackgroundToPanel({ type: 'reset', tabId: '3', entries: [], state })).toBe(false)
    expect(isBackgroundToPanel({ type: 'entries', tabId: 3, entries: [], state: { ...state, lost: {} } })).toBe(false)
    const badDrops = { ...state.dropped[0]!, sent: { messages: -1, bytes: 0 } }
    expect(isBackgroundToPanel({ type: 'entries', tabId: 3, entries: [], state: { ...state, dropped: [badDrops] } })).toBe(false)
  })
})

describe('relay and panel requests', () => {
  const doc = 'd0c'
  it('accepts numbered batches with loss counters, and hellos', () => {
    expect(isRelayToBackground({ type: 'hello', doc, top: true, url: 'http://h/' })).toBe(true)
    expect(isRelayToBackground({ type: 'batch', doc, seq: 1, events: [], lost: { page: 0, relay: 2, malformed: 0 } })).toBe(true)
    expect(isRelayToBackground({ type: 'batch', doc, seq: -1, events: [], lost: { page: 0, relay: 0, malformed: 0 } })).toBe(false)
    expect(isRelayToBackground({ type: 'batch', doc, seq: 1, events: [], lost: {} })).toBe(false)
    expect(isRelayToBackground({ type: 'navigated', url: 'http://h/' })).toBe(false)
  })
  it('keeps the cap within its documented range', () => {
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 100, maxPayloadBytes: 1024 * 1024 } })).toBe(true)
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 0, maxPayloadBytes: 1024 * 1024 } })).toBe(false)
    expect(isPanelToBackground({ type: 'limits', limits: { maxMessages: 100, maxPayloadBytes: 1e12 } })).toBe(false)
    expect(isPanelToBackground({ type: 'subscribe', tabId: 1, after: null })).toBe(true)
    expect(isPanelToBackground({ type: 'subscribe', tabId: 1 })).toBe(false)
    expect(isPanelToBackground({ type: 'preserve-log', tabId: 1, preserve: 'yes' })).toBe(false)
  })
})

describe('the inferred envelope types', () => {
  it('are the ones the protocol declared by hand before its shapes', () => {
    expectTypeOf<Command>().toEqualTypeOf<
      | { action: 'close'; code: number | null; reason: string | null }
      | { action: 'writer.close' }
      | { action: 'writable.abort'; code: number | null; reason: string | null }
      | { action: 'readable.cancel'; code: number | null; reason: string | null }
      | { action: 'send'; data: string | Uint8Array }
      | { action: 'simulate'; data: string | Uint8Array }
    >()
    expectTypeOf<RelayToBackground>().toEqualTypeOf<
      | { type: 'hello'; doc: string; top: boolean; url: string }
      | { type: 'batch'; doc: string; seq: number; events: unknown[]; messages?: unknown; lost: { page: number; relay: number; malformed: number } }
    >()
    expectTypeOf<TabState>().toEqualTypeOf<{
      messageFloor: number
      lifecycleFloor: number
      dropped: Array<{ id: string; floor: number; sent: { messages: number; bytes: number }; received: { messages: number; bytes: number } }>
      lost: { cap: number; capLifecycle: number; page: number; relay: number; malformed: number }
      preserveLog: boolean
      limits: { maxMessages: number; maxPayloadBytes: number }
    }>()
  })
})
