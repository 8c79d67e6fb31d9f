import type { PageEvent, TabEvent } from '../shared/protocol.ts'
import { utf8Length } from '../shared/utf8.ts'

/** Everything captured in one tab, in arrival order, with a per-tab sequence number. */
export class TabLog {
  readonly events: TabEvent[] = []
  private seq = 0

  append(frameId: number, events: PageEvent[]): TabEvent[] {
    const added: TabEvent[] = []
    for (const event of events) {
      const tagged = { ...withSize(event), frameId, seq: ++this.seq } as TabEvent
      this.events.push(tagged)
      added.push(tagged)
    }
    return added
  }
}

/** The page leaves the UTF-8 size of whole texts to us, to keep that work off its thread. */
function withSize(event: PageEvent): PageEvent {
  if (event.kind === 'message' && event.size === null && typeof event.data === 'string' && !event.truncated)
    return { ...event, size: utf8Length(event.data) }
  return event
}
