// The setup most end-to-end files share: a playground server and one browser with the built extension,
// started before the tests of the calling file or describe block and closed after them, whether or not
// they passed. With `describe.each(browsers)` each browser gets its own.
import { afterAll, beforeAll } from 'vitest'
import type { BrowserDriver, BrowserKind, BrowserPage, LaunchOptions } from '../../drivers/browser.ts'
import { launchChromium, type ChromiumSession } from '../../drivers/chromium.ts'
import type { DevToolsPanelDriver } from '../../drivers/panel.ts'
import { EVENT_TIMEOUT_MS } from '../../drivers/wait.ts'
import { startPlayground, type Playground } from '../../playground/server.ts'

/** A value a beforeAll hook sets; reading it before then (or after the hook failed) says so. */
function started<T>(what: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`${what} has not started (did beforeAll fail?)`)
  return value
}

/** The playground, its server-log waits bounded like every other wait of the suite (its own default is 5 s). */
export async function startPatientPlayground(): Promise<Playground> {
  const playground = await startPlayground()
  return { ...playground, waitForLog: (predicate, timeoutMs = EVENT_TIMEOUT_MS) => playground.waitForLog(predicate, timeoutMs) }
}

/** Starts the playground and then `launch()`; afterAll closes the browser first, then the playground. */
function usePlaygroundAnd<B extends { close(): Promise<void> }>(name: string, launch: () => Promise<B>) {
  let playground: Playground | undefined
  let browser: B | undefined
  beforeAll(async () => {
    playground = await startPatientPlayground()
    browser = await launch()
  })
  afterAll(async () => {
    try {
      await browser?.close()
    } finally {
      await playground?.close()
    }
  })
  return {
    playground: () => started('the playground', playground),
    browser: () => started(name, browser),
  }
}

/** The playground and a browser of `kind` with the extension. */
export function useBrowser(kind: BrowserKind, options: LaunchOptions = {}): { readonly playground: Playground; readonly browser: BrowserDriver } {
  const use = usePlaygroundAnd(kind.name, () => kind.launch(options))
  return {
    get playground() {
      return use.playground()
    },
    get browser() {
      return use.browser()
    },
  }
}

/** The playground and a Chromium with the extension, for the Chromium-only tests that need Playwright itself. */
export function useChromiumAndPlayground(): { readonly playground: Playground; readonly chromium: ChromiumSession } {
  const use = usePlaygroundAnd('Chromium', () => launchChromium())
  return {
    get playground() {
      return use.playground()
    },
    get chromium() {
      return use.browser()
    },
  }
}

/**
 * useBrowser, plus a page on the playground's `path` and the panel in the real DevTools inspecting it,
 * opened before the tests; the DevTools window closes before the browser.
 */
export function useDevToolsPanel(kind: BrowserKind, { path = '', ...options }: LaunchOptions & { path?: string } = {}) {
  const env = useBrowser(kind, options)
  let page: BrowserPage | undefined
  let panel: DevToolsPanelDriver | undefined
  beforeAll(async () => {
    page = await env.browser.newPage()
    await page.goto(`${env.playground.url}${path}`)
    panel = await env.browser.openDevToolsPanel(page)
  })
  // Registered after the browser's hooks, so it runs first (afterAll hooks run in reverse).
  afterAll(async () => {
    await panel?.close().catch(() => {})
  })
  return {
    get playground() {
      return env.playground
    },
    get browser() {
      return env.browser
    },
    get page() {
      return started('the inspected page', page)
    },
    get panel() {
      return started('the DevTools panel', panel)
    },
  }
}
