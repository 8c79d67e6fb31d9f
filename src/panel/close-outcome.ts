import { closeCodeName } from '../shared/close-codes.ts'

/** How a connection ended: the code and reason, whether the close was clean, and the error, if any. */
export interface CloseOutcome {
  code: number | null
  reason: string
  wasClean: boolean
  error: string | null
}

interface Wording {
  /** What stands for a close without a code. */
  noCode: string
  /** What comes before the quoted reason. */
  beforeReason: string
  /** What comes between the parts after it. */
  separator: string
  /** The words before who closed it, or null to leave that out. */
  initiatedBy: string | null
  /** How the error is put: as one more part, in parentheses, or not at all. */
  error: 'part' | 'parenthesized' | 'left out'
}

/** Each place keeps its wording: the connection list is terse, the close lab says it in a sentence. */
const WORDINGS = {
  /** The Close column of the connection list (the error is in the connection's facts). */
  list: { noCode: 'no code', beforeReason: ' · ', separator: ' · ', initiatedBy: 'by', error: 'left out' },
  /** The selected connection's facts. */
  facts: { noCode: 'no code', beforeReason: ' ', separator: ' · ', initiatedBy: 'initiated by', error: 'part' },
  /** The close lab's outcome sentence, which says who closed it by what it sent. */
  lab: { noCode: 'no code', beforeReason: ' ', separator: ', ', initiatedBy: null, error: 'parenthesized' },
  /** A `closed` event in the timeline, whose close call, if any, is its own row. */
  timeline: { noCode: '(no code)', beforeReason: ' ', separator: ' · ', initiatedBy: null, error: 'part' },
} satisfies Record<string, Wording>

/** "4000 Private use "done" · clean": the close outcome, worded for `where`; `by` is who closed it, if known. */
export function describeClose(outcome: CloseOutcome, where: keyof typeof WORDINGS, by: string | null = null): string {
  const w: Wording = WORDINGS[where]
  const code = outcome.code === null ? w.noCode : `${outcome.code} ${closeCodeName(outcome.code)}`
  const reason = outcome.reason ? `${w.beforeReason}"${outcome.reason}"` : ''
  const initiator = by && w.initiatedBy ? `${w.separator}${w.initiatedBy} ${by}` : ''
  const error = !outcome.error || w.error === 'left out' ? '' : w.error === 'part' ? `${w.separator}${outcome.error}` : ` (${outcome.error})`
  return `${code}${reason}${w.separator}${outcome.wasClean ? 'clean' : 'unclean'}${initiator}${error}`
}
