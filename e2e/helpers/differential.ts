import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'vitest'
import type { BrowserDriver, BrowserKind, BrowserName, BrowserPage, LaunchOptions } from '../../drivers/browser.ts'
import type { PanelTab } from '../../drivers/panel.ts'
import { ARTIFACTS } from '../../drivers/paths.ts'
import { waitFor } from '../../drivers/wait.ts'
import type { Playground, ServerLogEntry } from '../../playground/server.ts'
import type { TabEvent } from '../../src/shared/protocol/index.ts'
import { createHarness, type Scenario } from '../scenarios/harness.ts'
import { startPatientPlayground } from './fixtures.ts'

/**
 * Differential runs: one scenario script, run in a browser without the extension and in one with it (of
 * the same kind), at the same time, each in a fresh document (the top window, or a same-origin iframe in
 * it). What the page recorded and what the playground server received must come out identical.
 */

export type Where = 'top' | 'iframe'

export interface Run {
  /** What the scenario recorded in the page, with this run's tag written as `<tag>`. */
  trace: unknown[]
  /** What tags this run's URLs, for the server log and the capture. */
  tag: string
  /** What the server received on this run's connections, without times; connections numbered from 0. */
  server: Array<Omit<ServerLogEntry, 'time' | 'scenario' | 'url'>>
}

interface Differential {
  playground: Playground
  instrumented: BrowserDriver
  /** The instrumented browser's page the scenarios run in. */
  instrumentedPage: BrowserPage
  run(name: string, scenario: Scenario, where: Where): Promise<{ native: Run; instrumented: Run }>
  /** Everything the background holds for the instrumented tab, as the panel receives it. */
  captured(): Promise<TabEvent[]>
  close(): Promise<void>
}

const FRAMES_BINDING = '__differentialFramesReceived'
/**
 * A scenario still running after this long is cut short, and its trace says so. A bound, not a pace: the
 * longest scenario (writeBackpressure, 48 MiB behind a 6 s pause) took over 20 s natively beside other jobs.
 */
const SCENARIO_TIMEOUT_MS = 60_000
/** How long to wait for the server to log the end of every connection a scenario opened. */
const SERVER_SETTLE_MS = 5_000

/**
 * What still differs with the extension, by browser, taken out before comparing. In Firefox an exception
 * the browser throws while our hook is on the stack lists the hook's frames (`name@<anonymous code>:1:N`) in
 * its `stack`. Chromium's are recaptured from the hook's caller (src/content/page/patch.ts); in Firefox that
 * would add an own `stack` property to a DOMException, which natively has none, and TypeErrors there also
 * carry fileName/lineNumber. e2e/transparency-websocket.test.ts pins that they are there.
 */
