// Firefox: our own instrumentation failing at every guarded step (the Chromium file is
// e2e/hostile-instrumentation-errors-leave-sockets-native.test.ts). A Firefox build where each
// `recorder.guard` throws on purpose (dist/firefox-faults) runs every WebSocket scenario next to a Firefox
// without the add-on: the page's sockets behave exactly the same, and the panel says the instrumentation
// failed. (That the shipped bundles carry no trace of the switch is checked by the Chromium file.)
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlayground, type Playground } from '../playground/server.ts'
import { GECKO_ID } from '../build/manifest.ts'
import { differentialRunner, sameBehaviour, type PageLike, type Run } from './helpers/differential.ts'
import { launchFirefox, openPanelTab, waitFor, type FirefoxSession } from '../drivers/firefox.ts'
import { everyWebSocketEvent } from './scenarios/capture.ts'
import { readRows } from './helpers/delivery.ts'
import { buildFirefoxFaults, swapAddon } from './scenarios/hostile-firefox.ts'
import * as websocket from './scenarios/websocket.ts'

let playground: Playground
let sessions: FirefoxSession[] = []
let faulty: FirefoxSession
let pages: Page[] = []
let run: ReturnType<typeof differentialRunner>

beforeAll(async () => {
  const dist = buildFirefoxFaults()
  expect(readFileSync(resolve(dist, 'src/content/page/page.js'), 'utf8')).toContain('forced fault in')
  playground = await startPlayground()
  // Both sides start alike; one drops the add-on, the other swaps it for the fault build.
  const launched = await Promise.allSettled([launchFirefox(), launchFirefox()])
  sessions = launched.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = launched.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  await sessions[0]!.browser.uninstallExtension(GECKO_ID)
  faulty = await swapAddon(sessions[1]!, dist)
  pages = await Promise.all(sessions.map((s) => s.browser.newPage()))
  run = differentialRunner(playground, pages as unknown as [PageLike, PageLike])
}, 90_000)

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()))
  await playground?.close()
})

/**
 * In Firefox an exception the browser throws while a hook of ours is on the stack lists the hook's frames
 * (`name@<anonymous code>:1:N`) in its `stack`, with or without the fault switch: a known difference
 * (ARCHITECTURE.md, pinned by e2e/transparency-websocket-firefox.test.ts), taken out before comparing.
 */
const OUR_FRAMES = /[^"\\\n]*@<anonymous code>:\d+:\d+\\n/g
const withoutOurFrames = (r: Run): Run => ({ ...r, trace: JSON.parse(JSON.stringify(r.trace).replace(OUR_FRAMES, '')) as unknown[] })

const same = sameBehaviour('firefox-instrumentation-errors', (name, scenario, where) => run(name, scenario, where), {
  checkNative: (native) => expect(JSON.stringify(native.trace)).not.toMatch(OUR_FRAMES),
  compared: withoutOurFrames,
})

describe('Firefox: every guarded step of the instrumentation throws', () => {
  // Every WebSocket hook: the constructor, send and close with every kind of argument, the socket's events
  // through listeners and handlers, binaryType, bufferedAmount, the shape the page sees.
  const scenarios = { everyWebSocketEvent, ...websocket }
  it.each(Object.entries(scenarios))('%s behaves as without the add-on', async (name, scenario) => {
    const { native } = await same(name, scenario, 'top')
    expect(native.trace.length).toBeGreaterThan(1)
  })

  it('is reported in the panel as instrumentation errors, with no half-captured connection', async () => {
    const panel = await openPanelTab(faulty, pages[1]!)
    const banner = await waitFor('the instrumentation error banner', () => panel.evaluate(() => document.querySelector('[role="alert"]')?.textContent ?? null))
    const [, count] = /^(\d+) instrumentation errors?;/.exec(banner) ?? []
    expect(Number(count), banner).toBeGreaterThan(0)
    expect(await readRows(panel)).toEqual([])
    await panel.close()
  })
})
