// The setup most end-to-end files share: a playground server and one browser with the built extension,
// started before the file's tests and closed after them, whether or not the tests passed.
import type { Page } from 'playwright-core'
import type { Page as FirefoxPage } from 'puppeteer-core'
import { afterAll, beforeAll } from 'vitest'
import { startPlayground, type Playground } from '../../playground/server.ts'
import { launchChromium, type ChromiumSession, type DevToolsPanel } from '../../drivers/chromium.ts'
import { launchFirefox, openToolboxPanel, type FirefoxSession, type ToolboxPanel } from '../../drivers/firefox.ts'

/** A value a beforeAll hook sets; reading it before then (or after the hook failed) says so. */
function started<T>(what: string, value: T | undefined): T {
  if (value === undefined) throw new Error(`${what} has not started (did beforeAll fail?)`)
  return value
}

/**
 * Registers beforeAll/afterAll hooks, in the calling file or describe block, that start the playground
 * and then launch `launch()`; afterAll closes the browser first, then the playground.
 */
function useBrowserAndPlayground<B extends { close(): Promise<void> }>(name: string, launch: () => Promise<B>) {
  let playground: Playground | undefined
  let browser: B | undefined
  beforeAll(async () => {
    playground = await startPlayground()
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

/** The playground and a Chromium with the extension, for the tests of the calling file or describe block. */
export function useChromiumAndPlayground(): { readonly playground: Playground; readonly chromium: ChromiumSession } {
  const use = useBrowserAndPlayground('Chromium', () => launchChromium())
  return {
    get playground() {
      return use.playground()
    },
    get chromium() {
      return use.browser()
    },
  }
}

/** The playground and a Firefox with the add-on, for the tests of the calling file or describe block. */
export function useFirefoxAndPlayground(options: Parameters<typeof launchFirefox>[0] = {}): {
  readonly playground: Playground
  readonly firefox: FirefoxSession
} {
  const use = useBrowserAndPlayground('Firefox', () => launchFirefox(options))
  return {
    get playground() {
      return use.playground()
    },
    get firefox() {
      return use.browser()
    },
  }
}

/**
 * The playground and a Chromium with the extension, plus a page on the playground's `path` and the real
 * DevTools panel inspecting it, opened before the tests of the calling file.
 */
export function useChromiumDevToolsPanel(path = '') {
  const env = useChromiumAndPlayground()
  let page: Page | undefined
  let panel: DevToolsPanel | undefined
  beforeAll(async () => {
    page = await env.chromium.newPage()
    await page.goto(`${env.playground.url}${path}`)
    panel = await env.chromium.openDevToolsPanel(page)
  })
  return {
    get playground() {
      return env.playground
    },
    get chromium() {
      return env.chromium
    },
    get page() {
      return started('the inspected page', page)
    },
    get panel() {
      return started('the DevTools panel', panel)
    },
  }
}

/**
 * The playground and a Firefox with the add-on, plus a page on the playground and the panel in the real
 * toolbox inspecting it, opened before the tests of the calling file; the toolbox closes before the browser.
 */
export function useFirefoxToolboxPanel(options: Parameters<typeof launchFirefox>[0] = {}) {
  const env = useFirefoxAndPlayground(options)
  let page: FirefoxPage | undefined
  let toolbox: ToolboxPanel | undefined
  beforeAll(async () => {
    page = await env.firefox.browser.newPage()
    await page.goto(env.playground.url)
    toolbox = await openToolboxPanel(env.firefox, page)
  })
  // Registered after the browser's hooks, so it runs first (afterAll hooks run in reverse).
  afterAll(async () => {
    await toolbox?.close().catch(() => {})
  })
  return {
    get playground() {
      return env.playground
    },
    get firefox() {
      return env.firefox
    },
    get page() {
      return started('the inspected page', page)
    },
    get toolbox() {
      return started('the toolbox panel', toolbox)
    },
  }
}
