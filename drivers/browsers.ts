import type { BrowserKind } from './browser.ts'
import { chromiumBrowser } from './chromium.ts'
import { firefoxBrowser } from './firefox.ts'

/** Every browser the extension supports: a behaviour is written once and run in each, `describe.each(browsers)`. */
export const browsers: BrowserKind[] = [chromiumBrowser, firefoxBrowser]
