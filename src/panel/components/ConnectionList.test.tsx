// @vitest-environment happy-dom
import { act, fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import type { TabEvent } from '../../shared/protocol/index.ts'
import { formatClock } from '../format.ts'
import { applyEvents, withNotKept, type Connection } from '../store/connections.ts'
import { ConnectionList } from './ConnectionList.tsx'

function connection(url: string, id = 'x-1', more: Array<Partial<TabEvent>> = [], frame = { frameId: 0, frameUrl: '' }): Connection {
  const source = { kind: 'frame', frameId: frame.frameId } as const
  const event = {
    kind: 'connection',
    id,
    api: 'WebSocketStream',
    time: 1000,
    url,
    resolvedUrl: url,
    protocols: [],
    stack: '',
    seq: 1,
    frameUrl: frame.frameUrl,
    source,
  } as TabEvent
  return applyEvents(new Map(), [event, ...more.map((e, i) => ({ id, source, seq: i + 2, ...e }) as TabEvent)]).connections.get(id)!
}

describe('ConnectionList', () => {
  it('says so when there is nothing yet', () => {
    render(<ConnectionList connections={[]} selectedId={null} onSelect={() => {}} />)
    expect(screen.getByTestId('no-connections').textContent).toMatch(/No WebSocket or WebSocketStream connections yet/)
  })

  it('renders page-controlled urls as text, never as markup', () => {
    const url = 'ws://h/<img src=x onerror="globalThis.pwned=1">'
    const { container } = render(<ConnectionList connections={[connection(url)]} selectedId={null} onSelect={() => {}} />)
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('td.url')!.textContent).toBe(url)
  })

  it('selects a connection by click and by Enter', () => {
    const onSelect = vi.fn()
    render(<ConnectionList connections={[connection('ws://h/a')]} selectedId={null} onSelect={onSelect} />)
    const row = screen.getByRole('row', { name: /ws:\/\/h\/a/ })
    fireEvent.click(row)
    fireEvent.keyDown(row, { key: 'Enter' })
    expect(onSelect).toHaveBeenCalledTimes(2)
    expect(onSelect).toHaveBeenCalledWith('x-1')
  })

  it('selects with Space and moves between rows with the arrow keys', () => {
    const onSelect = vi.fn()
    const { container } = render(
      <ConnectionList connections={[connection('ws://h/a', 'a'), connection('ws://h/b', 'b')]} selectedId={null} onSelect={onSelect} />,
    )
    const [first, second] = container.querySelectorAll<HTMLElement>('tr[data-connection-id]')
    fireEvent.keyDown(first!, { key: ' ' })
    expect(onSelect).toHaveBeenLastCalledWith('a')
    fireEvent.keyDown(first!, { key: 'ArrowDown' })
    expect(onSelect).toHaveBeenLastCalledWith('b')
    expect(document.activeElement).toBe(second)
    fireEvent.keyDown(second!, { key: 'ArrowUp' })
    expect(onSelect).toHaveBeenLastCalledWith('a')
    expect(document.activeElement).toBe(first)
  })

  it('shows frame, extensions, duration and the named close code with its initiator', () => {
    const closed = connection(
      'ws://h/a',
      'a',
      [
        { kind: 'opened', time: 1010, protocol: 'chat', extensions: 'permessage-deflate' },
        { kind: 'closed', time: 3500, code: 1001, reason: 'away', wasClean: true, error: null },
      ],
      { frameId: 3, frameUrl: 'https://example.com/frames/inner.html' },
    )
    const { container } = render(<ConnectionList connections={[closed]} selectedId={null} onSelect={() => {}} />)
    const frame = container.querySelector('td.frame')!
    expect(frame.textContent).toBe('example.com/…/inner.html')
    expect(frame.getAttribute('title')).toBe('https://example.com/frames/inner.html')
    expect(container.querySelector('td.extensions')!.textContent).toBe('permessage-deflate')
    expect(container.querySelector('td.duration')!.textContent).toBe('2.5 s')
    expect(container.querySelector('td.close')!.textContent).toBe('1001 Going Away · "away" · clean · by server')
  })

  it("counts an open connection's duration up to now, once a second", () => {
    vi.useFakeTimers({ now: 1000 })
    try {
      const { container } = render(<ConnectionList connections={[connection('ws://h/a')]} selectedId={null} onSelect={() => {}} />)
      expect(container.querySelector('td.duration')!.textContent).toBe('0 ms')
      act(() => {
        vi.advanceTimersByTime(3000)
      })
      expect(container.querySelector('td.duration')!.textContent).toBe('3.0 s')
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows when each connection started and a short id, and sorts by start, id or URL', () => {
    const at = (url: string, id: string, time: number) => {
      const c = connection(url, id)
      return { ...c, createdAt: time }
    }
    const list = [at('ws://h/b', 'abcdefgh-2', 2000), at('ws://h/a', 'abcdefgh-10', 3000), at('ws://h/b', 'zzzzzzzz-1', 1000)]
    const { container } = render(<ConnectionList connections={list} selectedId={null} onSelect={() => {}} />)
    const column = (cell: string) => [...container.querySelectorAll(`tr[data-connection-id] td.${cell}`)].map((td) => td.textContent)
    expect(column('started')).toEqual([formatClock(2000), formatClock(3000), formatClock(1000)])
    expect(column('id')).toEqual(['abcd-2', 'abcd-10', 'zzzz-1'])
    expect(container.querySelector('td.id')!.getAttribute('title')).toBe('abcdefgh-2')
    fireEvent.click(screen.getByRole('button', { name: 'Started' }))
    expect(column('started')).toEqual([formatClock(1000), formatClock(2000), formatClock(3000)])
    expect(screen.getByRole('columnheader', { name: /Started/ }).getAttribute('aria-sort')).toBe('ascending')
    fireEvent.click(screen.getByRole('button', { name: /Started/ }))
    expect(column('started')).toEqual([formatClock(3000), formatClock(2000), formatClock(1000)])
    fireEvent.click(screen.getByRole('button', { name: 'ID' }))
    expect(column('id')).toEqual(['abcd-10', 'abcd-2', 'zzzz-1'])
    fireEvent.click(screen.getByRole('button', { name: 'URL' }))
    expect(column('url')).toEqual(['ws://h/a', 'ws://h/b', 'ws://h/b'])
    expect(column('id')).toEqual(['abcd-10', 'zzzz-1', 'abcd-2'])
  })

  it('marks reconnects of one URL as a group, numbered by start', () => {
    const list = [connection('ws://h/r', 'r-1'), connection('ws://h/other', 'o-1'), { ...connection('ws://h/r', 'r-2'), createdAt: 2000 }]
    const { container } = render(<ConnectionList connections={list} selectedId={null} onSelect={() => {}} />)
    const rows = [...container.querySelectorAll('tr[data-connection-id]')]
    expect(rows.map((r) => r.querySelector('.attempt')?.textContent ?? null)).toEqual(['1/2', null, '↻2/2'])
    expect(rows.map((r) => r.classList.contains('reconnects'))).toEqual([true, false, true])
    expect(rows[0]!.className).toBe(rows[2]!.className)
    expect(rows[0]!.querySelector('.badge')!.textContent).toBe('WSS')
  })

  it('sets every column width in the header, so rows arriving do not move them', () => {
    const { container } = render(<ConnectionList connections={[connection('ws://h/a')]} selectedId={null} onSelect={() => {}} />)
    const cols = [...container.querySelectorAll('colgroup col')]
    expect(cols).toHaveLength(container.querySelectorAll('thead th').length)
    expect(cols.filter((c) => !(c as HTMLElement).style.width).length).toBe(1)
  })

  it('shows everything that went over the wire, and how many are kept where the cap dropped some', () => {
    const message = (i: number) =>
      ({ kind: 'message', time: 1000 + i, direction: 'received', binary: false, size: 10, data: '0123456789', truncated: false }) as Partial<TabEvent>
    const kept = connection('ws://h/flood', 'f-1', [message(1), message(2)])
    const capped = withNotKept(kept, 'cap', { sent: { messages: 0, bytes: 0 }, received: { messages: 19_998, bytes: 199_980 } })
    render(<ConnectionList connections={[capped]} selectedId={null} onSelect={() => {}} />)
    const cells = [...screen.getByRole('row', { name: /ws:\/\/h\/flood/ }).querySelectorAll('td')].map((td) => td.textContent)
    expect(cells.slice(4, 6)).toEqual(['0 / 0 B', '20000 / 195.3 KiB (2 kept)'])
  })
})
