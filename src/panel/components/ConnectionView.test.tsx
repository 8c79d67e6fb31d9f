// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { formatClock } from '../format.ts'
import { createStore } from '../store/store.ts'
import { entries, session, STATE } from '../test/fixtures.ts'
import { ConnectionView } from './ConnectionView.tsx'

function storeWith(...ids: string[]) {
  const store = createStore()
  let seq = 1
  store.reset(
    entries(
      ids.flatMap((id) => {
        const events = session(id, 'WebSocketStream', seq)
        seq += events.length
        return events
      }),
    ),
    STATE,
  )
  return store
}

const rowTexts = (container: Element) => [...container.querySelectorAll('[role="row"] .preview')].map((p) => p.textContent)

describe('ConnectionView', () => {
  it('shows the timeline of all connections until one is selected', () => {
    const { container } = render(<ConnectionView store={storeWith('a', 'b')} />)
    expect(screen.getByRole('heading').textContent).toBe('All connections')
    expect(container.querySelectorAll('[role="row"]')).toHaveLength(14)
  })

  it("shows the selected connection's facts, with the close code named and who closed it", () => {
    const store = storeWith('a', 'b')
    store.select('b')
    const { container } = render(<ConnectionView store={store} />)
    expect(screen.getByRole('heading').textContent).toBe('ws://h/b')
    expect(container.querySelector('.facts .outcome')!.textContent).toBe('4000 Private use "done" · clean · initiated by page')
    expect(container.querySelector('.initiator .stack')!.textContent).toBe('at page.js:1')
    expect(container.querySelectorAll('[role="row"]')).toHaveLength(7)
  })

  it("shows a connection's traffic each way, and how many of its messages are kept where the cap dropped some", () => {
    const store = createStore()
    // Session 'a' is seqs 1-7: the cap took its first message (seq 3, sent, 5 B) and 20 earlier ones.
    const dropped = [{ id: 'a', floor: 4, sent: { messages: 21, bytes: 105 }, received: { messages: 0, bytes: 0 } }]
    store.reset(entries(session('a').filter((e) => e.seq !== 3)), { ...STATE, dropped })
    store.select('a')
    const { container } = render(<ConnectionView store={store} />)
    expect([...container.querySelectorAll('.facts dd.traffic')].map((dd) => dd.textContent)).toEqual(['21 messages, 105 B: 0 of 21 kept', '2 messages, 18 B'])
  })

  it('shows time relative to the connection, the absolute time in the title', () => {
    const store = storeWith('a')
    store.select('a')
    const { container } = render(<ConnectionView store={store} />)
    const time = container.querySelector('[data-seq="3"] .time')!
    expect(time.textContent).toBe('10.0 ms')
    expect(time.getAttribute('title')).toBe(formatClock(1010))
  })

  it('filters the timeline by text, /regex/, invert and direction', () => {
    const store = storeWith('a')
    store.select('a')
    const { container, rerender } = render(<ConnectionView store={store} />)
    const filter = screen.getByRole('searchbox', { name: 'Filter' })
    const update = (change: () => void) => (change(), rerender(<ConnectionView store={store} />))
    update(() => fireEvent.input(filter, { target: { value: 'HELLO' } }))
    expect(rowTexts(container)).toEqual(['hello'])
    update(() => fireEvent.input(filter, { target: { value: '/^de ad/' } }))
    expect(rowTexts(container)).toEqual(['de ad be ef'])
    update(() => fireEvent.click(screen.getByRole('checkbox', { name: 'Events' })))
    update(() => fireEvent.click(screen.getByRole('checkbox', { name: 'Invert' })))
    expect(rowTexts(container)).toEqual(['hello', '{"ping":true}'])
    update(() => fireEvent.click(screen.getByRole('checkbox', { name: 'Sent' })))
    expect(rowTexts(container)).toEqual(['{"ping":true}'])
  })

  it('shows a selected binary message as a hex dump', () => {
    const store = storeWith('a')
    store.select('a')
    store.selectEntry(4)
    render(<ConnectionView store={store} />)
    expect(screen.getByLabelText('Hex dump').textContent).toMatch(/^00000000 {2}de ad be ef\s+\.\.\.\.$/)
  })

  it('opens the close lab, whose commands go to the store for this connection', () => {
    const store = storeWith('a')
    store.select('a')
    const sendCommand = vi.spyOn(store, 'sendCommand').mockReturnValue('cmd-1')
    render(<ConnectionView store={store} />)
    fireEvent.click(screen.getByRole('tab', { name: 'Close lab' }))
    fireEvent.click(screen.getByRole('button', { name: 'writer.close()' }))
    expect(sendCommand).toHaveBeenCalledWith(store.selected.value, { action: 'writer.close' })
  })

  it('switches between its views with the timeline left in place', () => {
    const store = storeWith('a')
    store.select('a')
    render(<ConnectionView store={store} />)
    const grid = screen.getByRole('grid', { name: 'Messages' })
    expect(screen.getByRole('tab', { name: 'Messages' }).getAttribute('aria-selected')).toBe('true')
    fireEvent.click(screen.getByRole('tab', { name: 'Close lab' }))
    expect(screen.getByRole('region', { name: 'Close lab' })).toBeTruthy()
    expect(screen.getByRole('tab', { name: 'Close lab' }).getAttribute('aria-selected')).toBe('true')
    fireEvent.click(screen.getByRole('tab', { name: 'Messages' }))
    expect(screen.queryByRole('region', { name: 'Close lab' })).toBeNull()
    expect(screen.getByRole('grid', { name: 'Messages' })).toBe(grid)
  })

  it('leads back to all connections by a button, and by Backspace outside a text field', () => {
    const store = storeWith('a', 'b')
    store.select('b')
    const { rerender } = render(<ConnectionView store={store} />)
    fireEvent.click(screen.getByRole('button', { name: '← All connections' }))
    expect(store.selectedId.value).toBeNull()
    store.select('b')
    rerender(<ConnectionView store={store} />)
    fireEvent.keyDown(screen.getByRole('searchbox', { name: 'Filter' }), { key: 'Backspace' })
    expect(store.selectedId.value).toBe('b')
    fireEvent.keyDown(screen.getByRole('grid', { name: 'Messages' }), { key: 'Escape' })
    expect(store.selectedId.value).toBe('b')
    fireEvent.keyDown(screen.getByRole('grid', { name: 'Messages' }), { key: 'Backspace' })
    expect(store.selectedId.value).toBeNull()
  })

  it('folds the facts away to the URL, and keeps them folded for the next connection', () => {
    const store = storeWith('a', 'b')
    store.select('a')
    const { container, rerender } = render(<ConnectionView store={store} />)
    const facts = () => container.querySelector<HTMLDetailsElement>('details.facts')!
    expect(facts().open).toBe(true)
    facts().open = false
    fireEvent(facts(), new Event('toggle'))
    store.select('b')
    rerender(<ConnectionView store={store} />)
    expect(facts().open).toBe(false)
    expect(facts().querySelector('summary')!.textContent).toBe('ws://h/b')
  })

  it('gives the facts and the lab more or less height from the keyboard on the split bar', () => {
    const store = storeWith('a')
    store.select('a')
    const { container } = render(<ConnectionView store={store} />)
    const top = container.querySelector<HTMLElement>('.detail-top')!
    const section = container.querySelector<HTMLElement>('section.detail')!
    Object.defineProperty(section, 'clientHeight', { value: 600 })
    top.getBoundingClientRect = () => ({ height: 200 }) as DOMRect
    const bar = screen.getByRole('separator', { name: 'Resize the facts and the timeline' })
    fireEvent.keyDown(bar, { key: 'ArrowDown' })
    expect(top.style.height).toBe('220px')
    top.getBoundingClientRect = () => ({ height: 500 }) as DOMRect
    fireEvent.keyDown(bar, { key: 'ArrowDown' })
    // The timeline keeps its 140 pixels: 600 less the bar and 140.
    expect(top.style.height).toBe('460px')
  })
})
