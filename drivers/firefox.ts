// Firefox for the tests: stock Firefox ESR driven by puppeteer-core over WebDriver BiDi, with the built
// add-on installed under a fixed moz-extension UUID. The real toolbox is firefox-toolbox.ts; the privileged
// steps (the event page, every HTTP channel) are firefox-chrome.ts.
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { GECKO_ID } from '../build/manifest.ts'
import { type BrowserDriver, type BrowserKind, type BrowserPage, type LaunchOptions, pageWrappers } from './browser.ts'
import { addonInstance, backgroundState, recordHttpChannels, terminateEventPage } from './firefox-chrome.ts'
import { openToolboxPanel } from './firefox-toolbox.ts'
import { type PanelDriver, panelDriver } from './panel.ts'
import { proxyAddress } from './loopback-proxy.ts'
import { DIST_FIREFOX, PANEL_PATH, firefoxPath, requireBuild } from './paths.ts'
import { EVENT_TIMEOUT_MS, waitFor, withTimeout } from './wait.ts'

/** The moz-extension UUID of our add-on in every test Firefox (pinned with `extensions.webextensions.uuids`). */
const FIXED_UUID = '5d0c3a57-7e0f-4b8e-9b1a-0f3c2d6e9a41'

export interface FirefoxSession {
  browser: Browser
  /** `moz-extension://<uuid>/<path>`; a leading slash in `path` is ignored. */
  extensionUrl(path: string): string
  /** Closes the browser and kills its process group; safe to call more than once. */
  close(): Promise<void>
}

/** Prefs that save every download into `dir` without asking. */
function downloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
  }
}

/** Prefs that send every request off loopback to the proxy at `address`; loopback stays direct. */
function proxyPrefs(address: string): Record<string, unknown> {
  const [host, port] = address.split(':')
  return {
    'network.proxy.type': 1,
    'network.proxy.http': host,
    'network.proxy.http_port': Number(port),
    'network.proxy.ssl': host,
    'network.proxy.ssl_port': Number(port),
    'network.proxy.allow_hijacking_localhost': false,
  }
}

/**
 * Launches Firefox with (or, for differential runs, without) the built add-on; `dist` installs another build
 * of it. Tests talk only to 127.0.0.1: a release build takes another remote-settings server only with
 * MOZ_REMOTE_SETTINGS_DEVTOOLS=1, and it must be a URL with a path: given the usual test dummy
 * (`data:,#remote-settings-dummy/v1`) outside Mozilla's own test harness, the Rust remote-settings client
 * (RustSharedRemoteSettingsService.sys.mjs, ESR 153) falls back to Mozilla's production server. A closed
 * loopback port refuses at once.
 */
export async function launchFirefox({ extension = true, dist = DIST_FIREFOX, downloads }: LaunchOptions = {}): Promise<FirefoxSession> {
  const build = extension ? requireBuild(dist) : null
  const proxy = proxyAddress()
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Lets BiDi reach moz-extension pages and the browser's chrome contexts.
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      'services.settings.server': 'http://127.0.0.1:1/remote-settings-off/v1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIXED_UUID }),
      // openToolboxPanel looks for the toolbox inside the browser window: keep it docked there.
      'devtools.toolbox.host': 'bottom',
      // No "what's new"/onboarding surprises in the toolbox.
      'devtools.everOpened': true,
      ...(downloads ? downloadPrefs(downloads) : {}),
      ...(proxy ? proxyPrefs(proxy) : {}),
    },
  })

  const pid = browser.process()?.pid
  // Puppeteer starts Firefox as the leader of its own process group: killing the group also ends the
  // content processes. Synchronous, so that it also works from an 'exit' hook: a Firefox started by a test
  // survives a crashed test process otherwise.
  const kill = () => {
    if (pid === undefined) return
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
  }
  const onExit = () => kill()
  const onSignal = (signal: NodeJS.Signals) => {
    kill()
    removeHooks()
    // We replaced the default action of the signal by listening to it: end the process as it would have.
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  const removeHooks = () => {
    process.off('exit', onExit)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.on('exit', onExit)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      try {
        await withTimeout(browser.close(), 10_000, 'browser.close() hung')
      } catch {
        // Killed below either way.
      } finally {
        kill()
        removeHooks()
      }
    })())

  if (build)
    try {
      const id = await withTimeout(browser.installExtension(build), EVENT_TIMEOUT_MS, `installing the add-on from ${build} hung`)
      if (id !== GECKO_ID) throw new Error(`Installed add-on has id ${id}, expected ${GECKO_ID} (build/manifest.ts)`)
    } catch (error) {
      await close()
      throw error
    }

  return { browser, extensionUrl: (path) => `moz-extension://${FIXED_UUID}/${path.replace(/^\/+/, '')}`, close }
}

