import type { NavigationMarker } from '../../shared/protocol/index.ts'
import type { Connection } from './connections.ts'

export interface PageLoad {
  /** The navigation that started this load; null for the first load held. */
  marker: NavigationMarker | null
  connections: Connection[]
}

/** Splits connections (in creation order) at the navigation markers kept by "Preserve log". */
export function groupByLoad(connections: readonly Connection[], markers: readonly NavigationMarker[]): PageLoad[] {
  const loads: PageLoad[] = [{ marker: null, connections: [] }]
  for (const marker of markers) loads.push({ marker, connections: [] })
  let load = 0
  for (const connection of connections) {
    const seq = connection.events.at(0)?.seq ?? 0
    while (load + 1 < loads.length && loads[load + 1]!.marker!.seq < seq) load++
    loads[load]!.connections.push(connection)
  }
  return loads
}
