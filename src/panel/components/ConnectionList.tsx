import type { Connection } from '../store/connections.ts'
import { formatBytes, formatClose } from '../format.ts'

interface Props {
  connections: Connection[]
  selectedId: string | null
  onSelect(id: string): void
}

export function ConnectionList({ connections, selectedId, onSelect }: Props) {
  if (connections.length === 0)
    return (
      <p class="empty" data-testid="no-connections">
        No WebSocket or WebSocketStream connections yet. They appear here as the page opens them.
      </p>
    )
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
          <th>Close</th>
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
            onKeyDown={(e) => e.key === 'Enter' && onSelect(c.id)}
          >
            <td>
              <span class={`badge ${c.api}`}>{c.api === 'WebSocketStream' ? 'WSS' : 'WS'}</span>
            </td>
            <td class="url" title={c.url}>
              {c.url}
            </td>
            <td class="status">{c.status}</td>
            <td>{c.protocol}</td>
            <td>
              {c.sent.messages} / {formatBytes(c.sent.bytes)}
            </td>
            <td>
              {c.received.messages} / {formatBytes(c.received.bytes)}
            </td>
            <td class="close">{formatClose(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