export const HOOK_FRAMES: Record<BrowserName, RegExp | null> = {
  Chromium: null,
  Firefox: /[^"\\\n]*@<anonymous code>:\d+:\d+\\n/g,
}

/** sameBehaviour's options for a browser: its known difference taken out, and demanded absent natively. */
function knownDifferences(name: BrowserName): SameOptions {
  const frames = HOOK_FRAMES[name]
  if (!frames) return {}
  return {
    checkNative: (native) => expect(JSON.stringify(native.trace)).not.toMatch(frames),
    compared: (r) => ({ ...r, trace: JSON.parse(JSON.stringify(r.trace).replace(frames, '')) as unknown[] }),
  }
}

/** Runs scenarios on a page without the extension and one with it, against one playground. */
function differentialRunner(playground: Playground, pages: [BrowserPage, BrowserPage]) {
  let runs = 0

  async function runOn(side: 0 | 1, tag: string, scenario: Scenario, where: Where): Promise<Run> {
    const page = pages[side]
    await page.goto(`${playground.url}blank.html?run=${tag}`)
    let frame = page.mainFrame()
    if (where === 'iframe') {
      const src = JSON.stringify(`${playground.url}blank.html?frame=${tag}`)
      await page.evaluate(`new Promise((resolve, reject) => {
        const iframe = document.createElement('iframe')
        iframe.src = ${src}
        iframe.onload = () => resolve()
        iframe.onerror = () => reject(new Error('iframe ' + ${src} + ' failed to load'))
        document.body.append(iframe)
      })`)
      frame = await waitFor('the iframe', () => page.frames().find((f) => f.url().includes(`frame=${tag}`)))
    }
    const options = { wsBase: playground.wsBase, tag, framesBinding: FRAMES_BINDING }
    const trace = await frame.evaluate(`(async () => {
      const h = (${createHarness.toString()})(${JSON.stringify(options)})
      try {
        const timeout = h.sleep(${SCENARIO_TIMEOUT_MS}).then(() => h.log('scenario timed out'))
        await Promise.race([(${scenario.toString()})(h), timeout])
      } catch (error) {
        h.log('scenario threw', h.describe(error))
      }
      return h.trace
    })()`)
    // The runs differ only by their tags, which are not behaviour.
    const untagged = JSON.parse(JSON.stringify(trace).replaceAll(tag, '<tag>')) as unknown[]
    return { trace: untagged, tag, server: await serverLog(tag) }
  }

  async function serverLog(tag: string): Promise<Run['server']> {
    const ofRun = () => {
      const connections: number[] = []
      for (const e of playground.log)
        if ((e.event === 'open' || e.event === 'rejected') && e.url?.includes(`tag=${tag}`) && !e.url.includes('handshake-race')) connections.push(e.connection)
      return connections
    }
    const ended = (c: number) => playground.log.some((e) => e.connection === c && (e.event === 'close' || e.event === 'rejected'))
    await waitFor('', () => ofRun().every(ended), SERVER_SETTLE_MS).catch(() => {})
    const connections = ofRun()
    // Connections run side by side: their entries are grouped by connection, each in the server's order.
    return playground.log
      .filter((e) => connections.includes(e.connection))
      .sort((a, b) => connections.indexOf(a.connection) - connections.indexOf(b.connection))
      .map(({ time: _time, scenario: _scenario, url: _url, connection, ...rest }) => ({ connection: connections.indexOf(connection), ...rest }))
  }

  return async (name: string, scenario: Scenario, where: Where): Promise<{ native: Run; instrumented: Run }> => {
    const id = `${++runs}-${name.replace(/[^a-z0-9]+/gi, '-')}-${where}`
    const [native, instrumented] = await Promise.all([runOn(0, `native-${id}`, scenario, where), runOn(1, `instrumented-${id}`, scenario, where)])
    return { native, instrumented }
  }
}

type RunScenario = (name: string, scenario: Scenario, where: Where) => Promise<{ native: Run; instrumented: Run }>

interface SameOptions {
  /** More demands on the native run, checked after its facts. */
  checkNative?: (native: Run) => void
  /** What of the instrumented run is compared with the native run (by default, all of it). */
  compared?: (instrumented: Run) => Run
}

/**
 * Runs a scenario with and without the extension and demands the same trace and server log; the native
 * run must also show the facts listed for the scenario, so a scenario that recorded nothing cannot pass.
 * Both runs are saved as `<file>-<scenario>-<where>` (saveRuns).
 */
function sameBehaviour(file: string, run: RunScenario, { checkNative = () => {}, compared = (r) => r }: SameOptions = {}) {
  return async (name: string, scenario: Scenario, where: Where, facts: unknown[] = []): Promise<{ native: Run; instrumented: Run }> => {
    const runs = await run(name, scenario, where)
    saveRuns(`${file}-${name}-${where}`, runs)
    const { native, instrumented } = runs
    expect(native.trace).not.toContainEqual(expect.arrayContaining(['scenario threw']))
    expect(native.trace).not.toContain('scenario timed out')
    for (const fact of facts) expect(native.trace).toContainEqual(fact)
    checkNative(native)
    expect(differences(native, compared(instrumented))).toEqual([])
    return runs
  }
}

/**
 * Registers beforeAll/afterAll hooks that start a differential in `kind` (startDifferential) for the
 * calling file or describe block and close it after its tests; `same` is sameBehaviour on it, with the
 * browser's known differences taken out, saving runs as `<file>-...`.
 */
export function useDifferential(
  kind: BrowserKind,
  file: string,
  options: LaunchOptions = {},
): {
  readonly differential: Differential
  same: ReturnType<typeof sameBehaviour>
  capture(scenario: Scenario, where: Where): Promise<CapturedByPath>
} {
  let differential: Differential | undefined
  beforeAll(async () => {
    differential = await startDifferential(kind, options)
  })
  afterAll(async () => {
    await differential?.close()
  })
  const started = () => {
    if (!differential) throw new Error('the differential has not started (did beforeAll fail?)')
    return differential
  }
  return {
    get differential() {
      return started()
    },
    same: sameBehaviour(file, (name, scenario, where) => started().run(name, scenario, where), knownDifferences(kind.name)),
    /** Runs a capture scenario, which must behave the same on both sides, and returns what the panel received of it. */
    async capture(scenario, where) {
      const runs = await started().run('capture', scenario, where)
      saveRuns(`${file}-capture-${where}`, runs)
      expect(differences(runs.native, runs.instrumented)).toEqual([])
      // The background may still be taking the last events in: read until every connection's close is there
      // (the tab log keeps a frame's events in order), and let the assertions speak if one never comes.
      let byPath = new Map<string, { url: string; events: TabEvent[] }>()
      await waitFor('every connection of the capture and its close in the tab log', async () => {
        byPath = eventsByPath(await started().captured(), runs.instrumented)
        return [...byPath.values()].every(({ events }) => events.some((e) => e.kind === 'closed'))
      }).catch(() => {})
      return { of: (path) => byPath.get(path)?.events ?? [], urlOf: (path) => byPath.get(path)?.url }
    },
  }
}

/** The captured events of each connection a capture scenario opened, by the path it logged (see eventsByPath). */
interface CapturedByPath {
  /** The events of the connection to `path`, in the order the background holds them; [] if there was none. */
  of(path: string): TabEvent[]
  /** The full url the scenario opened for `path`. */
  urlOf(path: string): string | undefined
}

/** A browser of `kind` without the extension and one with it (`options` picks its build), and a playground. */
async function startDifferential(kind: BrowserKind, options: LaunchOptions = {}): Promise<Differential> {
  const playground = await startPatientPlayground()
  const launched = await Promise.allSettled([kind.launch({ extension: false }), kind.launch(options)])
  const [plain, instrumented] = launched.map((s) => (s.status === 'fulfilled' ? s.value : null))
  if (!plain || !instrumented) {
    await Promise.all([plain?.close(), instrumented?.close(), playground.close()])
    throw (launched.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason
  }
  const pages = [await plain.newPage(), await instrumented.newPage()] as [BrowserPage, BrowserPage]
  for (const page of pages) await page.exposeFramesReceived?.(FRAMES_BINDING)
  let panel: PanelTab | undefined
  return {
    playground,
    instrumented,
    instrumentedPage: pages[1],
    run: differentialRunner(playground, pages),
    async captured() {
      panel ??= await instrumented.openPanelTab(pages[1])
      // A subscription of our own, as the panel's bridge makes it: the background answers with the tab's
      // whole log (in one `reset`, possibly followed by more entries).
      return panel.evaluate<TabEvent[]>(`(${readTabLog})(${panel.tabId})`)
    },
    async close() {
      await Promise.all([plain.close(), instrumented.close()])
      await playground.close()
    },
  }
}

/**
 * The captured events of the connections a capture scenario opened, by the path it logged for each
 * (`h.log('url', path, url)`), each list in the order the background holds them.
 */
function eventsByPath(events: TabEvent[], run: Run): Map<string, { url: string; events: TabEvent[] }> {
  const byPath = new Map<string, { url: string; events: TabEvent[] }>()
  for (const entry of run.trace) {
    if (!Array.isArray(entry) || entry[0] !== 'url') continue
    const [, path, logged] = entry as [string, string, string]
    const url = logged.replace('<tag>', run.tag)
    const ids = new Set(events.flatMap((e) => (e.kind === 'connection' && e.url === url ? [e.id] : [])))
    byPath.set(path, { url, events: events.filter((e) => ids.has((e as { id?: string }).id ?? '')) })
  }
  return byPath
}

/** The entries that differ, one line each, so a failure shows where the runs parted. */
function differences(native: Run, instrumented: Run): string[] {
  const out: string[] = []
  for (const key of ['trace', 'server'] as const) {
    const a = native[key].map((e) => JSON.stringify(e))
    const b = instrumented[key].map((e) => JSON.stringify(e))
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push(`${key}[${i}]\n  native:       ${a[i]}\n  instrumented: ${b[i]}`)
  }
  return out
}

/** Keeps both runs under artifacts/differential/, for reading what the browser does scenario by scenario. */
function saveRuns(file: string, runs: { native: Run; instrumented: Run }): void {
  const dir = join(ARTIFACTS, 'differential')
  mkdirSync(dir, { recursive: true })
  for (const [side, run] of Object.entries(runs)) writeFileSync(join(dir, `${file}.${side}.json`), JSON.stringify(run, null, 1))
}

/**
 * Runs in a panel page (either browser): subscribes as the panel's bridge does and returns the tab's whole
 * log, bytes as plain arrays so that they survive the trip back to the test. It subscribes twice at once:
 * the background answers each subscribe in order, in full (a `reset`, then its chunks), so the second
 * `reset` marks the end of the first answer, however long the chunks take.
 */
export function readTabLog(tabId: number): Promise<unknown[]> {
  return new Promise<unknown[]>((resolve) => {
    type Port = { postMessage(m: unknown): void; disconnect(): void; onMessage: { addListener(l: (m: never) => void): void } }
    const runtime = (globalThis as unknown as { chrome: { runtime: { connect(o: object): Port } } }).chrome.runtime
    const port = runtime.connect({ name: 'panel' })
    const received: unknown[] = []
    let resets = 0
    port.onMessage.addListener((message: { type: string; entries?: unknown[] }) => {
      if (message.type === 'reset' && ++resets === 2) {
        port.disconnect()
        resolve(received)
      } else received.push(...(message.entries ?? []))
    })
    for (let i = 0; i < 2; i++) port.postMessage({ type: 'subscribe', tabId, after: null })
  }).then((events) =>
    events.map((e) => {
      const event = e as { data?: unknown }
      return ArrayBuffer.isView(event.data) ? { ...event, data: [...(event.data as Uint8Array)] } : event
    }),
  )
}
