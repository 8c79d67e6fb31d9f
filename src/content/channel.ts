import { HANDSHAKE_TOKEN, type CommandRequest, type PageBatch, type PageEvent } from '../shared/protocol.ts'
import { pristine } from './pristine.ts'

/**
 * The private page -> relay channel. The MessagePort travels in one window.postMessage at
 * document_start; the relay (listed first in the manifest) takes it in a capturing listener and stops
 * the event, so no page listener ever sees the handshake (see ../shared/notes/messaging.md). Everything
 * after that goes over the port, in batches, off the page's send/receive path.
 *
 * Until the relay answers `ready` nothing is posted: a port nobody takes (after document.open(), say)
 * would hold every message forever. Meanwhile the queue is bounded; what does not fit is counted and
 * the count travels with the first batch the relay gets.
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
  const { port1, port2 } = new pristine.MessageChannel()
  pristine.windowPostMessage(HANDSHAKE_TOKEN, '*', [port2])

  let queue: Entry[] = []
  let queuedBytes = 0
  let timer = false
  let taken = false
  let dropped = 0
  let commandHandler: ((request: CommandRequest) => void) | null = null
  // Set before any page script runs, so no page patch of MessagePort can intercept it.
  port1.onmessage = (event) => {
    if (!taken) {
      taken = true
      return flush()
    }
    const data = pristine.messageEventData(event)
    if (isCommand(data)) commandHandler?.(data)
  }

  function full(): boolean {
    return !taken && (queue.length >= WAITING_MAX_EVENTS || queuedBytes >= WAITING_MAX_BYTES)
  }

  function flush(): void {
    timer = false
    if (!taken) return
    let ready = 0
    while (ready < queue.length && queue[ready]!.event !== null) ready++
    if (ready === 0) return
    const events: PageEvent[] = []
    const transfer: Transferable[] = []
    for (let i = 0; i < ready; i++) {
      const event = queue[i]!.event!
      events[i] = event
      if (event.kind === 'message' && event.data !== null && typeof event.data !== 'string')
        transfer[transfer.length] = pristine.typedArrayBuffer(event.data)
    }
    const rest: Entry[] = []
    for (let i = ready; i < queue.length; i++) rest[i - ready] = queue[i]!
    queue = rest
    queuedBytes = 0
    const batch: PageBatch = { type: 'batch', events, dropped }
    dropped = 0
    pristine.portPostMessage(port1, batch, transfer)
  }

  function schedule(entry: Entry): void {
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

/** The relay validated the command; this only makes sure it is one, with checks no page patch can reach. */
function isCommand(data: unknown): data is CommandRequest & { type: 'command' } {
  if (typeof data !== 'object' || data === null) return false
  const { type, connectionId, commandId, command } = data as Record<string, unknown>
  return type === 'command' && typeof connectionId === 'string' && typeof commandId === 'string' && typeof command === 'object' && command !== null
}
