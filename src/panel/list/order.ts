import type { Connection } from '../store/connections.ts'

/** What the connection list is sorted by; null keeps the order the connections were captured in. */
export interface ListSort {
  key: 'started' | 'id' | 'url'
  descending: boolean
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The connections in the order asked for; ties keep their start order, so reconnects of one URL sorted by
 * URL stand together oldest first.
 */
export function sortConnections(connections: readonly Connection[], sort: ListSort | null): Connection[] {
  if (!sort) return [...connections]
  const sign = sort.descending ? -1 : 1
  const byStart = (a: Connection, b: Connection) => a.createdAt - b.createdAt
  const by = {
    started: byStart,
    id: (a: Connection, b: Connection) => compareText(a.id, b.id) || byStart(a, b),
    url: (a: Connection, b: Connection) => compareText(a.url, b.url) || byStart(a, b),
  }[sort.key]
  return [...connections].sort((a, b) => sign * by(a, b))
}

/** A connection's place among the connections to its URL: attempt 2 of 3 is the first reconnect of three. */
export interface Attempt {
  attempt: number
  of: number
  /** Which of the URLs that were connected to more than once, in the order they first were: a colour to tell groups apart. */
  group: number
}

/** For each connection whose URL was connected to more than once, its attempt, by start time. */
export function reconnects(connections: readonly Connection[]): Map<string, Attempt> {
  const byUrl = new Map<string, Connection[]>()
  for (const c of [...connections].sort((a, b) => a.createdAt - b.createdAt)) {
    const same = byUrl.get(c.url)
    if (same) same.push(c)
    else byUrl.set(c.url, [c])
  }
  const attempts = new Map<string, Attempt>()
  let group = 0
  for (const same of byUrl.values()) {
    if (same.length < 2) continue
    for (const [i, c] of same.entries()) attempts.set(c.id, { attempt: i + 1, of: same.length, group })
    group++
  }
  return attempts
}

/**
 * A connection id short enough for a column: ids are `<frame prefix>-<counter>`, and the first four
 * characters of the prefix tell frames apart in practice; the full id is in the cell's title.
 */
export function shortId(id: string): string {
  const match = /^([a-z0-9]+)-(\d+)$/.exec(id)
  return match ? `${match[1]!.slice(0, 4)}-${match[2]}` : id.slice(0, 10)
}
