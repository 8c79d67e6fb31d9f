import type { TabEvent } from '../../shared/protocol/index.ts'

/**
 * Events in arrival order, as a value that never changes: `append` makes a new list and leaves this one
 * as it was, so a signal holding a list is set anew whenever its events change, and nothing derived from
 * it can go stale. Lists made by appending share one array that only grows, so an append costs only
 * the events it adds, and `extends` tells at once whether a list begins with an earlier one's events
 * (the row filter then tests only the rest).
 */
export class EventList {
  /** Shared with the lists appended to this one; only its first `length` entries are this list's. */
  readonly #events: TabEvent[]
  readonly length: number

  private constructor(events: TabEvent[], length: number) {
    this.#events = events
    this.length = length
  }

  static of(events: readonly TabEvent[] = []): EventList {
    return new EventList(events.slice(), events.length)
  }

  append(events: readonly TabEvent[]): EventList {
    if (events.length === 0) return this
    // Appending to a list that is not the newest of its line must not change the newer ones' entries.
    const shared = this.length === this.#events.length ? this.#events : this.#events.slice(0, this.length)
    for (const event of events) shared.push(event)
    return new EventList(shared, shared.length)
  }

  /** Whether this list begins with every event of `earlier`, in order: it was made from it by appending. */
  extends(earlier: EventList): boolean {
    return this.#events === earlier.#events && this.length >= earlier.length
  }

  at(index: number): TabEvent | undefined {
    return index >= 0 && index < this.length ? this.#events[index] : undefined
  }

  find<T extends TabEvent>(test: (event: TabEvent) => event is T): T | undefined
  find(test: (event: TabEvent) => boolean): TabEvent | undefined
  find(test: (event: TabEvent) => boolean): TabEvent | undefined {
    for (let i = 0; i < this.length; i++) if (test(this.#events[i]!)) return this.#events[i]
    return undefined
  }

  filter(test: (event: TabEvent) => boolean, from = 0): TabEvent[] {
    const kept: TabEvent[] = []
    for (let i = from; i < this.length; i++) if (test(this.#events[i]!)) kept.push(this.#events[i]!)
    return kept
  }

  toArray(): TabEvent[] {
    return this.#events.slice(0, this.length)
  }
}
