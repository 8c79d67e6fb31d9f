import { useMemo, useState } from 'preact/hooks'
import type { TabEvent } from '../../shared/protocol/index.ts'
import { contextOf, decodersFor } from '../decoders/index.ts'
import { formatBytes, formatClock } from '../format.ts'
import { describeEvent } from '../messages/describe-event.ts'
import type { Connection } from '../store/connections.ts'
import { CopyButton } from './CopyButton.tsx'
import { DecodedTree } from './DecodedTree.tsx'

interface Props {
  event: TabEvent | null
  /** The connection the event belongs to, which decoders may look at (its URL and subprotocol). */
  connection?: Connection | null
}

/** The selected timeline entry: a message in each view its decoders offer (JSON, text, hex, base64…); details for events. */
export function MessageDetail({ event, connection = null }: Props) {
  const [chosen, setChosen] = useState<string | null>(null)
  const message = event?.kind === 'message' ? event : null
  // A connection is a new object whenever it changes; decoders see only its URL and subprotocol.
  const url = connection?.url ?? ''
  const protocol = connection?.protocol ?? ''
  const views = useMemo(() => {
    if (!message || message.data === null) return []
    const payload = message.data
    const context = contextOf(message, url, protocol)
    return decodersFor(payload, context).map((decoder) => ({ decoder, decode: () => decoder.decode(payload, context) }))
  }, [message, url, protocol])
  const view = views.find((v) => v.decoder.id === chosen) ?? views[0]
  const decoded = useMemo(() => view?.decode() ?? null, [view])

  if (!event) return <p class="empty">Select a message to see its payload.</p>
  if (event.kind !== 'message')
    return (
      <section class="message-detail" aria-label="Message detail">
        <p>{describeEvent(event, connection?.api ?? null)}</p>
        {event.kind === 'connection' && event.stack && (
          <details open>
            <summary>Initiator</summary>
            <pre class="stack">{event.stack}</pre>
          </details>
        )}
      </section>
    )

  const data = event.data
  const kept = data === null ? 0 : typeof data === 'string' ? data.length : data.byteLength

  return (
    <section class="message-detail" aria-label="Message detail">
      <div class="detail-toolbar" role="tablist" aria-label="Payload view">
        {views.map(({ decoder }) => (
          <button key={decoder.id} type="button" role="tab" aria-selected={decoder === view?.decoder} onClick={() => setChosen(decoder.id)}>
            {decoder.label}
          </button>
        ))}
        <span class="detail-size">
          <time title="Absolute time of the message">{formatClock(event.time)}</time> · {event.binary ? 'binary' : 'text'} ·{' '}
          {event.size === null ? 'size unknown' : formatBytes(event.size)}
        </span>
      </div>
      {event.truncated && (
        <p class="notice" role="note">
          Only part of this payload was kept: the first {typeof data === 'string' ? `${kept.toLocaleString()} characters` : formatBytes(kept)}
          {event.size !== null && ` of ${formatBytes(event.size)}`}.
        </p>
      )}
      {data === null && (
        <p class="notice">The page sent a value the browser converts to text itself; reading it would run page code, so it was not captured.</p>
      )}
      {decoded && (
        <>
          {decoded.copy && <CopyButton text={decoded.copy.text} label={decoded.copy.label} />}
          <DecodedTree key={view!.decoder.id} node={decoded.tree} />
        </>
      )}
    </section>
  )
}
