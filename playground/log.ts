export interface ServerLogEntry {
  time: number
  /** Increments per upgrade request, rejected ones included. */
  connection: number
  /** The request path without its leading slash, e.g. "echo". */
  scenario: string
  event: 'open' | 'message' | 'close' | 'error' | 'rejected'
  /* open and rejected: */
  url?: string
  protocols?: string[]
  /* open: what was negotiated */
  protocol?: string
  extensions?: string
  /* rejected: */
  status?: number
  /* rejected and error: */
  error?: string
  /* message: */
  binary?: boolean
  size?: number
  text?: string
  hex?: string
  /* close: */
  code?: number
  reason?: string
  wasClean?: boolean
}

export const MAX_LOG_ENTRIES = 10_000

type Listener = (entry: ServerLogEntry | 'clear') => void

export class ServerLog {
  /** Mutated in place, so a reference handed out earlier stays current. */
  readonly entries: ServerLogEntry[] = []
  dropped = 0
  private readonly listeners = new Set<Listener>()

  add(entry: ServerLogEntry): void {
    this.entries.push(entry)
    if (this.entries.length > MAX_LOG_ENTRIES) {
      this.entries.shift()
      this.dropped++
    }
    for (const listener of this.listeners) listener(entry)
  }

  clear(): void {
    this.entries.length = 0
    this.dropped = 0
    for (const listener of this.listeners) listener('clear')
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves with the first matching entry, looking at entries already logged before waiting for new ones. */
  waitFor(predicate: (e: ServerLogEntry) => boolean, timeoutMs = 5000): Promise<ServerLogEntry> {
    const found = this.entries.find(predicate)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe()
        const recent = JSON.stringify(this.entries.slice(-5))
        reject(new Error(`No matching server log entry within ${timeoutMs} ms; last entries: ${recent}`))
      }, timeoutMs)
      const unsubscribe = this.subscribe((entry) => {
        if (entry === 'clear' || !predicate(entry)) return
        clearTimeout(timer)
        unsubscribe()
        resolve(entry)
      })
    })
  }
}

const TEXT_LIMIT = 1000
const HEX_LIMIT = 64

/** The loggable summary of one received message. */
export function describeMessage(data: Buffer, binary: boolean): Pick<ServerLogEntry, 'binary' | 'size' | 'text' | 'hex'> {
  return binary
    ? { binary, size: data.length, hex: data.subarray(0, HEX_LIMIT).toString('hex') }
    : // A UTF-8 character takes at most 4 bytes, so decoding more of a huge message cannot change the result.
      { binary, size: data.length, text: data.toString('utf8', 0, 4 * TEXT_LIMIT).slice(0, TEXT_LIMIT) }
}
