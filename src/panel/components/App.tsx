import type { Store } from '../store/store.ts'
import { ConnectionDetail } from './ConnectionDetail.tsx'
import { ConnectionList } from './ConnectionList.tsx'

export function App({ store }: { store: Store }) {
  const errors = store.instrumentationErrors.value
  return (
    <div class="app">
      {!store.connected.value && <div class="banner" role="status">Reconnecting to the extension…</div>}
      {errors.length > 0 && (
        <div class="banner" role="alert">
          {errors.length} instrumentation error{errors.length === 1 ? '' : 's'}; the page's sockets were left untouched.
        </div>
      )}
      <ConnectionList connections={store.list.value} selectedId={store.selectedId.value} onSelect={store.select} />
      <ConnectionDetail connection={store.selected.value} />
    </div>
  )
}