/**
 * Navigates `page` to an extension url and waits until that document has loaded. `page.goto` to a
 * moz-extension url never resolves under BiDi in Firefox (no load event reaches puppeteer), so it is not
 * awaited; the document is polled instead.
 */
async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  // Rejects only later (timeout, or the page closing); that rejection is expected and carries no information.
  page.goto(url).catch(() => {})
  await waitFor(`${url} to load`, async () => {
    const state = await withTimeout(
      page.evaluate(() => ({ href: location.href, readyState: document.readyState })),
      2_000,
      'page.evaluate did not answer',
    )
    return state.href === url && state.readyState === 'complete'
  })
}

interface TabInfo {
  id: number
  active: boolean
  /** Present only for tabs whose origin our host permissions (the content scripts' matches) cover. */
  url?: string
}

/**
 * Opens our panel page as a tab of its own, inspecting the tab that shows `inspectedPage`.
 *
 * The panel needs the inspected tab's WebExtension id (`?tabId=N`), which puppeteer does not know (its
 * ids are BiDi browsing context ids) and the extension has no "tabs" permission to look up by url. So:
 *  1. open the panel page without `?tabId`, in a new tab;
 *  2. bring `inspectedPage` to the front (BiDi `browsingContext.activate`): it becomes the one active tab
 *     of its window;
 *  3. in the panel page, `tabs.getCurrent()` (the panel's own tab) and `tabs.query({})`; the inspected tab
 *     is the one tab that is not the panel's own tab, is active, and — when Firefox reveals the url, which it
 *     does for origins our content scripts match — shows `inspectedPage.url()`.
 * Activation is the only selector that does not depend on what the test happens to have open (tab order,
 * indices, other tabs with the same url), and the url check guards against activation not having taken
 * effect yet. Exactly one candidate is required, re-queried until then, else this fails with the tab list.
 * The inspected page is left in front, which is where the page under test should be; the panel updates
 * from a background tab all the same.
 */
async function openPanelTab(session: FirefoxSession, inspectedPage: Page): Promise<{ panel: Page; tabId: number }> {
  const panel = await session.browser.newPage()
  try {
    await gotoExtensionPage(panel, session.extensionUrl(PANEL_PATH))
    await inspectedPage.bringToFront()
    const expectedUrl = inspectedPage.url()
    let last: { current: TabInfo | undefined; tabs: TabInfo[] } | undefined
    const tabId = await waitFor(`exactly one candidate tab for ${expectedUrl}`, async () => {
      last = await panel.evaluate(async () => {
        type Tab = { id?: number; active: boolean; url?: string }
        const tabs = (globalThis as unknown as { browser: { tabs: { getCurrent(): Promise<Tab | undefined>; query(q: object): Promise<Tab[]> } } }).browser.tabs
        const pick = (t: Tab) => ({ id: t.id ?? -1, active: t.active, url: t.url })
        const current = await tabs.getCurrent()
        return { current: current && pick(current), tabs: (await tabs.query({})).map(pick) }
      })
      const { current, tabs } = last
      if (!current) throw new Error('tabs.getCurrent() returned nothing in the panel page')
      const candidates = tabs.filter((t) => t.id !== current.id && t.active && (t.url === undefined || t.url === expectedUrl))
      return candidates.length === 1 ? candidates[0]!.id : undefined
    }).catch((error: Error) => {
      throw new Error(`${error.message}; panel tab ${JSON.stringify(last?.current)}, tabs ${JSON.stringify(last?.tabs)}`)
    })
    await gotoExtensionPage(panel, `${session.extensionUrl(PANEL_PATH)}?tabId=${tabId}`)
    return { panel, tabId }
  } catch (error) {
    await panel.close().catch(() => {})
    throw error
  }
}

