import type { MessageFilter } from '../messages/filter.ts'

interface Props {
  filter: MessageFilter
  error: string | null
  shown: number
  total: number
  onChange(filter: MessageFilter): void
}

const TOGGLES: Array<[keyof MessageFilter, string]> = [
  ['sent', 'Sent'],
  ['received', 'Received'],
  ['text', 'Text'],
  ['binary', 'Binary'],
  ['events', 'Events'],
]

/** Direction, type and text or /regex/ filters for the message table; they combine. */
export function FilterBar({ filter, error, shown, total, onChange }: Props) {
  return (
    <div class="filter-bar" role="search">
      <input
        type="search"
        name="filter"
        aria-label="Filter"
        placeholder="Filter (text or /regex/)"
        value={filter.query}
        aria-invalid={error !== null}
        onInput={(e) => onChange({ ...filter, query: (e.currentTarget as HTMLInputElement).value })}
      />
      <label>
        <input type="checkbox" name="invert" checked={filter.invert} onChange={() => onChange({ ...filter, invert: !filter.invert })} />
        Invert
      </label>
      {TOGGLES.map(([key, label]) => (
        <label key={key}>
          <input type="checkbox" name={key} checked={filter[key] as boolean} onChange={() => onChange({ ...filter, [key]: !filter[key] })} />
          {label}
        </label>
      ))}
      <span class="filter-count" aria-live="polite">
        {error ? <span role="alert">Invalid regular expression: {error}</span> : `${shown.toLocaleString()} of ${total.toLocaleString()}`}
      </span>
    </div>
  )
}
