import type { LossCounters } from '../../shared/protocol/index.ts'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Every way captured data can fail to reach this panel, counted; nothing is lost without saying so. */
export function LossBanner({ lost, rejectedHere }: { lost: LossCounters | null; rejectedHere: number }) {
  const lines = [
    lost?.cap ? `${plural(lost.cap, 'message', 'messages')} dropped (cap)` : '',
    lost?.capLifecycle ? `${plural(lost.capLifecycle, 'connection event', 'connection events')} dropped (cap)` : '',
    lost?.page ? `${plural(lost.page, 'event', 'events')} lost in the page (the extension never took its queue)` : '',
    lost?.relay ? `${plural(lost.relay, 'event', 'events')} dropped by the content script (background unreachable)` : '',
    lost?.malformed ? `${plural(lost.malformed, 'malformed event', 'malformed events')} rejected` : '',
    rejectedHere ? `${plural(rejectedHere, 'malformed update', 'malformed updates')} rejected by the panel` : '',
  ].filter(Boolean)
  if (lines.length === 0) return null
  return (
    <ul class="banner losses" role="status" aria-label="Dropped data">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  )
}
