import { signal } from '@preact/signals'
import { describe, expect, it } from 'vitest'
import { session } from '../test/fixtures.ts'
import { applyEvents, type Connection } from './connections.ts'
import { createSelection } from './selection.ts'

const held = (...ids: string[]) =>
  applyEvents(
    new Map(),
    ids.flatMap((id) => session(id)),
  ).connections

describe('selection', () => {
  it('selects a connection, and forgets the selected entry when it does', () => {
    const connections = signal<ReadonlyMap<string, Connection>>(held('a', 'b'))
    const selection = createSelection(connections)
    selection.selectEntry(3)
    selection.select('b')
    expect(selection.selected.value?.url).toBe('ws://h/b')
    expect(selection.selectedSeq.value).toBeNull()
    selection.selectEntry(4)
    expect(selection.selectedSeq.value).toBe(4)
  })

  it('follows the selected connection as it changes', () => {
    const connections = signal<ReadonlyMap<string, Connection>>(applyEvents(new Map(), session('a').slice(0, 2)).connections)
    const selection = createSelection(connections)
    selection.select('a')
    expect(selection.selected.value?.status).toBe('open')
    connections.value = applyEvents(connections.value, session('a').slice(2)).connections
    expect(selection.selected.value?.status).toBe('closed')
  })

  it('drops a selected connection the log no longer holds', () => {
    const connections = signal<ReadonlyMap<string, Connection>>(held('a'))
    const selection = createSelection(connections)
    selection.select('a')
    selection.selectEntry(2)
    connections.value = held('b')
    expect(selection.selectedId.value).toBeNull()
    expect(selection.selected.value).toBeNull()
    expect(selection.selectedSeq.value).toBe(2)
  })
})
