import type { TabEvent } from '../../shared/protocol/index.ts'
import { describeClose } from '../close-outcome.ts'

/** One line for a control event in the timeline: what happened, with its details, as plain text. */
export function describeEvent(event: TabEvent): string {
  switch (event.kind) {
    case 'connection':
      return `created ${event.api}${event.protocols.length ? ` protocols ${event.protocols.join(', ')}` : ''}`
    case 'opened':
      return `opened${event.protocol ? ` protocol ${event.protocol}` : ''}${event.extensions ? ` extensions ${event.extensions}` : ''}`
    case 'message':
      return typeof event.data === 'string' ? event.data : ''
    case 'close-call': {
      const args = [event.code, event.reason === null ? null : JSON.stringify(event.reason)].filter((v) => v !== null)
      return `${event.origin === 'devtools' ? 'DevTools ' : ''}${event.via}(${args.join(', ')})${event.error ? ` threw ${event.error}` : ''}`
    }
    case 'closed':
      return `closed ${describeClose(event, 'timeline')}`
    case 'error':
      return `error: ${event.message}`
    case 'command-result':
      return `DevTools ${event.action}: ${event.error ?? 'done'}`
    case 'instrumentation-error':
      return `instrumentation error in ${event.where}: ${event.message}`
  }
}
