import { HANDSHAKE_TOKEN, type CommandRequest, type PageEvent } from '../../shared/protocol/index.ts'
import { batchOf } from './batch.ts'
import { pristine } from './pristine.ts'

/**
 * The private page -> relay channel, opened in two steps so that a page without sockets pays for no
 * MessageChannel (bench section 4):
 * 1. At document_start, before any page script, this script dispatches a `HANDSHAKE_TOKEN` event on the
 *    window carrying a random secret. The relay (listed first in the manifest) takes it synchronously in
 *    a capturing listener, stops it and cancels it to say so, and from then on listens for events whose
 *    *type* is that secret.
 * 2. With the first event to report, this script makes the MessageChannel and dispatches an event of that
 *    secret type carrying the port; the relay takes the port synchronously the same way. A page cannot
 *    listen for a type it does not know, nor forge one, and the relay's listener comes before any of the
 *    page's (see docs/messaging.md).
 * Everything after that goes over the port, in batches, off the page's send/receive path. When no relay
 * takes the port (after document.open(), say) nothing is posted, as a port nobody reads would hold every
 * message forever: the queue is bounded and what does not fit is counted.
 */

const FLUSH_DELAY_MS = 16
const FLUSH_AT_EVENTS = 1000
const FLUSH_AT_BYTES = 4 * 1024 * 1024
const WAITING_MAX_EVENTS = 10_000
const WAITING_MAX_BYTES = 16 * 1024 * 1024

/** A place in the event order, reserved now and filled when an asynchronous read (a Blob) finishes. */
export type Slot = (event: PageEvent) => void

export interface Channel {
  emit(event: PageEvent): void
  reserve(): Slot
  /** Close-lab commands from the panel; only the relay holds the other end of the port. */
  onCommand(handler: (request: CommandRequest) => void): void
}

type Entry = { event: PageEvent | null }

export function openChannel(): Channel {
  const secret = randomType()
  // Step 1; a relay that heard it cancels the event.
  const relayHeard = !pristine.dispatchEvent(window, new pristine.MessageEvent(HANDSHAKE_TOKEN, { data: secret, cancelable: true }))

  let queue: Entry[] = []
  let queuedBytes = 0
  let timer = false
  let port: MessagePort | null = null
  let taken = false
  let dropped = 0
  let commandHandler: ((request: CommandRequest) => void) | null = null

  /** Step 2, once: whether the relay took the port is known when the dispatch returns. */
  function open(): void {
    if (port || !relayHeard) return
    const { port1, port2 } = new pristine.MessageChannel()
    port = port1
    pristine.setPortOnMessage(port1, (event: MessageEvent) => {
      const data = pristine.messageEventData(event)
      if (isCommand(data)) commandHandler?.(data)
    })
    taken = !pristine.dispatchEvent(window, new pristine.MessageEvent(secret, { ports: [port2], cancelable: true }))
  }

  function full(): boolean {
    return !taken && (queue.length >= WAITING_MAX_EVENTS || queuedBytes >= WAITING_MAX_BYTES)
  }

  function flush(): void {
    timer = false
    if (!port || !taken) return
    let ready = 0
    while (ready < queue.length && queue[ready]!.event !== null) ready++
    if (ready === 0) return
    const events: PageEvent[] = []
    for (let i = 0; i < ready; i++) events[i] = queue[i]!.event!
    const rest: Entry[] = []
    for (let i = ready; i < queue.length; i++) rest[i - ready] = queue[i]!
    queue = rest
    queuedBytes = 0
    const { batch, transfer } = batchOf(events, dropped)
    dropped = 0
    pristine.portPostMessage(port, batch, transfer)
  }

  function schedule(entry: Entry): void {
    open()
    const event = entry.event
    if (event?.kind === 'message' && event.data !== null)
      queuedBytes += typeof event.data === 'string' ? event.data.length : pristine.typedArrayByteLength(event.data)
    if (queue.length >= FLUSH_AT_EVENTS || queuedBytes >= FLUSH_AT_BYTES) flush()
    else if (!timer) {
      timer = true
      pristine.setTimeout(flush, FLUSH_DELAY_MS)
    }
  }

  return {
    onCommand(handler) {
      commandHandler = handler
    },
    emit(event) {
      if (full()) {
        dropped++
        return
      }
      const entry = { event }
      queue[queue.length] = entry
      schedule(entry)
    },
    reserve() {
      if (full()) {
        dropped++
        return () => {}
      }
      const entry: Entry = { event: null }
      queue[queue.length] = entry
      return (event) => {
        entry.event = event
        schedule(entry)
      }
    },
  }
}

/** An event type no page can guess: 128 random bits. */
function randomType(): string {
  const words = pristine.randomValues(new pristine.Uint32Array(4))
  let type = 'wss-devtools:'
  for (let i = 0; i < words.length; i++) type += pristine.numberToString(words[i]!, 36)
  return type
}

/** The relay validated the command; this only makes sure it is one, with checks no page patch can reach. */
function isCommand(data: unknown): data is CommandRequest & { type: 'command' } {
  if (typeof data !== 'object' || data === null) return false
  const { type, connectionId, commandId, command } = data as Record<string, unknown>
  return type === 'command' && typeof connectionId === 'string' && typeof commandId === 'string' && typeof command === 'object' && command !== null
}
