// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { applyEvents, type Connection } from '../store/connections.ts'
import type { PageLoad } from '../store/loads.ts'
import { session } from '../test/fixtures.ts'
import { PageLoads } from './PageLoads.tsx'

function connection(id: string): Connection {
  return applyEvents(new Map(), session(id)).connections.get(id)!
}

describe('PageLoads', () => {
  it('shows one plain list for a single page load', () => {
    render(<PageLoads loads={[{ marker: null, connections: [connection('a')] }]} selectedId={null} onSelect={() => {}} />)
    expect(screen.queryByRole('separator')).toBeNull()
    expect(screen.getAllByRole('table', { name: 'Connections' })).toHaveLength(1)
  })

  it('separates kept page loads by their navigation, and selects across them', () => {
    const onSelect = vi.fn()
    const loads: PageLoad[] = [
      { marker: null, connections: [connection('a')] },
      {
        marker: { kind: 'navigation', url: 'http://h/<b>next</b>', time: 2000, source: { kind: 'frame', frameId: 0 }, seq: 20 },
        connections: [connection('b')],
      },
    ]
    const { container } = render(<PageLoads loads={loads} selectedId="b" onSelect={onSelect} />)
    expect(screen.getByRole('separator').textContent).toBe('Navigated to http://h/<b>next</b>')
    expect(container.querySelector('b')).toBeNull()
    expect(container.querySelector('tr.selected')?.getAttribute('data-connection-id')).toBe('b')
    fireEvent.click(container.querySelector('tr[data-connection-id="a"]')!)
    expect(onSelect).toHaveBeenCalledWith('a')
  })
})
