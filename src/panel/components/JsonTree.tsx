import { useState } from 'preact/hooks'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Parses text as JSON; null when it is not JSON (a plain string is not worth a tree). */
export function parseJson(text: string): { value: Json } | null {
  const trimmed = text.trimStart()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null
  try {
    return { value: JSON.parse(text) as Json }
  } catch {
    return null
  }
}

/** A collapsible JSON tree; children render only when opened, so huge documents stay cheap. */
export function JsonTree({ value, name, open = true }: { value: Json; name?: string; open?: boolean }) {
  const [expanded, setExpanded] = useState(open)
  const label = name === undefined ? null : <span class="json-key">{name}: </span>
  if (value === null || typeof value !== 'object')
    return (
      <div class="json-leaf">
        {label}
        <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    )
  const entries: Array<[string, Json]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value)
  const summary = Array.isArray(value) ? `Array(${value.length})` : `{${entries.length} keys}`
  return (
    <div class="json-node">
      <button type="button" class="json-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? '▾' : '▸'} {label}
        {summary}
      </button>
      {expanded && (
        <div class="json-children">
          {entries.map(([k, v]) => (
            <JsonTree key={k} name={k} value={v} open={false} />
          ))}
        </div>
      )}
    </div>
  )
}
