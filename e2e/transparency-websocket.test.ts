import { describe, expect, it } from 'vitest'
import type { BrowserName } from '../drivers/browser.ts'
import { browsers } from '../drivers/browsers.ts'
import { HOOK_FRAMES, useDifferential, type Where } from './helpers/differential.ts'
import { everyWebSocketEvent } from './scenarios/capture.ts'
import * as scenarios from './scenarios/websocket.ts'

/** How each browser prints a native function. */
const nativeCode: Record<BrowserName, (name: string) => string> = {
  Chromium: (name) => `function ${name}() { [native code] }`,
  Firefox: (name) => `function ${name}() {\n    [native code]\n}`,
}

/** What each browser does natively in each scenario. */
const nativeFacts = (browser: BrowserName): Record<keyof typeof scenarios, unknown[]> => ({
  shape: [
    ['global', { writable: true, enumerable: false, configurable: true, same: true }],
    ['toString', ...['WebSocket', 'send', 'toString'].map(nativeCode[browser])],
    ['subclass', true, true, true, 'hi 0', true],
  ],
  constructorExceptions: [
    ['page code ran', { toString: 1, iterator: 1, getter: 1 }],
    ['protocol string', 'protocol', 'chat', 1],
  ],
  closeExceptions: [['close event', 4000, 'bye', true, 'valueOf ran', 1]],
  // Firefox runs a capture listener on the target before the others.
  eventOrderAndListenerOptions: [...(browser === 'Firefox' ? ['capture'] : []), 'once', 'until aborted', ['binaryType', 'arraybuffer']],
  failures: [['handshake rejected: listener', { type: 'error', trusted: true, phase: 2, readyState: 3 }]],
  bufferedAmount: [
    ['bufferedAmount right after each send', [4194304, 8388608, 12582912, 16777216, 16777220]],
    ['still buffered while the server pauses', true],
  ],
  valuesAreNotConverted: [['page code ran', { toString: 1, toStringTag: 1, blobArrayBuffer: 0, blobText: 0, blobStream: 0, proxyTraps: 3 }]],
})

describe.each(browsers)('%s: WebSocket with and without the extension', (kind) => {
  const env = useDifferential(kind, `websocket-${kind.name.toLowerCase()}`)
  const facts = nativeFacts(kind.name)

  describe.each<Where>(['top', 'iframe'])('behaves the same (%s)', (where) => {
    it.each(Object.entries(scenarios))('%s', async (name, scenario) => {
      await env.same(name, scenario, where, facts[name as keyof typeof scenarios])
    })
  })

  describe.each<Where>(['top', 'iframe'])('the panel receives every WebSocket event kind (%s)', (where) => {
    it('creation, handshake, messages both ways (Blobs included), close calls, close and error events', async () => {
      const { of, urlOf } = await env.capture(everyWebSocketEvent, where)

      const main = of('/protocol')
      expect(main[0]).toMatchObject({
        kind: 'connection',
        api: 'WebSocket',
        url: urlOf('/protocol'),
        resolvedUrl: urlOf('/protocol'),
        protocols: ['chat'],
        frameUrl: expect.stringContaining(where === 'top' ? '/blank.html?run=' : '/blank.html?frame='),
        time: expect.any(Number),
        stack: expect.stringMatching(/\S/),
      })
      expect(main).toContainEqual(expect.objectContaining({ kind: 'opened', protocol: 'chat', extensions: '' }))
      for (const direction of ['sent', 'received'])
        expect(main).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ kind: 'message', direction, binary: false, data: 'text' }),
            expect.objectContaining({ kind: 'message', direction, binary: true, size: 3, data: [1, 2, 3] }),
            expect.objectContaining({ kind: 'message', direction, binary: true, size: 2, data: [4, 5] }),
            expect.objectContaining({ kind: 'message', direction, binary: true, size: 1, data: [6] }),
          ]),
        )
      expect(main).toContainEqual(
        expect.objectContaining({ kind: 'close-call', via: 'close', code: 999, error: expect.stringMatching(/^InvalidAccessError: /) }),
      )
      expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'close', code: 4000, reason: 'bye', error: null }))
      expect(main.at(-1)).toMatchObject({ kind: 'closed', code: 4000, reason: 'bye', wasClean: true })

      const rejected = of('/reject?status=403')
      expect(rejected.map((e) => e.kind)).toEqual(['connection', 'error', 'closed'])
      expect(rejected.at(-1)).toMatchObject({ kind: 'closed', code: 1006, wasClean: false })
    })
  })

  const hookFrames = HOOK_FRAMES[kind.name]
  if (hookFrames)
    it("what still differs: the browser's exceptions list our hook's frames in their stack", async () => {
      const { instrumented } = await env.same('closeExceptions', scenarios.closeExceptions, 'top', [])
      expect(JSON.stringify(instrumented.trace)).toMatch(hookFrames)
    })
})
