import { useState } from 'preact/hooks'
import { closeCodeName } from '../../shared/close-codes.ts'
import type { Command, TabEvent } from '../../shared/protocol/index.ts'
import { describeClose } from '../close-outcome.ts'
import { sentence } from '../format.ts'
import { parsePayload, type PayloadFormat } from '../close-lab/payload.ts'
import { MAX_REASON_BYTES, PRESETS, judgeClose } from '../close-lab/rules.ts'
import type { Connection } from '../store/connections.ts'
import type { SentCommand } from '../store/commands.ts'

interface Props {
  connection: Connection
  commands: ReadonlyMap<string, SentCommand>
  onCommand(command: Command): string
}

/**
 * Ends or drives the selected live connection with the real API, in every way it allows, and shows at
 * once what the browser said and how the connection ended.
 */
export function CloseLab({ connection, commands, onCommand }: Props) {
  const [code, setCode] = useState('4000')
  const [reason, setReason] = useState('')
  const [payload, setPayload] = useState('')
  const [format, setFormat] = useState<PayloadFormat>('text')
  const [payloadError, setPayloadError] = useState<string | null>(null)
  // The lab is one component for whichever connection is selected: its last command comes from the
  // commands sent to this connection, so an outcome never shows on another one.
  const last = lastCommandOf(commands, connection.id)
  const verdict = judgeClose(code, reason)
  const stream = connection.api === 'WebSocketStream'
  const live = connection.status !== 'closed'
  const codeValue = code.trim() === '' ? null : Number(code)
  const reasonValue = reason === '' ? null : reason

  const run = (command: Command) => void onCommand(command)
  const sendPayload = (action: 'send' | 'simulate') => {
    const parsed = parsePayload(payload, format)
    if ('error' in parsed) return setPayloadError(parsed.error)
    setPayloadError(null)
    run({ action, data: parsed.data })
  }
  const closeLabel = stream ? `close({ closeCode: ${code || '—'}, reason })` : `close(${code || '—'}, reason)`

  const outcomeIn = (group: ButtonGroup) =>
    last && groupOf(last.sent.command.action) === group ? <Outcome connection={connection} commandId={last.id} sent={last.sent} /> : null

  // Nothing appears above the buttons once a command is sent: the state line is always there, and each
  // outcome takes the end of the row whose button caused it, so no button moves under the pointer.
  return (
    <section class="close-lab" aria-label="Close lab">
      <p class="lab-state muted">{live ? 'Commands run the real API in the page, on this connection.' : 'This connection is closed; commands will say so.'}</p>
      <div class="close-lab-row">
        <label>
          Close code
          <input
            name="close-code"
            list="close-code-presets"
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-invalid={verdict.problems.some((p) => p.includes('InvalidAccessError'))}
          />
        </label>
        <datalist id="close-code-presets">
          {PRESETS.map((p) => (
            <option key={p.code} value={String(p.code)}>
              {p.label}
            </option>
          ))}
        </datalist>
        <label>
          Reason
          <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-describedby="reason-bytes" />
        </label>
        <span id="reason-bytes" class={verdict.reasonBytes > MAX_REASON_BYTES ? 'error' : 'muted'} aria-live="polite">
          {verdict.reasonBytes} / {MAX_REASON_BYTES} bytes
        </span>
      </div>
      <p class="rules">
        Scripts may send 1000 or 3000–4999
        {codeValue !== null && Number.isFinite(codeValue) ? ` (${Math.trunc(codeValue)}: ${closeCodeName(Math.trunc(codeValue))})` : ''}; the reason is at most
        123 UTF-8 bytes. An empty code field leaves the code out.
      </p>
      {verdict.problems.length > 0 && (
        <ul class="problems" role="alert">
          {verdict.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div class="close-lab-row">
        <button type="button" data-action="close" onClick={() => run({ action: 'close', code: codeValue, reason: reasonValue })}>
          {verdict.problems.length > 0 ? `Send anyway: ${closeLabel}` : closeLabel}
        </button>
        <button
          type="button"
          data-action="close-empty"
          onClick={() => run({ action: 'close', code: null, reason: null })}
          title="The peer sees 1005 (no status)"
        >
          close()
        </button>
        <button
          type="button"
          data-action="close-reason-only"
          onClick={() => run({ action: 'close', code: null, reason })}
          title="The browser sends 1000 with this reason"
        >
          close with reason only
        </button>
        {outcomeIn('close')}
      </div>
      {stream && (
        <>
          <div class="close-lab-row">
            <button type="button" data-action="writable.abort" onClick={() => run({ action: 'writable.abort', code: codeValue, reason: reasonValue })}>
              writable.abort(new WebSocketError(…))
            </button>
            <button type="button" data-action="readable.cancel" onClick={() => run({ action: 'readable.cancel', code: codeValue, reason: reasonValue })}>
              readable.cancel(new WebSocketError(…))
            </button>
            <button type="button" data-action="writer.close" onClick={() => run({ action: 'writer.close' })}>
              writer.close()
            </button>
            {outcomeIn('stream')}
          </div>
          <p class="rules">
            A WebSocketError carries the code and reason above to the server. Chromium rejects one whose code scripts may not send, and then the socket stays
            open. writer.close() closes with no code and waits for the closing handshake.
          </p>
        </>
      )}
      <div class="close-lab-row">
        <label>
          Message
          <textarea name="message" value={payload} onInput={(e) => setPayload(e.currentTarget.value)} rows={2} />
        </label>
        <label>
          As
          <select name="format" value={format} onChange={(e) => setFormat(e.currentTarget.value as PayloadFormat)}>
            <option value="text">text</option>
            <option value="hex">binary (hex)</option>
            <option value="base64">binary (base64)</option>
          </select>
        </label>
        <button type="button" data-action="send" onClick={() => sendPayload('send')}>
          Send to server
        </button>
        <button type="button" data-action="simulate" onClick={() => sendPayload('simulate')} title="Delivered to the page only; marked synthetic everywhere">
          Simulate incoming
        </button>
        {payloadError && (
          <span role="alert" class="error">
            {payloadError}
          </span>
        )}
        {outcomeIn('message')}
      </div>
    </section>
  )
}

/** The rows of buttons: an outcome is shown in the row of the button that caused it. */
type ButtonGroup = 'close' | 'stream' | 'message'

function groupOf(action: Command['action']): ButtonGroup {
  if (action === 'close') return 'close'
  if (action === 'send' || action === 'simulate') return 'message'
  return 'stream'
}

/** The last command sent to this connection (commands keep the order they were sent in). */
function lastCommandOf(commands: ReadonlyMap<string, SentCommand>, connectionId: string): { id: string; sent: SentCommand } | null {
  let last: { id: string; sent: SentCommand } | null = null
  for (const [id, sent] of commands) if (sent.connectionId === connectionId) last = { id, sent }
  return last
}

/** What happened to the last command, where the person is looking: the exception, or how the connection ended. */
function Outcome({ connection, commandId, sent }: { connection: Connection; commandId: string; sent: SentCommand }) {
  const result = connection.events.find((e): e is Extract<TabEvent, { kind: 'command-result' }> => e.kind === 'command-result' && e.commandId === commandId)
  const outcome = connection.outcome
  let text: string
  if (sent.failure) text = sentence(sent.failure)
  else if (!result) text = `${sent.command.action} sent; waiting for the page…`
  else if (result.error) text = `${sentence(`${result.action} threw ${result.error}`)} The connection is ${connection.status}.`
  else if (outcome && ['close', 'writer.close', 'writable.abort', 'readable.cancel'].includes(result.action)) {
    const request = connection.closeRequest
    const took = request ? ` in ${(outcome.time - request.time).toFixed(1)} ms` : ''
    text = sentence(`Closed${took}: ${describeClose(outcome, 'lab')}`)
  } else if (['close', 'writer.close', 'writable.abort', 'readable.cancel'].includes(result.action))
    text = `${result.action} went through; waiting for the closing handshake…`
  else text = `${result.action === 'send' ? 'Sent' : 'Delivered to the page (synthetic)'}.`
  return (
    <output class="outcome" data-command-id={commandId}>
      {text}
    </output>
  )
}
