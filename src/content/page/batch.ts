import { putMessage, type PageBatch, type PageEvent } from '../../shared/protocol/index.ts'
import { pristine } from './pristine.ts'

/**
 * Events in the shape they cross to the relay (PageBatch): message events as columns, the rest inline,
 * and the buffers of binary payloads to transfer rather than copy (each is our own copy, payload.ts).
 */
export function batchOf(events: PageEvent[], dropped: number): { batch: PageBatch; transfer: Transferable[] } {
  let count = 0
  for (let i = 0; i < events.length; i++) if (events[i]!.kind === 'message') count++
  const messages = {
    id: [] as string[],
    time: new pristine.Float64Array(count),
    flags: new pristine.Uint8Array(count),
    size: new pristine.Float64Array(count),
    data: [] as Array<string | Uint8Array | null>,
  }
  const inline: PageBatch['events'] = []
  const transfer: Transferable[] = []
  let row = 0
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!
    if (event.kind !== 'message') {
      inline[inline.length] = event
      continue
    }
    const last = inline.length - 1
    if (last >= 0 && typeof inline[last] === 'number') inline[last] = (inline[last] as number) + 1
    else inline[inline.length] = 1
    putMessage(messages, row++, event)
    if (event.data !== null && typeof event.data !== 'string') transfer[transfer.length] = pristine.typedArrayBuffer(event.data)
  }
  return { batch: { type: 'batch', events: inline, messages, dropped }, transfer }
}
