// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import type { TabEvent } from '../../shared/protocol/index.ts'
import { MessageTable } from './MessageTable.tsx'

const rows: TabEvent[] = Array.from({ length: 100_000 }, (_, i) => ({
  kind: 'message',
  id: 'a',
  time: 1000 + i,
  direction: i % 2 ? 'received' : 'sent',
  binary: false,
  size: 6,
  data: `msg ${i}`,
  truncated: false,
  source: { kind: 'frame', frameId: 0 },
  seq: i + 1,
}))

describe('MessageTable', () => {
  it('renders only the rows in view out of 100,000', () => {
    const { container } = render(<MessageTable rows={rows} origin={1000} selectedSeq={null} onSelect={() => {}} pattern={null} />)
    const rendered = container.querySelectorAll('[role="row"]')
    expect(rendered.length).toBeGreaterThan(0)
    expect(rendered.length).toBeLessThan(100)
    expect(screen.getByRole('grid', { name: 'Messages' }).getAttribute('aria-rowcount')).toBe('100000')
  })

  it('shows rows further down after scrolling', () => {
    const { container } = render(<MessageTable rows={rows} origin={1000} selectedSeq={null} onSelect={() => {}} pattern={null} />)
    const grid = screen.getByRole('grid')
    grid.scrollTop = 50_000 * 20
    fireEvent.scroll(grid)
    expect(container.querySelector('[data-seq="50001"]')?.textContent).toContain('msg 50000')
    expect(container.querySelector('[data-seq="1"]')).toBeNull()
  })

  it('highlights matches as <mark> and renders markup in payloads as text', () => {
    const hostile: TabEvent[] = [{ ...rows[0]!, data: '<img src=x onerror=alert(1)> ping', seq: 1 } as TabEvent]
    const { container } = render(<MessageTable rows={hostile} origin={0} selectedSeq={null} onSelect={() => {}} pattern={/ping/i} />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('mark')?.textContent).toBe('ping')
    expect(container.querySelector('.preview')?.textContent).toBe('<img src=x onerror=alert(1)> ping')
  })

  it('moves the selection with the arrow keys and selects by click', () => {
    const onSelect = vi.fn()
    const { container } = render(<MessageTable rows={rows} origin={1000} selectedSeq={5} onSelect={onSelect} pattern={null} />)
    fireEvent.keyDown(screen.getByRole('grid'), { key: 'ArrowDown' })
    expect(onSelect).toHaveBeenLastCalledWith(6)
    fireEvent.keyDown(screen.getByRole('grid'), { key: 'Home' })
    expect(onSelect).toHaveBeenLastCalledWith(1)
    fireEvent.click(container.querySelector('[data-seq="3"]')!)
    expect(onSelect).toHaveBeenLastCalledWith(3)
  })
})
