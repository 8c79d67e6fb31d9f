/** One line of a hex dump: offset, 16 bytes in hex, and their printable ASCII. */
export interface HexLine {
  offset: string
  hex: string
  ascii: string
}

export function hexdump(bytes: Uint8Array, maxLines = Infinity): HexLine[] {
  const lines: HexLine[] = []
  for (let start = 0; start < bytes.length && lines.length < maxLines; start += 16) {
    const row = bytes.subarray(start, start + 16)
    let hex = ''
    let ascii = ''
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' '
      if (i < row.length) {
        const b = row[i]!
        hex += `${b.toString(16).padStart(2, '0')} `
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
      } else hex += '   '
    }
    lines.push({ offset: start.toString(16).padStart(8, '0'), hex: hex.trimEnd(), ascii })
  }
  return lines
}

export function hexString(bytes: Uint8Array): string {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex
}
