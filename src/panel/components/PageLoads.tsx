import type { PageLoad } from '../store/loads.ts'
import { ConnectionList } from './ConnectionList.tsx'

interface Props {
  loads: PageLoad[]
  selectedId: string | null
  onSelect(id: string): void
}

/** The connection list, split by the navigations kept with "Preserve log". */
export function PageLoads({ loads, selectedId, onSelect }: Props) {
  if (loads.length === 1) return <ConnectionList connections={loads[0]!.connections} selectedId={selectedId} onSelect={onSelect} />
  return (
    <>
      {loads.map((load) => (
        <section key={load.marker?.seq ?? 0} class="page-load">
          {load.marker && (
            <div class="navigation-marker" role="separator" data-seq={load.marker.seq}>
              Navigated to {load.marker.url}
            </div>
          )}
          {load.connections.length > 0 && <ConnectionList connections={load.connections} selectedId={selectedId} onSelect={onSelect} />}
        </section>
      ))}
    </>
  )
}
