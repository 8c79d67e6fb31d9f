// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { ALL } from '../messages/filter.ts'
import { FilterBar } from './FilterBar.tsx'

describe('FilterBar', () => {
  it('changes the query from the box named "Filter"', () => {
    const onChange = vi.fn()
    render(<FilterBar filter={ALL} error={null} shown={3} total={10} onChange={onChange} />)
    fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: '/pi+ng/' } })
    expect(onChange).toHaveBeenCalledWith({ ...ALL, query: '/pi+ng/' })
    expect(screen.getByText('3 of 10')).toBeTruthy()
  })

  it('toggles invert, direction and type, each keeping the rest of the filter', () => {
    const onChange = vi.fn()
    const filter = { ...ALL, query: 'x' }
    render(<FilterBar filter={filter} error={null} shown={0} total={0} onChange={onChange} />)
    for (const [name, key] of [
      ['Invert', 'invert'],
      ['Sent', 'sent'],
      ['Received', 'received'],
      ['Text', 'text'],
      ['Binary', 'binary'],
      ['Events', 'events'],
    ] as const) {
      fireEvent.click(screen.getByRole('checkbox', { name }))
      expect(onChange).toHaveBeenLastCalledWith({ ...filter, [key]: !filter[key] })
    }
  })

  it('says when the regular expression is invalid, and marks the box', () => {
    render(<FilterBar filter={{ ...ALL, query: '/(/' }} error="Unterminated group" shown={0} total={5} onChange={() => {}} />)
    expect(screen.getByRole('alert').textContent).toBe('Invalid regular expression: Unterminated group')
    expect(screen.getByRole('searchbox', { name: 'Filter' }).getAttribute('aria-invalid')).toBe('true')
  })
})
