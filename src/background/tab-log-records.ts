/**
 * Which stored message records (one per commit, keyed by the seq of its last message) still hold messages,
 * so that what the cap drops leaves IndexedDB too. The cap drops from one connection at a time, so it cuts
 * holes into records rather than whole records off the front: a record is deleted when nothing in it is
 * held, and written again with what is held once half of it is dropped. Stored messages therefore stay
 * within twice the held ones, and each message is rewritten at most about once on average.
 */
export class StoredRecords {
  /** Ascending keys; record i holds the seqs above keys[i - 1] up to keys[i]. */
  private keys: number[] = []
  private stored: number[] = []
  private held: number[] = []
  private stale = new Set<number>()

  add(key: number, stored: number, held: number): void {
    this.keys.push(key)
    this.stored.push(stored)
    this.held.push(held)
    this.check(this.keys.length - 1)
  }

  /** A held message was dropped; messages not yet in a record need no bookkeeping. */
  dropped(seq: number): void {
    let lo = 0
    let hi = this.keys.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.keys[mid]! < seq) lo = mid + 1
      else hi = mid
    }
    if (lo === this.keys.length) return
    this.held[lo]!--
    this.check(lo)
  }

  /**
   * The records to delete and those to write again, each with the seqs it spans (after < seq <= key);
   * `survivors` gives the held messages of a span. Afterwards the rewritten records hold only those.
   */
  take<T>(survivors: (after: number, upTo: number) => T[]): { deleted: number[]; rewritten: Array<{ key: number; entries: T[] }> } {
    const deleted: number[] = []
    const rewritten: Array<{ key: number; entries: T[] }> = []
    if (this.stale.size === 0) return { deleted, rewritten }
    const keys: number[] = []
    const stored: number[] = []
    const held: number[] = []
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!
      if (this.stale.has(key) && this.held[i] === 0) {
        deleted.push(key)
        continue
      }
      if (this.stale.has(key)) rewritten.push({ key, entries: survivors(this.keys[i - 1] ?? 0, key) })
      keys.push(key)
      stored.push(this.stale.has(key) ? this.held[i]! : this.stored[i]!)
      held.push(this.held[i]!)
    }
    this.keys = keys
    this.stored = stored
    this.held = held
    this.stale.clear()
    return { deleted, rewritten }
  }

  clear(): void {
    this.keys = []
    this.stored = []
    this.held = []
    this.stale.clear()
  }

  private check(i: number): void {
    if (this.held[i]! * 2 <= this.stored[i]! && this.held[i]! < this.stored[i]!) this.stale.add(this.keys[i]!)
  }
}
