/**
 * Control characters made visible as their Unicode Control Pictures (U+2400–U+2421): a STOMP heartbeat
 * ("\n") reads ␊ instead of a blank row, a NUL terminator ␀ instead of nothing. Only what is shown changes;
 * copy and export give the payload as it is.
 */
const CONTROLS = /\p{Cc}/gu

/** C0 and DEL have pictures; C1 controls (U+0080–U+009F) have none, and show as their escape, e.g. \u0085. */
function picture(c: string): string {
  const code = c.charCodeAt(0)
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  if (code === 0x7f) return '\u2421'
  return `\\u${code.toString(16).padStart(4, '0')}`
}

/** For one line (a timeline preview): every control character as its picture, line breaks included. */
export function visibleInline(text: string): string {
  return text.replace(CONTROLS, picture)
}

/** For a text view: every control character as its picture, and a line feed also still breaks the line. */
export function visibleText(text: string): string {
  return text.replace(CONTROLS, (c) => (c === '\n' ? '\u240a\n' : picture(c)))
}
