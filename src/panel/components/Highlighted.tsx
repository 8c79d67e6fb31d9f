/** Text with every match of `pattern` wrapped in <mark>; the text is always rendered as text. */
export function Highlighted({ text, pattern }: { text: string; pattern: RegExp | null }) {
  if (!pattern || !text) return <>{text}</>
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)
  const parts: preact.ComponentChildren[] = []
  let last = 0
  for (const match of text.matchAll(global)) {
    if (match[0] === '') break
    parts.push(text.slice(last, match.index), <mark key={match.index}>{match[0]}</mark>)
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  return <>{parts}</>
}
