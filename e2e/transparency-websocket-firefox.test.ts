import puppeteer, { type Browser } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlayground, type Playground } from '../playground/server.ts'
import { differentialRunner, sameBehaviour, type PageLike, type Run, type Where } from './helpers/differential.ts'
import { launchFirefox, OFFLINE_FIREFOX, type FirefoxSession } from '../drivers/firefox.ts'
import { firefoxPath } from '../drivers/paths.ts'
import * as scenarios from './scenarios/websocket.ts'

// Firefox has no WebSocketStream: its differential suite is classic WebSocket only.
let playground: Playground
let plain: Browser | undefined
let instrumented: FirefoxSession | undefined
let run: ReturnType<typeof differentialRunner>

beforeAll(async () => {
  playground = await startPlayground()
  ;[plain, instrumented] = await Promise.all([
    puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true, ...OFFLINE_FIREFOX }),
    launchFirefox(),
  ])
  const pages = await Promise.all([plain.newPage(), instrumented.browser.newPage()])
  run = differentialRunner(playground, pages as unknown as [PageLike, PageLike])
})

afterAll(async () => {
  const process = plain?.process()
  await plain?.close().catch(() => process?.kill('SIGKILL'))
  await instrumented?.close()
  await playground?.close()
})

/**
 * A difference that remains in Firefox: an exception the browser throws while our hook is on the stack
 * lists the hook's frames (`name@<anonymous code>:1:N`) in its `stack`. Chromium's are recaptured from
 * the hook's caller (src/content/page/patch.ts); in Firefox that would add an own `stack` property to a
 * DOMException, which natively has none, and TypeErrors there also carry fileName/lineNumber. The frames
 * are taken out before comparing, and a test below pins that they are there.
 */
const OUR_FRAMES = /[^"\\\n]*@<anonymous code>:\d+:\d+\\n/g
const withoutOurFrames = (r: Run): Run => ({ ...r, trace: JSON.parse(JSON.stringify(r.trace).replace(OUR_FRAMES, '')) as unknown[] })

const same = sameBehaviour('firefox-websocket', (name, scenario, where) => run(name, scenario, where), {
  checkNative: (native) => expect(JSON.stringify(native.trace)).not.toMatch(OUR_FRAMES),
  compared: withoutOurFrames,
})

/** What Firefox does natively in each scenario. */
const nativeFacts: Record<keyof typeof scenarios, unknown[]> = {
  shape: [
    ['global', { writable: true, enumerable: false, configurable: true, same: true }],
    ['toString', 'function WebSocket() {\n    [native code]\n}', 'function send() {\n    [native code]\n}', 'function toString() {\n    [native code]\n}'],
    ['subclass', true, true, true, 'hi 0', true],
  ],
  constructorExceptions: [
    ['page code ran', { toString: 1, iterator: 1, getter: 1 }],
    ['protocol string', 'protocol', 'chat', 1],
  ],
  closeExceptions: [['close event', 4000, 'bye', true, 'valueOf ran', 1]],
  // Firefox runs a capture listener on the target before the others.
  eventOrderAndListenerOptions: ['capture', 'once', 'until aborted', ['binaryType', 'arraybuffer']],
  failures: [['handshake rejected: listener', { type: 'error', trusted: true, phase: 2, readyState: 3 }]],
  bufferedAmount: [
    ['bufferedAmount right after each send', [4194304, 8388608, 12582912, 16777216, 16777220]],
    ['still buffered while the server pauses', true],
  ],
  valuesAreNotConverted: [['page code ran', { toString: 1, toStringTag: 1, blobArrayBuffer: 0, blobText: 0, blobStream: 0, proxyTraps: 3 }]],
}

describe.each<Where>(['top', 'iframe'])('Firefox: WebSocket behaves the same with the extension (%s)', (where) => {
  it.each(Object.entries(scenarios))('%s', async (name, scenario) => {
    await same(name, scenario, where, nativeFacts[name as keyof typeof scenarios])
  })
})

describe('Firefox: what still differs', () => {
  it("the browser's exceptions list our hook's frames in their stack", async () => {
    const { instrumented } = await same('closeExceptions', scenarios.closeExceptions, 'top', [])
    expect(JSON.stringify(instrumented.trace)).toMatch(OUR_FRAMES)
  })
})
