import { useState } from 'preact/hooks'
import { describeClose } from '../close-outcome.ts'
import type { Store } from '../store/store.ts'
import { closeInitiator, type Connection } from '../store/connections.ts'
import { CloseLab } from './CloseLab.tsx'
import { FilterBar } from './FilterBar.tsx'
import { MessageDetail } from './MessageDetail.tsx'
import { MessageTable } from './MessageTable.tsx'

/** The selected connection (or all of them): its facts, its filtered timeline, and the selected entry. */
export function ConnectionView({ store }: { store: Store }) {
  const [lab, setLab] = useState(false)
  const connection = store.selected.value
  const rows = store.rows.value
  const origin = connection?.createdAt ?? rows[0]?.time ?? 0
  const entry = store.selectedEntry.value
  return (
    <section class="detail" aria-label="Timeline">
      {connection ? <ConnectionFacts connection={connection} /> : <h2 class="facts">All connections</h2>}
      {connection && (
        <div class="view-tabs" role="tablist" aria-label="Connection view">
          <button type="button" role="tab" aria-selected={!lab} onClick={() => setLab(false)}>
            Messages
          </button>
          <button type="button" role="tab" aria-selected={lab} onClick={() => setLab(true)}>
            Close lab
          </button>
        </div>
      )}
      {connection && lab && (
        <CloseLab connection={connection} commands={store.commands.value} onCommand={(command) => store.sendCommand(connection, command)} />
      )}
      <FilterBar
        filter={store.filter.value}
        error={store.compiled.value.error}
        shown={rows.length}
        total={store.total.value}
        onChange={(f) => (store.filter.value = f)}
      />
      <div class="timeline-split">
        <MessageTable rows={rows} origin={origin} selectedSeq={store.selectedSeq.value} onSelect={store.selectEntry} pattern={store.compiled.value.pattern} />
        <MessageDetail event={entry} connection={entry && 'id' in entry ? (store.connections.value.get(entry.id) ?? null) : null} />
      </div>
    </section>
  )
}

function ConnectionFacts({ connection }: { connection: Connection }) {
  const outcome = connection.outcome
  return (
    <div class="facts">
      <h2 class="url">{connection.url}</h2>
      <dl>
        <dt>API</dt>
        <dd>{connection.api}</dd>
        <dt>Frame</dt>
        <dd>{connection.frameUrl}</dd>
        {connection.protocol && (
          <>
            <dt>Protocol</dt>
            <dd>{connection.protocol}</dd>
          </>
        )}
        {connection.extensions && (
          <>
            <dt>Extensions</dt>
            <dd>{connection.extensions}</dd>
          </>
        )}
        {connection.handshakeError && (
          <>
            <dt>Handshake</dt>
            <dd>{connection.handshakeError}</dd>
          </>
        )}
        {outcome && (
          <>
            <dt>Closed</dt>
            <dd class="outcome">{describeClose(outcome, 'facts', closeInitiator(connection))}</dd>
          </>
        )}
      </dl>
      {connection.stack && (
        <details class="initiator">
          <summary>Initiator</summary>
          <pre class="stack">{connection.stack}</pre>
        </details>
      )}
    </div>
  )
}
