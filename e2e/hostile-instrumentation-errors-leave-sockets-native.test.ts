// Our own instrumentation failing at every guarded step (a build where each one throws on purpose): the
// page's sockets behave exactly as without the extension, and the panel says the instrumentation failed.
// The switch is a build-time define that is false in the shipped bundles, which must not contain it.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { readRows } from './helpers/delivery.ts'
import { useDifferential } from './helpers/differential.ts'
import { buildFaults, FAULTS, SHIPPED } from './helpers/fault-builds.ts'
import { everyWebSocketEvent, everyWebSocketStreamEvent } from './scenarios/capture.ts'
import * as websocket from './scenarios/websocket.ts'
import * as websocketstream from './scenarios/websocketstream.ts'

const PAGE_SCRIPT = 'src/content/page/page.js'

describe.each(browsers)('%s: every guarded step of the instrumentation throws', (kind) => {
  beforeAll(() => void buildFaults(kind.name), 90_000)
  const env = useDifferential(kind, `instrumentation-errors-${kind.name.toLowerCase()}`, { dist: FAULTS[kind.name] })

  // Scenarios that reach every hook: constructors, send/close with every kind of argument, the socket's
  // events through listeners and handlers, binaryType, bufferedAmount, the shape the page sees; and where
  // the browser has WebSocketStream, opened/closed, reads and writes, cancel/abort, close options.
  const scenarios = {
    everyWebSocketEvent,
    ...websocket,
    ...(kind.has.webSocketStream && {
      everyWebSocketStreamEvent,
      settleOrderEchoAndClose: websocketstream.settleOrderEchoAndClose,
      cancelAndAbortReasons: websocketstream.cancelAndAbortReasons,
      streamUsagePatterns: websocketstream.streamUsagePatterns,
    }),
  }
  it.each(Object.entries(scenarios))('%s behaves as without the extension', async (name, scenario) => {
    const { native } = await env.same(name, scenario, 'top')
    expect(native.trace.length).toBeGreaterThan(2)
  })

  it('is reported in the panel as instrumentation errors, with no half-captured connection', async () => {
    const panel = await env.differential.instrumented.openPanelTab(env.differential.instrumentedPage)
    const banner = await panel.waitForText('[role="alert"]', /^\d+ instrumentation errors?;/)
    expect(Number(/^(\d+)/.exec(banner)![1])).toBeGreaterThan(0)
    expect(await readRows(panel)).toEqual([])
    await panel.close()
  })

  it('the fault build has the switch on; the shipped bundle carries no trace of it', () => {
    expect(readFileSync(resolve(FAULTS[kind.name], PAGE_SCRIPT), 'utf8')).toContain('forced fault in')
    expect(readFileSync(resolve(SHIPPED[kind.name], PAGE_SCRIPT), 'utf8')).not.toMatch(/forced fault|__WSS_TEST_FAULTS__/)
  })
})
