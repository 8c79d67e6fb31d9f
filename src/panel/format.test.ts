import { describe, expect, it } from 'vitest'
import type { TabEvent } from '../shared/protocol/index.ts'
import { formatClose, formatDuration, shortUrl } from './format.ts'
import { applyEvents, type Connection } from './store/connections.ts'

function closedBy(events: Array<Partial<TabEvent>>): Connection {
  const base = {
    kind: 'connection',
    id: 'c',
    api: 'WebSocket',
    time: 0,
    url: 'ws://h',
    resolvedUrl: 'ws://h',
    protocols: [],
    frameUrl: '',
    stack: '',
    source: { kind: 'frame', frameId: 0 },
    seq: 1,
  }
  return applyEvents(new Map(), [
    base,
    ...events.map((e, i) => ({ id: 'c', source: { kind: 'frame', frameId: 0 }, seq: i + 2, ...e })),
  ] as TabEvent[]).connections.get('c')!
}

describe('formatClose', () => {
  it('names the code and says who initiated the close', () => {
    const c = closedBy([
      { kind: 'close-call', time: 1, via: 'close', code: 4321, reason: 'bye', error: null },
      { kind: 'closed', time: 2, code: 4321, reason: 'bye', wasClean: true, error: null },
    ])
    expect(formatClose(c)).toBe('4321 Private use · "bye" · clean · by page')
  })

  it('says the server closed when the page asked nothing', () => {
    const c = closedBy([{ kind: 'closed', time: 2, code: 1006, reason: '', wasClean: false, error: null }])
    expect(formatClose(c)).toBe('1006 Abnormal Closure · unclean · by server')
  })
})

describe('formatDuration', () => {
  it('grows from milliseconds to h:mm:ss', () => {
    expect(formatDuration(12.4)).toBe('12 ms')
    expect(formatDuration(2_500)).toBe('2.5 s')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
  })
})

describe('shortUrl', () => {
  it('keeps the host and the last path segment', () => {
    expect(shortUrl('https://example.com/a/b/frame.html?x=1')).toBe('example.com/…/frame.html')
    expect(shortUrl('https://example.com/')).toBe('example.com')
    expect(shortUrl('about:srcdoc')).toBe('about:srcdoc')
  })
})
