// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import type { TabEvent } from '../../shared/protocol.ts'
import { applyEvents, type Connection } from '../store/connections.ts'
import { ConnectionList } from './ConnectionList.tsx'

function connection(url: string): Connection {
  const map = new Map<string, Connection>()
  const event = { kind: 'connection', id: 'x-1', api: 'WebSocketStream', time: 0, url, resolvedUrl: url, protocols: [], frameUrl: '', stack: '', frameId: 0, seq: 1 } as TabEvent
  applyEvents(map, [event], [])
  return map.get('x-1')!
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
})
