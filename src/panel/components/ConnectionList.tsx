import { useEffect, useState } from 'preact/hooks'
import { isTopFrame } from '../../shared/protocol/index.ts'
import type { Connection } from '../store/connections.ts'
import { formatClose, formatDuration, shortUrl } from '../format.ts'
import { TrafficCounts } from './TrafficCounts.tsx'

interface Props {
  connections: Connection[]
  selectedId: string | null
  onSelect(id: string): void
}

export function ConnectionList({ connections, selectedId, onSelect }: Props) {
  const now = useNow(connections.some((c) => c.status !== 'closed'))
  if (connections.length === 0)
    return (
      <p class="empty" data-testid="no-connections">
        No WebSocket or WebSocketStream connections yet. They appear here as the page opens them.
      </p>
    )
  // Arrow keys walk every connection row of the panel, across page loads, as one list.
  const step = (row: HTMLElement, delta: number) => {
    const rows = [...document.querySelectorAll<HTMLElement>('tr[data-connection-id]')]
    const next = rows[rows.indexOf(row) + delta]
    if (!next) return
    next.focus()
    onSelect(next.dataset.connectionId!)
  }
  const onKeyDown = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') onSelect(id)
    else if (e.key === 'ArrowDown') step(e.currentTarget as HTMLElement, 1)
    else if (e.key === 'ArrowUp') step(e.currentTarget as HTMLElement, -1)
    else return
    e.preventDefault()
  }
  return (
    <table class="connections" aria-label="Connections">
      <thead>
        <tr>
          <th>API</th>
          <th>URL</th>
          <th>Status</th>
          <th>Protocol</th>
          <th title="messages / bytes">Sent</th>
          <th title="messages / bytes">Received</th>
          <th>Duration</th>
          <th>Close</th>
          <th>Extensions</th>
          <th>Frame</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <tr
            key={c.id}
            data-connection-id={c.id}
            class={c.id === selectedId ? 'selected' : undefined}
            aria-selected={c.id === selectedId}
            tabIndex={0}
            onClick={() => onSelect(c.id)}
            onKeyDown={onKeyDown(c.id)}
          >
            <td>
              <span class={`badge ${c.api}`} title={c.api}>
                {c.api === 'WebSocketStream' ? 'WSS' : 'WS'}
              </span>
            </td>
            <td class="url" title={c.url}>
              {c.url}
            </td>
            <td class="status">{c.status}</td>
            <td>{c.protocol}</td>
            <td>
              <TrafficCounts total={c.sent} kept={c.kept.sent} />
            </td>
            <td>
              <TrafficCounts total={c.received} kept={c.kept.received} />
            </td>
            <td class="duration">{formatDuration((c.outcome?.time ?? now) - c.createdAt)}</td>
            <td class="close" title={formatClose(c)}>
              {formatClose(c)}
            </td>
            <td class="extensions" title={c.extensions}>
              {c.extensions}
            </td>
            <td class="frame" title={c.frameUrl}>
              {isTopFrame(c.source) ? 'top' : shortUrl(c.frameUrl)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The wall clock, refreshed once a second while `ticking` (some connection is still open), else frozen. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [ticking])
  return now
}
