/**
 * The longest piece of text that every match of a regular expression must contain, exactly as written
 * (same case), or null when we cannot tell. The filter checks it with `String.prototype.includes`, which
 * is several times faster than running the expression over a long payload, and runs the expression only
 * on the payloads that contain it. A wrong answer here would hide matches, so the reading is conservative:
 * only the top level is read (groups, lookarounds and classes just end a run of literal characters), and a
 * top-level `|` means nothing is required. Under the `i` flag only characters without case variants
 * count (ASCII digits, punctuation and spaces: no other character folds to them, with or without `u`).
 */
export function requiredLiteral(source: string, flags: string): string | null {
  // With `y`, test() depends on lastIndex; skipping calls would change what later calls see.
  if (flags.includes('y')) return null
  const ignoreCase = flags.includes('i')
  const vMode = flags.includes('v')
  let best = ''
  let run = ''
  /** The last atom's characters when it extended `run`, so that a quantifier can take it back. */
  let last = ''
  const end = () => {
    if (run.length > best.length) best = run
    run = ''
    last = ''
  }
  const literal = (text: string) => {
    if (ignoreCase && !caseless(text)) return end()
    run += text
    last = text
  }
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (c === '*' || c === '?') {
      // The atom before may occur zero times: it is not required.
      run = run.slice(0, run.length - last.length)
      end()
      i += source[i + 1] === '?' ? 2 : 1
      continue
    }
    if (c === '+') {
      // Required once, but what follows need not be next to it.
      end()
      i += source[i + 1] === '?' ? 2 : 1
      continue
    }
    if (c === '{') {
      const quantifier = /^\{(\d+)(?:,\d*)?\}\??/.exec(source.slice(i, i + 40))
      if (quantifier && Number(quantifier[1]) === 0) run = run.slice(0, run.length - last.length)
      end()
      i += quantifier ? quantifier[0].length : 1
      continue
    }
    if (c === '|') return null
    if (c === '(') {
      end()
      i = skipGroup(source, i, vMode)
      continue
    }
    if (c === '[') {
      end()
      i = skipClass(source, i, vMode)
      continue
    }
    if (c === '\\') {
      const next = source[i + 1]
      if (next === undefined) break
      if (/[A-Za-z0-9]/.test(next)) {
        // Classes, assertions, backreferences and character codes: not read, and their payload skipped.
        end()
        i = skipEscape(source, i)
        continue
      }
      // An identity escape (`\.`, `\/`, `\\`…) is that character.
      literal(next)
      i += 2
      continue
    }
    if ('.^$)]}'.includes(c)) {
      end()
      i++
      continue
    }
    const pair = isHighSurrogate(c) && isLowSurrogate(source[i + 1] ?? '') ? c + source[i + 1]! : c
    literal(pair)
    i += pair.length
  }
  end()
  return best === '' ? null : best
}

function caseless(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 128 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return false
  }
  return true
}

const isHighSurrogate = (c: string) => c >= '\ud800' && c <= '\udbff'
const isLowSurrogate = (c: string) => c >= '\udc00' && c <= '\udfff'

/** Index just past the group opened at `start`. */
function skipGroup(source: string, start: number, vMode: boolean): number {
  let depth = 0
  let i = start
  while (i < source.length) {
    const c = source[i]!
    if (c === '\\') i += 2
    else if (c === '[') i = skipClass(source, i, vMode)
    else {
      if (c === '(') depth++
      else if (c === ')' && --depth === 0) return i + 1
      i++
    }
  }
  return i
}

/** Index just past the class opened at `start`; with `v`, classes nest. */
function skipClass(source: string, start: number, vMode: boolean): number {
  let depth = 0
  let i = start
  while (i < source.length) {
    const c = source[i]!
    if (c === '\\') i += 2
    else {
      if (c === '[' && (vMode || depth === 0)) depth++
      else if (c === ']' && --depth === 0) return i + 1
      i++
    }
  }
  return i
}

/** Index just past the escape at `start` (a backslash and a letter or digit) and anything it takes. */
function skipEscape(source: string, start: number): number {
  const kind = source[start + 1]!
  let i = start + 2
  const through = (close: string) => {
    const at = source.indexOf(close, i)
    return at < 0 ? source.length : at + 1
  }
  if (kind === 'x') return Math.min(source.length, i + 2)
  if (kind === 'u') return source[i] === '{' ? through('}') : Math.min(source.length, i + 4)
  if (kind === 'c') return Math.min(source.length, i + 1)
  if ((kind === 'p' || kind === 'P') && source[i] === '{') return through('}')
  if (kind === 'k' && source[i] === '<') return through('>')
  if (/[0-9]/.test(kind)) while (i < source.length && /[0-9]/.test(source[i]!)) i++
  return i
}
