import { describe, expect, it } from 'vitest'
import { describeClose } from './close-outcome.ts'

const done = { code: 4000, reason: 'done', wasClean: true, error: null }
const failed = { code: null, reason: '', wasClean: false, error: 'network error' }

describe('describeClose', () => {
  it('words a close for the connection list: tersely, with who closed it, without the error', () => {
    expect(describeClose(done, 'list', 'page')).toBe('4000 Private use · "done" · clean · by page')
    expect(describeClose(failed, 'list', 'server')).toBe('no code · unclean · by server')
  })

  it("words it for the connection's facts, with the error", () => {
    expect(describeClose(done, 'facts', 'DevTools')).toBe('4000 Private use "done" · clean · initiated by DevTools')
    expect(describeClose(failed, 'facts', null)).toBe('no code · unclean · network error')
  })

  it('words it for the close lab as part of a sentence', () => {
    expect(describeClose(done, 'lab')).toBe('4000 Private use "done", clean')
    expect(describeClose({ ...failed, code: 1006 }, 'lab')).toBe('1006 Abnormal Closure, unclean (network error)')
  })

  it('words it for a closed event in the timeline', () => {
    expect(describeClose(done, 'timeline')).toBe('4000 Private use "done" · clean')
    expect(describeClose(failed, 'timeline')).toBe('(no code) · unclean · network error')
  })
})
