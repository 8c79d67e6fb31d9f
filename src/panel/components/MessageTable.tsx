import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Api, TabEvent } from '../../shared/protocol/index.ts'
import { preview } from '../decoders/index.ts'
import { formatBytes, formatClock, formatTime } from '../format.ts'
import { describeEvent } from '../messages/describe-event.ts'
import { Highlighted } from './Highlighted.tsx'

export const ROW_HEIGHT = 20
const OVERSCAN = 10

interface Props {
  rows: TabEvent[]
  /** Times are shown relative to this (the connection's creation), and absolute on hover. */
  origin: number
  selectedSeq: number | null
  onSelect(seq: number): void
  pattern: RegExp | null
  /** The API of a connection the panel holds, which says in what form its close calls were made. */
  apiOf?(id: string): Api | null
}

/**
 * The message timeline, virtualised: only the rows in view (plus a few) are in the DOM, so 100,000
 * messages scroll like 100. Arrow keys, Home and End move the selection.
 */
export function MessageTable({ rows, origin, selectedSeq, onSelect, pattern, apiOf = () => null }: Props) {
  const viewport = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)

  useLayoutEffect(() => {
    const element = viewport.current
    if (!element) return
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 400))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  const selectedIndex = selectedSeq === null ? -1 : rows.findIndex((r) => r.seq === selectedSeq)
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN)

  const move = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index))
    const row = rows[clamped]
    if (!row) return
    onSelect(row.seq)
    const element = viewport.current
    if (!element) return
    const top = clamped * ROW_HEIGHT
    if (top < element.scrollTop) element.scrollTop = top
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1)
    const target = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      PageDown: selectedIndex + page,
      PageUp: selectedIndex - page,
      Home: 0,
      End: rows.length - 1,
    }[e.key]
    if (target === undefined) return
    e.preventDefault()
    move(target)
  }

  return (
    <div
      class="message-table"
      role="grid"
      aria-label="Messages"
      aria-rowcount={rows.length}
      tabIndex={0}
      ref={viewport}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
        {rows.slice(first, last).map((row, i) => {
          const index = first + i
          return (
            <div
              key={row.seq}
              role="row"
              aria-rowindex={index + 1}
              aria-selected={row.seq === selectedSeq}
              data-seq={row.seq}
              class={`row ${row.kind === 'message' ? row.direction : 'event'} ${row.kind}${row.seq === selectedSeq ? ' selected' : ''}`}
              style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
              onClick={() => onSelect(row.seq)}
            >
              <span role="gridcell" class="time" title={formatClock(row.time)}>
                {formatTime(row.time - origin)}
              </span>
              <span role="gridcell" class="direction" aria-label={row.kind === 'message' ? row.direction : 'event'}>
                {row.kind === 'message' ? (row.direction === 'sent' ? '↑' : '↓') : '•'}
              </span>
              <span role="gridcell" class="type">
                {row.kind === 'message' ? (row.binary ? 'binary' : 'text') : row.kind}
                {'origin' in row && row.origin && <span class={`origin ${row.origin}`}>{row.origin === 'synthetic' ? 'synthetic' : 'DevTools'}</span>}
              </span>
              <span role="gridcell" class="size">
                {row.kind === 'message' ? (row.size === null ? '?' : formatBytes(row.size)) : ''}
              </span>
              <Preview row={row} pattern={pattern} apiOf={apiOf} />
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** A row's payload or event on one line; binary shown as its text says so before the text. */
function Preview({ row, pattern, apiOf }: { row: TabEvent; pattern: RegExp | null; apiOf(id: string): Api | null }) {
  if (row.kind !== 'message')
    return (
      <span role="gridcell" class="preview">
        <Highlighted text={describeEvent(row, 'id' in row ? apiOf(row.id) : null)} pattern={pattern} />
      </span>
    )
  const shown = preview(row.data)
  return (
    <span role="gridcell" class="preview">
      {shown.binaryAsText && (
        <span class="as-text" title="Binary message shown as its UTF-8 text; select it for Hex">
          UTF-8
        </span>
      )}
      <Highlighted text={shown.text} pattern={pattern} />
    </span>
  )
}
