import { describeClose } from './close-outcome.ts'
import { closeInitiator, type Connection } from './store/connections.ts'

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

/** The Close column: how the connection ended and who ended it, or why its handshake failed. */
export function formatClose(connection: Connection): string {
  if (!connection.outcome) return connection.handshakeError ?? ''
  return describeClose(connection.outcome, 'list', closeInitiator(connection))
}

/** A connection's age or lifetime: milliseconds while short, then seconds, then h:mm:ss. */
export function formatDuration(ms: number): string {
  if (ms < 0) return ''
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const s = Math.floor(ms / 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
}

/** The last path segment of a url (or its host), for a narrow column; the full url goes in a title. */
export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (!parsed.host) return url
    const segments = parsed.pathname.split('/').filter(Boolean)
    if (segments.length === 0) return parsed.host
    return `${parsed.host}/${segments.length > 1 ? '…/' : ''}${segments[segments.length - 1]}`
  } catch {
    return url
  }
}

/** A text as a sentence: a full stop added unless it already ends one (browser messages often do). */
export function sentence(text: string): string {
  return /[.!?…]["')\]]*$/.test(text) ? text : `${text}.`
}
