import { useEffect, useState } from 'preact/hooks'
import { describeClose } from '../close-outcome.ts'
import { closeInitiator, type Connection } from '../store/connections.ts'
import type { Store } from '../store/store.ts'
import { CloseLab } from './CloseLab.tsx'
import { FilterBar } from './FilterBar.tsx'
import { MessageDetail } from './MessageDetail.tsx'
import { MessageTable } from './MessageTable.tsx'
import { Splitter } from './Splitter.tsx'
import { TrafficCounts } from './TrafficCounts.tsx'

/** The views of a selected connection, one tab each. */
export type ConnectionViewId = 'messages' | 'close-lab'

interface ViewProps {
  store: Store
  connection: Connection
}

/**
 * Each view's tab, in this order, and what it shows above the connection's timeline: the timeline stays
 * where it is (its scroll position, its selected entry) while the tabs change. Messages is the timeline alone.
 */
const VIEWS: { [id in ConnectionViewId]: { label: string; Above: ((props: ViewProps) => preact.JSX.Element) | null } } = {
  messages: { label: 'Messages', Above: null },
  'close-lab': { label: 'Close lab', Above: CloseLabView },
}

/** The key that leads back to "All connections": Escape belongs to DevTools (Chrome's drawer, Firefox's split console). */
const BACK_KEY = 'Backspace'

/** Whether a key pressed there is typing, not a command to the panel. */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** The selected connection (or all of them): its facts, its views, its filtered timeline, and the selected entry. */
export function ConnectionView({ store }: { store: Store }) {
  const [view, setView] = useState<ConnectionViewId>('messages')
  const [factsOpen, setFactsOpen] = useState(true)
  // The height the person gave the facts and the view above the timeline; null until they drag it.
  const [topHeight, setTopHeight] = useState<number | null>(null)
  const connection = store.selected.value
  const rows = store.rows.value
  const origin = connection?.createdAt ?? rows[0]?.time ?? 0
  const entry = store.selectedEntry.value
  const Above = VIEWS[view].Above
  const selected = connection !== null
  useEffect(() => {
    if (!selected) return
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== BACK_KEY || e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return
      e.preventDefault()
      store.select(null)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [selected, store])
  return (
    <section class="detail" aria-label="Timeline">
      <div class="detail-top" style={topHeight === null ? undefined : { height: `${topHeight}px`, maxHeight: 'none' }}>
        {connection ? (
          <>
            <div class="detail-nav">
              <button
                type="button"
                class="back"
                onClick={() => store.select(null)}
                aria-keyshortcuts={BACK_KEY}
                title={`Back to all connections (${BACK_KEY})`}
              >
                ← All connections
              </button>
              <div class="view-tabs" role="tablist" aria-label="Connection view">
                {(Object.keys(VIEWS) as ConnectionViewId[]).map((id) => (
                  <button key={id} type="button" role="tab" aria-selected={id === view} onClick={() => setView(id)}>
                    {VIEWS[id].label}
                  </button>
                ))}
              </div>
            </div>
            <ConnectionFacts connection={connection} open={factsOpen} onToggle={setFactsOpen} />
            {Above && <Above store={store} connection={connection} />}
          </>
        ) : (
          <h2 class="facts">All connections</h2>
        )}
      </div>
      {connection && <Splitter label="Resize the facts and the timeline" onResize={setTopHeight} />}
      <FilterBar
        filter={store.filter.value}
        error={store.compiled.value.error}
        shown={rows.length}
        total={store.total.value}
        onChange={(f) => (store.filter.value = f)}
      />
      <div class="timeline-split">
        <MessageTable
          rows={rows}
          origin={origin}
          selectedSeq={store.selectedSeq.value}
          onSelect={store.selectEntry}
          pattern={store.compiled.value.pattern}
          apiOf={(id) => store.connections.value.get(id)?.api ?? null}
        />
        <MessageDetail event={entry} connection={entry && 'id' in entry ? (store.connections.value.get(entry.id) ?? null) : null} />
      </div>
    </section>
  )
}

function CloseLabView({ store, connection }: ViewProps) {
  return <CloseLab connection={connection} commands={store.commands.value} onCommand={(command) => store.sendCommand(connection, command)} />
}

/** The connection's facts, which fold away to their URL to leave the height to the lab and the timeline. */
function ConnectionFacts({ connection, open, onToggle }: { connection: Connection; open: boolean; onToggle(open: boolean): void }) {
  const outcome = connection.outcome
  return (
    <details class="facts" open={open} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <h2 class="url">{connection.url}</h2>
      </summary>
      <dl>
        <dt>API</dt>
        <dd>{connection.api}</dd>
        <dt>Frame</dt>
        <dd>{connection.frameUrl}</dd>
        <dt>Sent</dt>
        <dd class="traffic">
          <TrafficCounts total={connection.sent} kept={connection.kept.sent} long />
        </dd>
        <dt>Received</dt>
        <dd class="traffic">
          <TrafficCounts total={connection.received} kept={connection.kept.received} long />
        </dd>
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
    </details>
  )
}
