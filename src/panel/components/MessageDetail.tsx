import { useState } from 'preact/hooks'
import { bytesToBase64 } from '../../shared/base64.ts'
import type { TabEvent } from '../../shared/protocol.ts'
import { formatBytes, formatClock } from '../format.ts'
import { describeEvent } from '../messages/describe-event.ts'
import { hexdump, hexString } from '../messages/hexdump.ts'
import { CopyButton } from './CopyButton.tsx'
import { JsonTree, parseJson } from './JsonTree.tsx'

type View = 'text' | 'json' | 'hex' | 'base64'
const HEX_LINES = 4096

/** The selected timeline entry: text, JSON tree, hex dump or base64 for messages; details for events. */
export function MessageDetail({ event }: { event: TabEvent | null }) {
  const [chosen, setChosen] = useState<View | null>(null)
  if (!event) return <p class="empty">Select a message to see its payload.</p>
  if (event.kind !== 'message')
    return (
      <section class="message-detail" aria-label="Message detail">
        <p>{describeEvent(event)}</p>
        {event.kind === 'connection' && event.stack && (
          <details open>
            <summary>Initiator</summary>
            <pre class="stack">{event.stack}</pre>
          </details>
        )}
      </section>
    )

  const data = event.data
  const json = typeof data === 'string' ? parseJson(data) : null
  const views: View[] = typeof data === 'string' ? (json ? ['json', 'text'] : ['text']) : data ? ['hex', 'base64'] : []
  const view = chosen && views.includes(chosen) ? chosen : views[0]
  const kept = data === null ? 0 : typeof data === 'string' ? data.length : data.byteLength

  return (
    <section class="message-detail" aria-label="Message detail">
      <div class="detail-toolbar" role="tablist" aria-label="Payload view">
        {views.map((v) => (
          <button key={v} type="button" role="tab" aria-selected={v === view} onClick={() => setChosen(v)}>
            {{ text: 'Text', json: 'JSON', hex: 'Hex', base64: 'Base64' }[v]}
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
      {typeof data === 'string' && view === 'text' && (
        <>
          <CopyButton text={data} label="Copy text" />
          <pre class="payload">{data}</pre>
        </>
      )}
      {json && view === 'json' && (
        <>
          <CopyButton text={data as string} label="Copy JSON" />
          <JsonTree value={json.value} />
        </>
      )}
      {data !== null && typeof data !== 'string' && view === 'hex' && <HexView bytes={data} />}
      {data !== null && typeof data !== 'string' && view === 'base64' && <Base64View bytes={data} />}
    </section>
  )
}

function HexView({ bytes }: { bytes: Uint8Array }) {
  const lines = hexdump(bytes, HEX_LINES)
  return (
    <>
      <CopyButton text={hexString(bytes)} label="Copy hex" />
      <pre class="payload hexdump" role="figure" aria-label="Hex dump">
        {lines.map((l) => `${l.offset}  ${l.hex.padEnd(49)}  ${l.ascii}`).join('\n')}
        {bytes.byteLength > HEX_LINES * 16 && `\n… ${formatBytes(bytes.byteLength - HEX_LINES * 16)} more (use Copy hex or Base64)`}
      </pre>
    </>
  )
}

function Base64View({ bytes }: { bytes: Uint8Array }) {
  const text = bytesToBase64(bytes)
  return (
    <>
      <CopyButton text={text} label="Copy base64" />
      <pre class="payload base64">{text}</pre>
    </>
  )
}
