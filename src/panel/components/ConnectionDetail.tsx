import type { TabEvent } from '../../shared/protocol.ts'
import type { Connection } from '../store/connections.ts'
import { formatBytes, formatTime, preview } from '../format.ts'

export function ConnectionDetail({ connection }: { connection: Connection | null }) {
  if (!connection) return <p class="empty">Select a connection to see its timeline.</p>
  return (
    <section class="detail" aria-label="Timeline">
      <h2 class="url">{connection.url}</h2>
      <ol class="timeline">
        {connection.events.map((event) => (
          <li key={event.seq} class={`event ${event.kind}`}>
            <time>{formatTime(event.time - connection.createdAt)}</time> <span>{describe(event)}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

function describe(event: TabEvent): string {
  switch (event.kind) {
    case 'connection':
      return `created (${event.api})${event.protocols.length ? ` protocols ${event.protocols.join(', ')}` : ''}`
    case 'opened':
      return `opened${event.protocol ? ` protocol ${event.protocol}` : ''}${event.extensions ? ` extensions ${event.extensions}` : ''}`
    case 'message':
      return `${event.direction === 'sent' ? '↑' : '↓'} ${event.binary ? 'binary' : 'text'} ${event.size === null ? '?' : formatBytes(event.size)} ${preview(event.data)}`
    case 'close-call':
      return `${event.via}(${[event.code, event.reason].filter((v) => v !== null).map(String).join(', ')})${event.error ? ` threw ${event.error}` : ''}`
    case 'closed':
      return `closed ${event.code ?? ''} ${event.reason} ${event.wasClean ? 'clean' : 'unclean'}${event.error ? ` (${event.error})` : ''}`
    case 'error':
      return `error: ${event.message}`
    case 'instrumentation-error':
      return `instrumentation error in ${event.where}: ${event.message}`
  }
}
