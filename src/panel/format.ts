import type { Connection } from './store/connections.ts'
import { closeInitiator } from './store/connections.ts'

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

export function formatTime(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`
}

/** Wall-clock time of day with milliseconds, e.g. 13:04:05.123. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

const PREVIEW_CHARS = 120
export function preview(data: string | Uint8Array | null): string {
  if (data === null) return '(payload not observable)'
  if (typeof data === 'string') return data.length > PREVIEW_CHARS ? `${data.slice(0, PREVIEW_CHARS)}…` : data
  let hex = ''
  for (let i = 0; i < Math.min(data.byteLength, 32); i++) hex += `${data[i]!.toString(16).padStart(2, '0')} `
  return data.byteLength > 32 ? `${hex}…` : hex.trimEnd()
}

export function formatClose(connection: Connection): string {
  const outcome = connection.outcome
  if (!outcome) return connection.handshakeError ?? ''
  const by = closeInitiator(connection)
  return `${outcome.code ?? '—'}${outcome.reason ? ` ${outcome.reason}` : ''} · ${outcome.wasClean ? 'clean' : 'unclean'}${by ? ` · by ${by}` : ''}`
}
