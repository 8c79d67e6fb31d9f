// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { exportJson, importJson } from '../export/json.ts'
import { createStore } from '../store/store.ts'
import { entries, session, STATE } from '../test/fixtures.ts'
import { Toolbar } from './Toolbar.tsx'

function liveStore() {
  const store = createStore()
  store.reset(entries(session()), STATE)
  return store
}

function choose(input: HTMLElement, file: File) {
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  fireEvent.change(input)
}

afterEach(() => vi.restoreAllMocks())

describe('Toolbar', () => {
  it('names every control after what it does', () => {
    render(<Toolbar store={liveStore()} />)
    for (const name of ['Clear', 'Pause capture', 'Settings', 'Export HAR', 'Export JSON']) expect(screen.getByRole('button', { name })).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: 'Preserve log' })).toBeTruthy()
    expect(screen.getByLabelText('Import')).toBeTruthy()
  })

  it('clears, pauses and resumes, and sets Preserve log through the store', () => {
    const store = liveStore()
    const clear = vi.spyOn(store, 'clear')
    const setPaused = vi.spyOn(store, 'setPaused')
    const setPreserveLog = vi.spyOn(store, 'setPreserveLog')
    render(<Toolbar store={store} />)
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    expect(clear).toHaveBeenCalledOnce()
    const pause = screen.getByRole('button', { name: 'Pause capture' })
    fireEvent.click(pause)
    expect(setPaused).toHaveBeenLastCalledWith(true)
    expect(pause.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(pause)
    expect(setPaused).toHaveBeenLastCalledWith(false)
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }))
    expect(setPreserveLog).toHaveBeenCalledWith(true)
  })

  it('opens the settings and saves the cap', () => {
    const store = liveStore()
    const setLimits = vi.spyOn(store, 'setLimits')
    render(<Toolbar store={store} />)
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }))
    fireEvent.input(screen.getByLabelText('Maximum messages per tab'), { target: { value: '500' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    expect(setLimits).toHaveBeenCalledWith({ maxMessages: 500, maxPayloadBytes: STATE.limits.maxPayloadBytes })
  })

  it('exports everything held as a JSON file that imports back to the same events', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:x'))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    render(<Toolbar store={liveStore()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }))
    expect(click).toHaveBeenCalledOnce()
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toMatch(/^websockets-.*\.json$/)
    expect(importJson(await blobs[0]!.text()).events).toEqual(session())
    fireEvent.click(screen.getByRole('button', { name: 'Export HAR' }))
    expect(JSON.parse(await blobs[1]!.text()).log.entries[0]._webSocketMessages).toHaveLength(3)
  })

  it('imports a JSON export into the store', async () => {
    const store = liveStore()
    const showImported = vi.spyOn(store, 'showImported')
    render(<Toolbar store={store} />)
    choose(screen.getByLabelText('Import'), new File([exportJson(session('b'))], 'saved.json'))
    await waitFor(() => expect(showImported).toHaveBeenCalledWith('saved.json', session('b')))
  })

  it('says why a bad file could not be imported, and keeps the live view', async () => {
    const store = liveStore()
    const showImported = vi.spyOn(store, 'showImported')
    render(<Toolbar store={store} />)
    choose(screen.getByLabelText('Import'), new File(['{"format":"something else"}'], 'bad.json'))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('Could not import bad.json: Not a websocketstream-devtools export (no "format": "websocketstream-devtools").')
    expect(showImported).not.toHaveBeenCalled()
  })
})