/**
 * The panel in a Puppeteer tab. Clicks are trusted (BiDi input), with the panel tab brought to the front
 * first: Firefox hardly paints a hidden tab, and BiDi input waits for paints (in a background panel tab a
 * click took seconds, growing with each click). Values and keys are set and dispatched in the document.
 */
function puppeteerPanel(page: Page): PanelDriver {
  return panelDriver({
    // As JSON, as the contract says: puppeteer's BiDi deserializer turns an object met twice in one value (the
    // `source` every entry of a batch shares) into undefined after its first appearance.
    async evaluate<T>(expression: string) {
      const json = (await page.evaluate(`(async () => JSON.stringify({ v: await (${expression}) }))()`)) as string
      return (JSON.parse(json) as { v?: T }).v as T
    },
    async click(selector) {
      await page.bringToFront()
      await page.locator(selector).setTimeout(EVENT_TIMEOUT_MS).click()
    },
    close: () => page.close(),
  })
}

/** A Puppeteer page in the common shape. */
function browserPage(page: Page): BrowserPage {
  return {
    url: () => page.url(),
    async goto(url) {
      await page.goto(url)
    },
    async reload() {
      await page.reload()
    },
    evaluate: ((fn: string | ((arg: unknown) => unknown), arg?: unknown) =>
      arg === undefined ? page.evaluate(fn as never) : page.evaluate(fn as never, arg)) as BrowserPage['evaluate'],
    async addInitScript(fn) {
      await page.evaluateOnNewDocument(fn)
    },
    mainFrame: () => page.mainFrame(),
    frames: () => page.frames(),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  }
}

function firefoxDriver(session: FirefoxSession): BrowserDriver {
  const { browser } = session
  const { wrap, native } = pageWrappers<Page>('Firefox', browserPage)
  const given = new WeakSet<Page>()
  const driver: BrowserDriver = {
    name: 'Firefox',
    has: firefoxBrowser.has,
    extensionUrl: session.extensionUrl,
    async newPage() {
      // The tab the browser opened at launch first, so that no test leaves an empty tab beside its own.
      const blank = (await browser.pages()).find((p) => p.url() === 'about:blank' && !given.has(p))
      const page = blank ?? (await browser.newPage())
      given.add(page)
      return wrap(page)
    },
    pages: async () => (await browser.pages()).map(wrap),
    async openPanelTab(page) {
      const { panel, tabId } = await openPanelTab(session, native(page))
      // Under BiDi, puppeteer's page.url() does not follow a navigation to a moz-extension url: this tab
      // still says about:blank, and must not pass for a fresh one.
      given.add(panel)
      return { tabId, ...puppeteerPanel(panel) }
    },
    openDevToolsPanel: (page) => openToolboxPanel(browser, native(page)),
    async stopBackground() {
      await driver.waitForBackground()
      await terminateEventPage(browser)
      await waitFor('the event page to stop', async () => (await backgroundState(browser)) === 'stopped')
    },
    async waitForBackground() {
      await waitFor('the event page to run', async () => (await backgroundState(browser)) === 'running')
    },
    async reloadExtension() {
      const before = await addonInstance(browser)
      const extensionPage = await browser.newPage()
      await gotoExtensionPage(extensionPage, session.extensionUrl(`${PANEL_PATH}?tabId=0`))
      void extensionPage.evaluate(() => (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload()).catch(() => {})
      await waitFor('the add-on to run again, reloaded', async () => ![before, ''].includes(await addonInstance(browser)))
      await extensionPage.close().catch(() => {})
    },
    async recordRequests() {
      const own = session.extensionUrl('').replace(/\/$/, '')
      const channels = await recordHttpChannels(browser)
      return {
        async stop() {
          return (await channels.stop()).map((c) => ({ url: c.url, byExtension: c.triggering.includes(own) || c.loading.includes(own) }))
        },
      }
    },
    close: () => session.close(),
  }
  return driver
}

export const firefoxBrowser: BrowserKind = {
  name: 'Firefox',
  has: { webSocketStream: false, handshakesInParallel: false, reloadBringsExtensionBack: true, quietOffLoopback: true },
  launch: async (options) => firefoxDriver(await launchFirefox(options)),
  toString: () => 'Firefox',
}
