/**
 * WebSocket close codes: RFC 6455 section 7.4.1 and the IANA "WebSocket Close Code Number" registry.
 * `scriptMaySend` follows the WebSocket and WebSocketStream `close()` rules: only 1000 and 3000–4999.
 */
const NAMED: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1004: 'Reserved',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Frame Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake',
}

export function closeCodeName(code: number): string {
  const named = NAMED[code]
  if (named) return named
  if (code >= 3000 && code <= 3999) return 'Registered (libraries, frameworks)'
  if (code >= 4000 && code <= 4999) return 'Private use'
  if (code >= 0 && code <= 999) return 'Unused'
  return 'Reserved'
}

export function scriptMaySend(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999)
}
