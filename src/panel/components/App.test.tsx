// @vitest-environment happy-dom
import { act, fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { formatClock } from '../format.ts'
import { createStore } from '../store/store.ts'
import { entries, session, STATE } from '../test/fixtures.ts'
import { App, RECONNECT_NOTICE_DELAY_MS } from './App.tsx'

const ROLES = ['button', 'checkbox', 'textbox', 'searchbox', 'combobox', 'spinbutton', 'tab', 'row', 'grid', 'table'] as const

function app() {
  const store = createStore()
  store.reset(entries(session()), STATE)
  store.connected.value = true
  const view = render(<App store={store} />)
  return { store, ...view }
}

describe('App', () => {
  it('gives every control a name that says what it does', () => {
    const { store, rerender } = app()
    store.select('a')
    store.selectEntry(4)
    rerender(<App store={store} />)
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    fireEvent.click(screen.getByRole('tab', { name: 'Close lab' }))
    for (const role of ROLES) expect(screen.queryAllByRole(role, { name: '' }), `${role}s without a name`).toEqual([])
    for (const name of ['Clear', 'Pause capture', 'Settings', 'Export HAR', 'Export JSON', 'Copy hex'])
      expect(screen.getByRole('button', { name })).toBeTruthy()
    for (const name of ['Preserve log', 'Invert', 'Sent', 'Received', 'Text', 'Binary', 'Events']) expect(screen.getByRole('checkbox', { name })).toBeTruthy()
    expect(screen.getByRole('searchbox', { name: 'Filter' })).toBeTruthy()
    for (const name of ['Import', 'Close code', 'Reason', 'Message', 'Maximum messages per tab']) expect(screen.getByLabelText(name)).toBeTruthy()
    expect(screen.getByRole('grid', { name: 'Messages' })).toBeTruthy()
    expect(screen.getByRole('table', { name: 'Connections' })).toBeTruthy()
  })

  it('selects a connection from the keyboard, and shows the selected message with its absolute time', () => {
    const { store, container } = app()
    const row = screen.getByRole('row', { name: /ws:\/\/h\/a/ })
    fireEvent.keyDown(row, { key: 'Enter' })
    expect(store.selectedId.value).toBe('a')
    act(() => store.selectEntry(4))
    expect(container.querySelector('.detail-size time')!.textContent).toBe(formatClock(1020))
  })

  it('says it is reconnecting only when the link stays down, not for the moment re-docking takes', () => {
    vi.useFakeTimers()
    try {
      const { store } = app()
      const notice = () => screen.queryByText('Reconnecting to the extension…')
      act(() => {
        store.connected.value = false
      })
      act(() => {
        vi.advanceTimersByTime(RECONNECT_NOTICE_DELAY_MS - 100)
      })
      expect(notice()).toBeNull()
      act(() => {
        store.connected.value = true
      })
      act(() => {
        vi.advanceTimersByTime(RECONNECT_NOTICE_DELAY_MS)
      })
      expect(notice()).toBeNull()
      act(() => {
        store.connected.value = false
      })
      act(() => {
        vi.advanceTimersByTime(RECONNECT_NOTICE_DELAY_MS)
      })
      expect(notice()).not.toBeNull()
      act(() => {
        store.connected.value = true
      })
      expect(notice()).toBeNull()
    } finally {
      vi.useRealTimers()
    }
  })
})
