// The setup most end-to-end files share: a playground server and one browser with the built extension,
// started before the file's tests and closed after them, whether or not the tests passed.
import { afterAll, beforeAll } from 'vitest'
import { startPlayground, type Playground } from '../../playground/server.ts'
import { launchChromium, type ChromiumSession } from './chromium.ts'
import { launchFirefox, type FirefoxSession } from './firefox.ts'

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
export function useFirefoxAndPlayground(options: Parameters<typeof launchFirefox>[0] = {}): { readonly playground: Playground; readonly firefox: FirefoxSession } {
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
