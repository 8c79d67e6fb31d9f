import { useEffect, useState } from 'preact/hooks'
import type { Store } from '../store/store.ts'
import { ConnectionView } from './ConnectionView.tsx'
import { LossBanner } from './LossBanner.tsx'
import { PageLoads } from './PageLoads.tsx'
import { Toolbar } from './Toolbar.tsx'

/**
 * How long the link may be down before the panel says so. Re-docking DevTools, and a worker restart,
 * drop the panel's port; the bridge is subscribed again some 250 ms later (RECONNECT_DELAY_MS), and a
 * notice for that flashed for nothing. A link down for longer than this is worth saying.
 */
export const RECONNECT_NOTICE_DELAY_MS = 1_500

/** True once `condition` has held for `ms` without a break; false again as soon as it does not. */
function useLasting(condition: boolean, ms: number): boolean {
  const [lasted, setLasted] = useState(false)
  useEffect(() => {
    if (!condition) return setLasted(false)
    const timer = setTimeout(() => setLasted(true), ms)
    return () => clearTimeout(timer)
  }, [condition, ms])
  return condition && lasted
}

export function App({ store }: { store: Store }) {
  const reconnecting = useLasting(!store.connected.value && store.imported.value === null, RECONNECT_NOTICE_DELAY_MS)
  const errors = store.instrumentationErrors.value
  const held = store.heldWhilePaused.value
  return (
    <div class="app">
      <Toolbar store={store} />
      {store.imported.value !== null && (
        <div class="banner" role="status">
          Viewing the imported file {store.imported.value}.{' '}
          <button type="button" onClick={() => location.reload()}>
            Back to live capture
          </button>
        </div>
      )}
      {reconnecting && (
        <div class="banner" role="status">
          Reconnecting to the extension…
        </div>
      )}
      {store.paused.value && (
        <div class="banner" role="status">
          Capture view paused: {held.toLocaleString()} message{held === 1 ? '' : 's'} arrived meanwhile and will be shown on resume.
        </div>
      )}
      {errors.length > 0 && (
        <div class="banner" role="alert">
          {errors.length} instrumentation error{errors.length === 1 ? '' : 's'}; the page's sockets were left untouched.
        </div>
      )}
      <LossBanner lost={store.state.value?.lost ?? null} rejectedHere={store.rejected.value} capDrops={store.capDrops.value} />
      <div class="connections-pane">
        <PageLoads loads={store.loads.value} selectedId={store.selectedId.value} onSelect={store.select} />
      </div>
      <ConnectionView store={store} />
    </div>
  )
}
