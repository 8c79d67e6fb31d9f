import type { LossCounters } from '../../shared/protocol/index.ts'
import { keptOfTotal, type Connection } from '../store/connections.ts'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Connections named one by one under the cap's count; the rest are summed up in one line. */
const NAMED_CONNECTIONS = 5

/** The cap's drops from each connection, most first, as lines. */
function capLines(capDrops: ReadonlyArray<{ connection: Connection; messages: number }>): string[] {
  const lines = capDrops.slice(0, NAMED_CONNECTIONS).map(({ connection, messages }) => {
    const { total } = keptOfTotal(connection)
    return `${messages} of ${plural(total, 'message', 'messages')} dropped from ${connection.url}, oldest first`
  })
  const rest = capDrops.slice(NAMED_CONNECTIONS)
  if (rest.length > 0) lines.push(`${rest.reduce((n, d) => n + d.messages, 0)} more from ${plural(rest.length, 'other connection', 'other connections')}`)
  return lines
}

/** Every way captured data can fail to reach this panel, counted; nothing is lost without saying so. */
export function LossBanner({
  lost,
  rejectedHere,
  capDrops = [],
}: {
  lost: LossCounters | null
  rejectedHere: number
  capDrops?: ReadonlyArray<{ connection: Connection; messages: number }>
}) {
  const lines = [
    lost?.cap ? `${plural(lost.cap, 'message', 'messages')} dropped (cap)` : '',
    ...(lost?.cap ? capLines(capDrops) : []),
    lost?.capLifecycle ? `${plural(lost.capLifecycle, 'connection event', 'connection events')} dropped (cap)` : '',
    lost?.page ? `${plural(lost.page, 'event', 'events')} lost in the page (the extension never took its queue)` : '',
    lost?.relay ? `${plural(lost.relay, 'event', 'events')} dropped by the content script (background unreachable)` : '',
    lost?.malformed ? `${plural(lost.malformed, 'malformed event', 'malformed events')} rejected` : '',
    rejectedHere ? `${plural(rejectedHere, 'malformed update', 'malformed updates')} rejected by the panel` : '',
  ].filter(Boolean)
  if (lines.length === 0) return null
  return (
    <ul class="banner losses" role="status" aria-label="Dropped data">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  )
}
