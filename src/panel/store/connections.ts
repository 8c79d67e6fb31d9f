import type { Api, CloseVia, Origin, Source, TabEvent, Traffic } from '../../shared/protocol/index.ts'
import { EventList } from './event-list.ts'

export type { Traffic }

export type ConnectionStatus = 'connecting' | 'open' | 'closing' | 'closed'

/** A connection's traffic each way. */
export interface Flow {
  readonly sent: Traffic
  readonly received: Traffic
}

/**
 * Why messages that went over the wire are not held here: `cap`, dropped by the background's per-tab cap
 * (TabState.dropped). Each reason is one more addend of a connection's totals.
 */
export type NotKeptReason = 'cap'

/** One connection as its events so far tell it. Never changed: a change makes a new object. */
export interface Connection {
  readonly id: string
  readonly api: Api
  readonly url: string
  /** Where it was captured; commands for it go there. */
  readonly source: Source
  readonly frameUrl: string
  readonly stack: string
  readonly createdAt: number
  readonly status: ConnectionStatus
  readonly protocol: string
  readonly extensions: string
  /** Everything that went over the wire: what is held (`kept`) plus every amount not kept. */
  readonly sent: Traffic
  readonly received: Traffic
  /** What the held message events count (a synthetic message never crossed the wire). */
  readonly kept: Flow
  readonly notKept: Readonly<Partial<Record<NotKeptReason, Flow>>>
  /** The first close request and where it came from. */
  readonly closeRequest: { via: CloseVia; code: number | null; reason: string | null; origin: Origin | undefined; time: number } | null
  readonly outcome: { code: number | null; reason: string; wasClean: boolean; error: string | null; time: number } | null
  readonly handshakeError: string | null
  readonly events: EventList
}

/** A connection being changed by `applyEvents`, before it is handed out; its totals are summed then. */
type Draft = { -readonly [K in Exclude<keyof Connection, 'kept'>]: Connection[K] } & {
  kept: { sent: { messages: number; bytes: number }; received: { messages: number; bytes: number } }
}

const NO_TRAFFIC: Traffic = { messages: 0, bytes: 0 }
const add = (a: Traffic, b: Traffic): Traffic => ({ messages: a.messages + b.messages, bytes: a.bytes + b.bytes })

/** The connection with its totals summed from what is kept and each amount not kept. */
function totalled<C extends Connection | Draft>(connection: C): C {
  let { sent, received } = connection.kept
  for (const flow of Object.values(connection.notKept)) {
    sent = add(sent, flow.sent)
    received = add(received, flow.received)
  }
  return { ...connection, sent, received }
}

const sameFlow = (a: Flow | undefined, b: Flow | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.sent.messages === b.sent.messages &&
    a.sent.bytes === b.sent.bytes &&
    a.received.messages === b.received.messages &&
    a.received.bytes === b.received.bytes)

/** The connection with `flow` as what was not kept for `reason` (none: undefined); the same object if that is so already. */
export function withNotKept(connection: Connection, reason: NotKeptReason, flow: Flow | undefined): Connection {
  if (sameFlow(connection.notKept[reason], flow)) return connection
  const notKept = { ...connection.notKept }
  if (flow) notKept[reason] = flow
  else delete notKept[reason]
  return totalled({ ...connection, notKept })
}

/** How many of a connection's messages (each way together) are held, and how many went over the wire. */
export function keptOfTotal(connection: Connection): { kept: number; total: number } {
  const { kept, sent, received } = connection
  return { kept: kept.sent.messages + kept.received.messages, total: sent.messages + received.messages }
}

/**
 * Folds captured events into per-connection state. Pure: it returns a new map, in which each connection
 * the events touch is a new object (made once per call, however many events it gets) and the others are
 * the same objects. Events for connections never seen created (should not happen) come back as `orphans`.
 */
export function applyEvents(
  connections: ReadonlyMap<string, Connection>,
  events: readonly TabEvent[],
): { connections: ReadonlyMap<string, Connection>; orphans: TabEvent[] } {
  const orphans: TabEvent[] = []
  if (events.length === 0) return { connections, orphans }
  const next = new Map(connections)
  /** The connections changed by these events, and the events each gets. */
  const drafts = new Map<string, { connection: Draft; added: TabEvent[] }>()
  const draftOf = (id: string) => {
    let draft = drafts.get(id)
    const current = next.get(id)
    if (!draft && current) {
      draft = { connection: { ...current, kept: { sent: { ...current.kept.sent }, received: { ...current.kept.received } } }, added: [] }
      drafts.set(id, draft)
    }
    return draft
  }
  for (const event of events) {
    if (event.kind === 'instrumentation-error') {
      orphans.push(event)
      continue
    }
    if (event.kind === 'connection') {
      const connection: Draft = {
        id: event.id,
        api: event.api,
        url: event.resolvedUrl,
        source: event.source,
        frameUrl: event.frameUrl,
        stack: event.stack,
        createdAt: event.time,
        status: 'connecting',
        protocol: '',
        extensions: '',
        sent: NO_TRAFFIC,
        received: NO_TRAFFIC,
        kept: { sent: { messages: 0, bytes: 0 }, received: { messages: 0, bytes: 0 } },
        notKept: {},
        closeRequest: null,
        outcome: null,
        handshakeError: null,
        events: EventList.of(),
      }
      drafts.set(event.id, { connection, added: [event] })
      next.set(event.id, connection)
      continue
    }
    const draft = draftOf(event.id)
    if (!draft) {
      orphans.push(event)
      continue
    }
    draft.added.push(event)
    const connection = draft.connection
    switch (event.kind) {
      case 'opened':
        connection.status = 'open'
        connection.protocol = event.protocol
        connection.extensions = event.extensions
        break
      case 'message': {
        // A simulated message never crossed the wire.
        if (event.origin === 'synthetic') break
        const traffic = connection.kept[event.direction]
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
  for (const [id, { connection, added }] of drafts) next.set(id, totalled({ ...connection, events: connection.events.append(added) }))
  return { connections: next, orphans }
}

/** Who ended the connection, as far as the captured events tell. */
export function closeInitiator(connection: Connection): 'page' | 'server' | 'DevTools' | null {
  if (connection.closeRequest) return connection.closeRequest.origin === 'devtools' ? 'DevTools' : 'page'
  if (connection.outcome) return 'server'
  return null
}
