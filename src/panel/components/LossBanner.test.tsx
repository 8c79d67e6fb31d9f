// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import type { TabEvent } from '../../shared/protocol/index.ts'
import { applyEvents, withNotKept } from '../store/connections.ts'
import { LossBanner } from './LossBanner.tsx'

const none = { cap: 0, capLifecycle: 0, page: 0, relay: 0, malformed: 0 }

describe('LossBanner', () => {
  it('shows nothing when nothing was lost', () => {
    const { container } = render(<LossBanner lost={none} rejectedHere={0} />)
    expect(container.textContent).toBe('')
  })

  it('counts every kind of loss, in words', () => {
    render(<LossBanner lost={{ cap: 1, capLifecycle: 2, page: 3, relay: 4, malformed: 1 }} rejectedHere={2} />)
    const lines = screen.getAllByRole('listitem').map((li) => li.textContent)
    expect(lines).toEqual([
      '1 message dropped (cap)',
      '2 connection events dropped (cap)',
      '3 events lost in the page (the extension never took its queue)',
      '4 events dropped by the content script (background unreachable)',
      '1 malformed event rejected',
      '2 malformed updates rejected by the panel',
    ])
    expect(screen.getByRole('status', { name: 'Dropped data' })).toBeTruthy()
  })

  it('says how many the cap dropped from which connection', () => {
    const capped = (id: string, dropped: number) => {
      const created = { kind: 'connection', id, api: 'WebSocket', time: 0, url: null, resolvedUrl: `ws://h/${id}`, protocols: [], frameUrl: '', stack: '' }
      const folded = applyEvents(new Map(), [{ ...created, source: { kind: 'frame', frameId: 0 }, seq: 1 } as TabEvent]).connections.get(id)!
      return { connection: withNotKept(folded, 'cap', { sent: { messages: 0, bytes: 0 }, received: { messages: dropped, bytes: dropped } }), messages: dropped }
    }
    const drops = [capped('a', 9), ...['b', 'c', 'd', 'e', 'f', 'g'].map((id) => capped(id, 1))]
    render(<LossBanner lost={{ ...none, cap: 15 }} rejectedHere={0} capDrops={drops} />)
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '15 messages dropped (cap)',
      '9 of 9 messages dropped from ws://h/a, oldest first',
      ...['b', 'c', 'd', 'e'].map((id) => `1 of 1 message dropped from ws://h/${id}, oldest first`),
      '2 more from 2 other connections',
    ])
  })
})
