import type { Traffic } from '../store/connections.ts'
import { formatBytes } from '../format.ts'

/**
 * One direction's counters: everything that went over the wire, and how many of those messages the
 * panel still holds when that is fewer (the cap dropped some).
 */
export function TrafficCounts({ total, kept, long = false }: { total: Traffic; kept: Traffic; long?: boolean }) {
  const partial = kept.messages !== total.messages
  if (!long)
    return (
      <>
        {total.messages} / {formatBytes(total.bytes)}
        {partial && <span class="kept" title={`${kept.messages} of ${total.messages} messages kept`}>{` (${kept.messages} kept)`}</span>}
      </>
    )
  return (
    <>
      {total.messages.toLocaleString()} {total.messages === 1 ? 'message' : 'messages'}, {formatBytes(total.bytes)}
      {partial && <span class="kept">{`: ${kept.messages.toLocaleString()} of ${total.messages.toLocaleString()} kept`}</span>}
    </>
  )
}
