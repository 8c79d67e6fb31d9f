import type { TabEvent } from '../../shared/protocol/index.ts'
import { hexPairs } from '../decoders/hex.ts'
import { requiredLiteral } from './filter-literal.ts'

export interface MessageFilter {
  sent: boolean
  received: boolean
  text: boolean
  binary: boolean
  /** Control events: creation, open, close calls, closed, errors. */
  events: boolean
  /** Plain text (case-insensitive) or /regex/flags. */
  query: string
  invert: boolean
}

export const ALL: MessageFilter = { sent: true, received: true, text: true, binary: true, events: true, query: '', invert: false }

export interface CompiledFilter {
  matches(event: TabEvent): boolean
  /** What to highlight in previews; null when there is no query. */
  pattern: RegExp | null
  /** Why the query is not a valid regular expression, shown next to the filter box. */
  error: string | null
}

const REGEX = /^\/(.+)\/([dgimsuvy]*)$/

export function compileFilter(filter: MessageFilter): CompiledFilter {
  let pattern: RegExp | null = null
  let error: string | null = null
  /** Text every match contains: payloads without it are passed over without running the pattern. */
  let literal: string | null = null
  const regex = REGEX.exec(filter.query)
  if (regex) {
    try {
      pattern = new RegExp(regex[1]!, regex[2]!.replace('g', ''))
      literal = requiredLiteral(regex[1]!, pattern.flags)
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
    }
  } else if (filter.query) {
    pattern = new RegExp(escape(filter.query), 'i')
    literal = requiredLiteral(escape(filter.query), 'i')
  }

  const matches = (event: TabEvent): boolean => {
    if (event.kind === 'message') {
      if (!(event.direction === 'sent' ? filter.sent : filter.received)) return false
      if (!(event.binary ? filter.binary : filter.text)) return false
    } else if (!filter.events) return false
    if (error) return false
    if (!pattern) return true
    const text = searchableText(event)
    if (literal !== null && !text.includes(literal)) return filter.invert
    return pattern.test(text) !== filter.invert
  }
  return { matches, pattern, error }
}

/**
 * Whether every event `next` keeps is also kept by `prev`, so that `next` can be applied to what `prev`
 * kept instead of to everything: as when typing extends a plain-text query ("err", "erro", "error"),
 * or a type or direction is switched off. A match of a longer plain text contains a match of a
 * shorter one it includes (case-insensitive matching compares character by character).
 */
export function narrows(prev: MessageFilter, next: MessageFilter): boolean {
  for (const key of ['sent', 'received', 'text', 'binary', 'events'] as const) if (next[key] && !prev[key]) return false
  if (prev.query === '') return true
  if (prev.invert || next.invert || REGEX.test(prev.query) || REGEX.test(next.query)) return false
  return next.query.includes(prev.query)
}

/** The text a query is matched against: text payloads, binary as hex ("ca fe 01"), control events by their details. */
export function searchableText(event: TabEvent): string {
  switch (event.kind) {
    case 'message':
      if (typeof event.data === 'string') return event.data
      return event.data ? hexPairs(event.data, HEX_BYTES) : ''
    case 'connection':
      return `${event.resolvedUrl} ${event.protocols.join(' ')}`
    case 'close-call':
      return `${event.via} ${event.code ?? ''} ${event.reason ?? ''} ${event.error ?? ''}`
    case 'closed':
      return `${event.code ?? ''} ${event.reason} ${event.error ?? ''}`
    case 'opened':
      return `${event.protocol} ${event.extensions}`
    case 'error':
      return event.message
    case 'command-result':
      return `${event.action} ${event.error ?? ''}`
    case 'instrumentation-error':
      return `${event.where} ${event.message}`
  }
}

/** How many bytes of a binary payload the hex text covers. */
const HEX_BYTES = 4096

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
