import { useEffect, useState } from 'preact/hooks'
import { isTopFrame } from '../../shared/protocol/index.ts'
import type { Connection } from '../store/connections.ts'
import { formatBytes, formatClock, formatClose, formatDuration, shortUrl } from '../format.ts'
import { type ListSort, reconnects, shortId, sortConnections } from '../list/order.ts'
import { TrafficCounts } from './TrafficCounts.tsx'

interface Props {
  connections: Connection[]
  selectedId: string | null
  onSelect(id: string): void
}

/**
 * The columns, in order, and their widths: fixed by the colgroup, so they do not jump as rows arrive.
 * Shares of the panel's width, not lengths, so the table never grows wider than a docked panel (the
 * cells clip with an ellipsis and say the rest in their title); the URL takes what is left.
 */
const COLUMNS: Array<{ label: string; width?: string; title?: string; sort?: ListSort['key'] }> = [
  { label: 'API', width: '5%' },
  { label: 'URL', sort: 'url' },
  { label: 'Status', width: '6%' },
  { label: 'Protocol', width: '6%' },
  { label: 'Sent', width: '8%', title: 'messages / bytes' },
  { label: 'Received', width: '8%', title: 'messages / bytes' },
  { label: 'Started', width: '8%', sort: 'started' },
  { label: 'Duration', width: '6%' },
  { label: 'Close', width: '12%' },
  { label: 'Extensions', width: '6%' },
  { label: 'Frame', width: '7%' },
  { label: 'ID', width: '6%', sort: 'id' },
]

export function ConnectionList({ connections, selectedId, onSelect }: Props) {
  const now = useNow(connections.some((c) => c.status !== 'closed'))
  const [sort, setSort] = useState<ListSort | null>(null)
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
  const sortBy = (key: ListSort['key']) => setSort(sort?.key === key ? (sort.descending ? null : { key, descending: true }) : { key, descending: false })
  const attempts = reconnects(connections)
  return (
    <table class="connections" aria-label="Connections">
      <colgroup>
        {COLUMNS.map((column) => (
          <col key={column.label} style={column.width ? { width: column.width } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th
              key={column.label}
              title={column.title}
              aria-sort={column.sort && sort?.key === column.sort ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              {column.sort ? (
                <button type="button" class="sort" onClick={() => sortBy(column.sort!)} title={`Sort by ${column.label.toLowerCase()}`}>
                  {column.label}
                  {sort?.key === column.sort ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              ) : (
                column.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sortConnections(connections, sort).map((c) => {
          const attempt = attempts.get(c.id)
          return (
            <tr
              key={c.id}
              data-connection-id={c.id}
              class={[c.id === selectedId ? 'selected' : '', attempt ? `reconnects group-${attempt.group % 4}` : ''].join(' ').trim() || undefined}
              aria-selected={c.id === selectedId}
              tabIndex={0}
              onClick={() => onSelect(c.id)}
              onKeyDown={onKeyDown(c.id)}
            >
              <td class="api">
                <span class={`badge ${c.api}`} title={c.api}>
                  {c.api === 'WebSocketStream' ? 'WSS' : 'WS'}
                </span>
                {attempt && (
                  <span class="attempt" title={`Connection ${attempt.attempt} of ${attempt.of} to this URL`}>
                    {attempt.attempt === 1 ? `1/${attempt.of}` : `↻${attempt.attempt}/${attempt.of}`}
                  </span>
                )}
              </td>
              <td class="url" title={c.url}>
                {c.url}
              </td>
              <td class="status">{c.status}</td>
              <td title={c.protocol}>{c.protocol}</td>
              <td title={`${c.sent.messages} / ${formatBytes(c.sent.bytes)}`}>
                <TrafficCounts total={c.sent} kept={c.kept.sent} />
              </td>
              <td title={`${c.received.messages} / ${formatBytes(c.received.bytes)}`}>
                <TrafficCounts total={c.received} kept={c.kept.received} />
              </td>
              <td class="started" title={new Date(c.createdAt).toISOString()}>
                {formatClock(c.createdAt)}
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
              <td class="id" title={c.id}>
                {shortId(c.id)}
              </td>
            </tr>
          )
        })}
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
