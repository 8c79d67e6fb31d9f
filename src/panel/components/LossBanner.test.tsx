// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
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
})
