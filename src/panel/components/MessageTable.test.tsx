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

  it('shows a heartbeat as ␊ and a NUL terminator as ␀, and marks printable binary shown as text', () => {
    const message = rows[0] as Extract<TabEvent, { kind: 'message' }>
    const stomp: TabEvent[] = [
      { ...message, data: '\n', size: 1, seq: 1 },
      { ...message, data: 'MESSAGE\n\nbody\u0000', seq: 2 },
      { ...message, binary: true, data: new TextEncoder().encode('{"ok":true}'), seq: 3 },
      { ...message, binary: true, data: new Uint8Array([0xde, 0xad]), seq: 4 },
    ]
    const { container } = render(<MessageTable rows={stomp} origin={0} selectedSeq={null} onSelect={() => {}} pattern={null} />)
    const preview = (seq: number) => container.querySelector(`[data-seq="${seq}"] .preview`)!
    expect(preview(1).textContent).toBe('␊')
    expect(preview(2).textContent).toBe('MESSAGE␊␊body␀')
    expect(preview(3).querySelector('.as-text')?.textContent).toBe('UTF-8')
    expect(preview(3).textContent).toBe('UTF-8{"ok":true}')
    expect(preview(4).querySelector('.as-text')).toBeNull()
    expect(preview(4).textContent).toBe('de ad')
  })

  it('logs a close call in the form it was made: positional for WebSocket, a dictionary for WebSocketStream', () => {
    const call = (id: string, seq: number, code: number | null, reason: string | null): TabEvent =>
      ({ kind: 'close-call', id, time: 0, via: 'close', code, reason, error: null, source: { kind: 'frame', frameId: 0 }, seq }) as TabEvent
    const calls = [call('ws', 1, 4321, 'bye'), call('wss', 2, 4321, 'bye'), call('wss', 3, null, 'r'), call('ws', 4, null, 'r'), call('wss', 5, null, null)]
    const apis: Record<string, 'WebSocket' | 'WebSocketStream'> = { ws: 'WebSocket', wss: 'WebSocketStream' }
    const { container } = render(
      <MessageTable rows={calls} origin={0} selectedSeq={null} onSelect={() => {}} pattern={null} apiOf={(id) => apis[id] ?? null} />,
    )
    expect([...container.querySelectorAll('.preview')].map((p) => p.textContent)).toEqual([
      'close(4321, "bye")',
      'close({ closeCode: 4321, reason: "bye" })',
      'close({ reason: "r" })',
      'close(undefined, "r")',
      'close()',
    ])
  })
})
