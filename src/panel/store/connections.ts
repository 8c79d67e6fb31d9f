import type { Api, CloseVia, Origin, TabEvent } from '../../shared/protocol.ts'

export type ConnectionStatus = 'connecting' | 'open' | 'closing' | 'closed'

export interface Traffic {
  messages: number
  bytes: number
}

export interface Connection {
  id: string
  api: Api
  url: string
  frameId: number
  frameUrl: string
  stack: string
  createdAt: number
  status: ConnectionStatus
  protocol: string
  extensions: string
  sent: Traffic
  received: Traffic
  /** The first close request and where it came from. */
  closeRequest: { via: CloseVia; code: number | null; reason: string | null; origin: Origin | undefined; time: number } | null
  outcome: { code: number | null; reason: string; wasClean: boolean; error: string | null; time: number } | null
  handshakeError: string | null
  events: TabEvent[]
}

/**
 * Folds captured events into per-connection state. Pure: the store calls it, and unit tests check it.
 * Events for connections we never saw created (should not happen) are kept in `orphans`.
 */
export function applyEvents(connections: Map<string, Connection>, events: TabEvent[], orphans: TabEvent[]): void {
  for (const event of events) {
    if (event.kind === 'instrumentation-error') {
      orphans.push(event)
      continue
    }
    if (event.kind === 'connection') {
      connections.set(event.id, {
        id: event.id,
        api: event.api,
        url: event.resolvedUrl,
        frameId: event.frameId,
        frameUrl: event.frameUrl,
        stack: event.stack,
        createdAt: event.time,
        status: 'connecting',
        protocol: '',
        extensions: '',
        sent: { messages: 0, bytes: 0 },
        received: { messages: 0, bytes: 0 },
        closeRequest: null,
        outcome: null,
        handshakeError: null,
        events: [event],
      })
      continue
    }
    const connection = connections.get(event.id)
    if (!connection) {
      orphans.push(event)
      continue
    }
    connection.events.push(event)
    switch (event.kind) {
      case 'opened':
        connection.status = 'open'
        connection.protocol = event.protocol
        connection.extensions = event.extensions
        break
      case 'message': {
        // A simulated message never crossed the wire.
        if (event.origin === 'synthetic') break
        const traffic = event.direction === 'sent' ? connection.sent : connection.received
        traffic.messages++
        traffic.bytes += event.size ?? 0
        break
      }
      case 'close-call':
        if (event.error === null && connection.status !== 'closed') {
          connection.closeRequest ??= { via: event.via, code: event.code, reason: event.reason, origin: event.origin, time: event.time }
          connection.status = 'closing'
        }
        break
      case 'error':
        if (connection.status === 'connecting') connection.handshakeError = event.message
        break
      case 'closed':
        connection.status = 'closed'
        connection.outcome = { code: event.code, reason: event.reason, wasClean: event.wasClean, error: event.error, time: event.time }
        break
    }
  }
}

/** Who ended the connection, as far as the captured events tell. */
export function closeInitiator(connection: Connection): 'page' | 'server' | 'DevTools' | null {
  if (connection.closeRequest) return connection.closeRequest.origin === 'devtools' ? 'DevTools' : 'page'
  if (connection.outcome) return 'server'
  return null
}
