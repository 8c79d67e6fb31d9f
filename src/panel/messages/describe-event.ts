import type { Api, TabEvent } from '../../shared/protocol/index.ts'
import { describeClose } from '../close-outcome.ts'

type CloseCall = Extract<TabEvent, { kind: 'close-call' }>

/**
 * A close call in the form it was made. The API decides the form: WebSocket's close takes positional
 * arguments, WebSocketStream's a WebSocketCloseInfo dictionary, and the stream paths a WebSocketError.
 * `api` is null when the panel does not hold the connection (then the WebSocket form is the fallback).
 */
export function closeCallForm(event: CloseCall, api: Api | null): string {
  const reason = event.reason === null ? null : JSON.stringify(event.reason)
  if (event.via === 'close' && api === 'WebSocketStream') {
    const fields = [event.code === null ? null : `closeCode: ${event.code}`, reason === null ? null : `reason: ${reason}`].filter((f) => f !== null)
    return fields.length ? `close({ ${fields.join(', ')} })` : 'close()'
  }
  if (event.via === 'close') {
    // An absent code with a reason was passed as undefined: close() alone sends no code, close(undefined, r) sends 1000.
    const args = event.code === null ? (reason === null ? [] : ['undefined', reason]) : reason === null ? [event.code] : [event.code, reason]
    return `close(${args.join(', ')})`
  }
  if (event.via === 'writer.close') return 'writer.close()'
  if (event.via === 'signal.abort') return 'signal aborted'
  const fields = [event.code === null ? null : `closeCode: ${event.code}`, reason === null ? null : `reason: ${reason}`].filter((f) => f !== null)
  // Only a WebSocketError's code and reason reach the server, so only they are recorded; any other reason is "…".
  return `${event.via}(${fields.length ? `WebSocketError { ${fields.join(', ')} }` : '…'})`
}

/** One line for a control event in the timeline: what happened, with its details, as plain text. */
export function describeEvent(event: TabEvent, api: Api | null = null): string {
  switch (event.kind) {
    case 'connection':
      return `created ${event.api}${event.protocols.length ? ` protocols ${event.protocols.join(', ')}` : ''}`
    case 'opened':
      return `opened${event.protocol ? ` protocol ${event.protocol}` : ''}${event.extensions ? ` extensions ${event.extensions}` : ''}`
    case 'message':
      return typeof event.data === 'string' ? event.data : ''
    case 'close-call':
      return `${event.origin === 'devtools' ? 'DevTools ' : ''}${closeCallForm(event, api)}${event.error ? ` threw ${event.error}` : ''}`
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
