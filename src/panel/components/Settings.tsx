import { useState } from 'preact/hooks'
import { LIMITS_RANGE, type Limits } from '../../shared/protocol/index.ts'

const MB = 1024 * 1024

/** The per-tab cap. Past it the background drops the oldest messages and counts them. */
export function Settings({ limits, onSave }: { limits: Limits; onSave(limits: Limits): void }) {
  const [messages, setMessages] = useState(String(limits.maxMessages))
  const [megabytes, setMegabytes] = useState(String(limits.maxPayloadBytes / MB))
  const [min, max] = LIMITS_RANGE.maxMessages
  const [minBytes, maxBytes] = LIMITS_RANGE.maxPayloadBytes
  return (
    <form
      class="settings"
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault()
        onSave({ maxMessages: Number(messages), maxPayloadBytes: Math.round(Number(megabytes) * MB) })
      }}
    >
      <label>
        Maximum messages per tab
        <input type="number" required min={min} max={max} step={1} value={messages} onInput={(e) => setMessages(e.currentTarget.value)} />
      </label>
      <label>
        Maximum payload megabytes per tab
        <input type="number" required min={minBytes / MB} max={maxBytes / MB} step={1} value={megabytes} onInput={(e) => setMegabytes(e.currentTarget.value)} />
      </label>
      <button type="submit">Apply</button>
    </form>
  )
}
