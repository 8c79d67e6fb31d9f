import { useLayoutEffect, useRef, useState } from 'preact/hooks'

/** The least height either side keeps: the lab's first row above, the filter bar and a few rows below. */
const MIN_ABOVE = 40
const MIN_BELOW = 140
const STEP = 20

interface Props {
  label: string
  /** The new height of the element just before the splitter, in pixels, kept within the bounds. */
  onResize(height: number): void
}

/**
 * A horizontal split bar: drag it, or focus it and press the arrow keys, to give the element before it
 * (the facts and the close lab) more or less of the height its parent shares with what follows.
 */
export function Splitter({ label, onResize }: Props) {
  const bar = useRef<HTMLDivElement>(null)
  // The height above, for assistive technology (a focusable separator has a value): followed as it changes.
  const [shown, setShown] = useState(0)
  useLayoutEffect(() => {
    const above = bar.current?.previousElementSibling
    if (!above) return
    const observer = new ResizeObserver(() => setShown(Math.round(above.getBoundingClientRect().height)))
    observer.observe(above)
    return () => observer.disconnect()
  }, [])
  const clamp = (height: number) => {
    const above = bar.current?.previousElementSibling as HTMLElement | null
    const parent = bar.current?.parentElement
    if (!above || !parent) return height
    const available = parent.clientHeight - bar.current!.offsetHeight
    return Math.round(Math.max(MIN_ABOVE, Math.min(height, available - MIN_BELOW)))
  }
  const heightAbove = () => (bar.current?.previousElementSibling as HTMLElement | null)?.getBoundingClientRect().height ?? 0

  const onPointerDown = (e: PointerEvent) => {
    const element = e.currentTarget as HTMLDivElement
    const startY = e.clientY
    const start = heightAbove()
    // Preventing the pointer's default below also prevents the focus a press gives; the keys need it.
    element.focus()
    element.setPointerCapture(e.pointerId)
    const move = (m: PointerEvent) => onResize(clamp(start + m.clientY - startY))
    const end = () => {
      element.removeEventListener('pointermove', move)
      element.removeEventListener('pointerup', end)
      element.removeEventListener('pointercancel', end)
    }
    element.addEventListener('pointermove', move)
    element.addEventListener('pointerup', end)
    element.addEventListener('pointercancel', end)
    e.preventDefault()
  }
  const onKeyDown = (e: KeyboardEvent) => {
    const delta = { ArrowUp: -STEP, ArrowDown: STEP }[e.key]
    if (delta === undefined) return
    e.preventDefault()
    onResize(clamp(heightAbove() + delta))
  }
  return (
    <div
      ref={bar}
      class="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={label}
      aria-valuenow={shown}
      aria-valuemin={MIN_ABOVE}
      aria-valuetext={`${shown} pixels above the timeline`}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
