// Our own instrumentation failing at every guarded step (a build where each one throws on purpose): the
// page's sockets behave exactly as without the extension, and the panel says the instrumentation failed.
// The switch is a build-time define that is false in the shipped bundles, which must not contain it.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlayground, type Playground } from '../playground/server.ts'
import { launchChromium, type ChromiumSession } from '../drivers/chromium.ts'
import { differentialRunner, sameBehaviour, type PageLike } from './helpers/differential.ts'
import { DIST_CHROME, DIST_FIREFOX, requireBuild, ROOT } from '../drivers/paths.ts'
import { everyWebSocketEvent, everyWebSocketStreamEvent } from './scenarios/capture.ts'
import * as websocket from './scenarios/websocket.ts'
import * as websocketstream from './scenarios/websocketstream.ts'

const DIST_FAULTS = resolve(ROOT, 'dist/chrome-faults')
const PAGE_SCRIPT = 'src/content/page/page.js'

let playground: Playground
let sessions: ChromiumSession[] = []
let pages: Page[] = []

beforeAll(async () => {
  execFileSync('npx', ['vite', 'build', '--mode', 'chrome-faults', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' })
  playground = await startPlayground()
  const launched = await Promise.allSettled([launchChromium({ extension: false }), launchChromium({ dist: DIST_FAULTS })])
  sessions = launched.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = launched.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  pages = await Promise.all(sessions.map((s) => s.newPage()))
}, 90_000)

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()))
  await playground?.close()
})

const same = sameBehaviour('instrumentation-errors', (name, scenario, where) =>
  differentialRunner(playground, pages as unknown as [PageLike, PageLike])(name, scenario, where),
)

describe('Chromium: every guarded step of the instrumentation throws', () => {
  // Scenarios that reach every hook: constructors, send/close, the socket's events, opened/closed, reads
  // and writes, cancel/abort, close options.
  const scenarios = {
    everyWebSocketEvent,
    everyWebSocketStreamEvent,
    closeExceptions: websocket.closeExceptions,
    failures: websocket.failures,
    settleOrderEchoAndClose: websocketstream.settleOrderEchoAndClose,
    cancelAndAbortReasons: websocketstream.cancelAndAbortReasons,
    streamUsagePatterns: websocketstream.streamUsagePatterns,
  }
  it.each(Object.entries(scenarios))('%s behaves as without the extension', async (name, scenario) => {
    const { native } = await same(name, scenario, 'top')
    expect(native.trace.length).toBeGreaterThan(3)
  })

  it('is reported in the panel as instrumentation errors, with no half-captured connection', async () => {
    const faulty = sessions[1]!
    const panel = await faulty.openPanelTab(pages[1]!)
    const banner = await panel.locator('[role="alert"]').textContent({ timeout: 10_000 })
    const [, count] = /^(\d+) instrumentation errors?;/.exec(banner ?? '') ?? []
    expect(Number(count)).toBeGreaterThan(0)
    expect(await panel.locator('tr[data-connection-id]').count()).toBe(0)
    await panel.close()
  })
})

describe('the shipped bundles', () => {
  it('carry no trace of the fault switch (while the fault build does)', () => {
    expect(readFileSync(resolve(DIST_FAULTS, PAGE_SCRIPT), 'utf8')).toContain('forced fault in')
    for (const dist of [DIST_CHROME, DIST_FIREFOX]) {
      const script = readFileSync(resolve(requireBuild(dist), PAGE_SCRIPT), 'utf8')
      expect(script).not.toMatch(/forced fault|__WSS_TEST_FAULTS__/)
    }
  })
})
