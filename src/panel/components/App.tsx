import type { Store } from '../store/store.ts'
import { ConnectionDetail } from './ConnectionDetail.tsx'
import { LossBanner } from './LossBanner.tsx'
import { PageLoads } from './PageLoads.tsx'
import { Toolbar } from './Toolbar.tsx'

export function App({ store }: { store: Store }) {
  const errors = store.instrumentationErrors.value
  return (
    <div class="app">
      <Toolbar store={store} />
      {!store.connected.value && <div class="banner" role="status">Reconnecting to the extension…</div>}
      {errors.length > 0 && (
        <div class="banner" role="alert">
          {errors.length} instrumentation error{errors.length === 1 ? '' : 's'}; the page's sockets were left untouched.
        </div>
      )}
      <LossBanner lost={store.state.value?.lost ?? null} rejectedHere={store.rejected.value} />
      <PageLoads loads={store.loads.value} selectedId={store.selectedId.value} onSelect={store.select} />
      <ConnectionDetail connection={store.selected.value} />
    </div>
  )
}
