// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { pageFrames } from './recorder.ts'

describe('pageFrames (the initiator stack)', () => {
  it("drops Chromium's extension frames and the Error line", () => {
    const stack = [
      'Error',
      '    at captureStack (chrome-extension://kgmonigjkahebnhopfplcaknchicecmn/assets/page.js:1:20856)',
      '    at Object.construct (chrome-extension://kgmonigjkahebnhopfplcaknchicecmn/assets/page.js:1:5948)',
      '    at openFromPage (http://127.0.0.1:8686/blank.html:3:10)',
      '    at http://127.0.0.1:8686/blank.html:7:3',
    ].join('\n')
    expect(pageFrames(stack)).toBe('at openFromPage (http://127.0.0.1:8686/blank.html:3:10)\nat http://127.0.0.1:8686/blank.html:7:3')
  })

  it("drops Firefox's frames of the MAIN-world script (<anonymous code>) and the trailing empty line", () => {
    // As Firefox ESR 153 gave it for `new WebSocket(...)` called from openFromPage.
    const stack =
      'xe@<anonymous code>:1:20856\nne/</<@<anonymous code>:1:9346\nguard@<anonymous code>:1:20132\nne/<@<anonymous code>:1:9087\n' +
      't@<anonymous code>:1:5948\nopenFromPage@http://127.0.0.1:8686/blank.html:3:10\n@http://127.0.0.1:8686/blank.html line 2 > eval:1:1\n'
    expect(pageFrames(stack)).toBe('openFromPage@http://127.0.0.1:8686/blank.html:3:10\n@http://127.0.0.1:8686/blank.html line 2 > eval:1:1')
  })

  it('keeps page frames that merely look alike', () => {
    // A page's `//# sourceURL=<anonymous code>` ends at the space: Firefox prints `<anonymous`.
    expect(pageFrames('f@<anonymous:1:1\ng@http://a.test/anonymous code.js:1:1')).toBe('f@<anonymous:1:1\ng@http://a.test/anonymous code.js:1:1')
  })
})
