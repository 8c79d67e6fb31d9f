import { closeCodeName, scriptMaySend } from '../../shared/close-codes.ts'
import { utf8Length } from '../../shared/utf8.ts'

export const MAX_REASON_BYTES = 123

export interface Preset {
  code: number
  label: string
  /** Named codes 1001–1015 are refused by the browser when a script sends them. */
  refused: boolean
}

export const PRESETS: Preset[] = [
  { code: 1000, label: '1000 Normal Closure', refused: false },
  { code: 3000, label: '3000 Registered', refused: false },
  { code: 4000, label: '4000 Private use', refused: false },
  ...Array.from({ length: 15 }, (_, i) => 1001 + i).map((code) => ({ code, label: `${code} ${closeCodeName(code)} (browser refuses)`, refused: true })),
]

export interface Verdict {
  reasonBytes: number
  /** What the browser will do with these arguments, in the words of its exception; null when valid. */
  problems: string[]
}

/**
 * What `close(code, reason)` will do, before it is sent: the same checks the browser makes, in its
 * order (code first, then reason length). Chromium converts the code as an unsigned short first.
 */
export function judgeClose(codeText: string, reason: string): Verdict {
  const reasonBytes = utf8Length(reason)
  const problems: string[] = []
  if (codeText.trim() !== '') {
    const code = Number(codeText)
    if (!Number.isFinite(code)) problems.push(`"${codeText}" is not a number: the browser converts it to 0 and throws InvalidAccessError.`)
    else if (!scriptMaySend(Math.trunc(code)))
      problems.push(
        `${Math.trunc(code)} (${closeCodeName(Math.trunc(code))}) is not allowed from scripts: only 1000 and 3000–4999. The browser throws InvalidAccessError and the connection stays open.`,
      )
  }
  if (reasonBytes > MAX_REASON_BYTES)
    problems.push(
      `The reason is ${reasonBytes} UTF-8 bytes; at most ${MAX_REASON_BYTES} are allowed. The browser throws SyntaxError and the connection stays open.`,
    )
  return { reasonBytes, problems }
}
