// Chromium for the tests and the bench: Debian's Chromium driven by Playwright, plus a raw CDP client for
// what Playwright cannot see (the DevTools front-end and the panel's iframe, the service worker's state).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import { type BrowserDriver, type BrowserKind, type BrowserPage, type LaunchOptions, pageWrappers } from './browser.ts'
import { Cdp } from './cdp.ts'
import { openDevToolsPanel } from './chromium-devtools.ts'
import { recordRequests } from './chromium-requests.ts'
import { type DevToolsPanelDriver, type PanelDriver, panelDriver } from './panel.ts'
import { proxyAddress } from './loopback-proxy.ts'
import { chromiumPath, DIST_CHROME, PANEL_PATH, requireBuild } from './paths.ts'
import { EVENT_TIMEOUT_MS, waitFor } from './wait.ts'

export interface ChromiumSession {
  context: BrowserContext
  /** Browser-level CDP, for the targets Playwright does not list (DevTools, the panel's iframe). */
  cdp: Cdp
  extensionId: string | null
  newPage(): Promise<Page>
  /** The tab id the extension knows `page` by (brought to the front to find it). */
  tabIdOf(page: Page): Promise<number>
  /** The panel as a tab of its own, inspecting `tabId`. */
  openPanelFor(tabId: number): Promise<Page>
  /** The panel as a tab of its own, inspecting the tab of `page`. */
  openPanelTab(page: Page): Promise<Page>
  openDevToolsPanel(page: Page): Promise<DevToolsPanelDriver>
  /** Saves every later download, from any page or DevTools, into `dir` under its own file name. */
  downloadsTo(dir: string): Promise<void>
  /** Stops the extension's service worker, as Chromium does when it idles, and resolves once it has stopped. */
  stopServiceWorker(): Promise<void>
  /** Resolves once the service worker runs (after a stop: once something woke it). */
  waitForServiceWorker(): Promise<void>
  /** `chrome.runtime.reload()`, resolved once the extension's pages closed: Chromium does not bring it back. */
  reloadExtension(): Promise<void>
  close(): Promise<void>
}

/**
 * Launches Debian's Chromium with (or, for differential tests, without) the built extension; `dist`
 * picks another build of it (the fault-injection build).
 */
export async function launchChromium({ extension = true, dist: build = DIST_CHROME, downloads }: LaunchOptions = {}): Promise<ChromiumSession> {
  const executablePath = chromiumPath()
  const dist = extension ? requireBuild(build) : null
  const profileDir = mkdtempSync(join(tmpdir(), 'wss-devtools-chromium-'))
  const proxy = proxyAddress()
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 700 },
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      // Loopback stays direct (Chromium's implicit bypass rule); everything else meets the refusing proxy.
      ...(proxy ? [`--proxy-server=http://${proxy}`] : []),
      ...(dist ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : ['--disable-extensions']),
    ],
  })
  let cdp: Cdp | undefined
  const closeAll = async () => {
    cdp?.close()
    await context.close().catch(() => {})
    rmSync(profileDir, { recursive: true, force: true })
  }
  try {
    const port = await waitFor('DevToolsActivePort', () => readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n'))
    cdp = await Cdp.connect(`ws://127.0.0.1:${port[0]}${port[1]}`)
    const serviceWorker = dist ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))) : null
    const session = createSession(context, cdp, serviceWorker ? new URL(serviceWorker.url()).host : null, closeAll)
    if (downloads) await session.downloadsTo(downloads)
    return session
  } catch (error) {
    await closeAll()
    throw error
  }
}

function createSession(context: BrowserContext, cdp: Cdp, extensionId: string | null, close: () => Promise<void>): ChromiumSession {
  const needExtension = (what: string) => {
    if (!extensionId) throw new Error(`${what} needs the extension`)
    return extensionId
  }
  const worker = serviceWorkerControl(context, () => needExtension('the service worker'))
  const session: ChromiumSession = {
    context,
    cdp,
    extensionId,
    close,
    async newPage() {
      const blank = context.pages().find((p) => p.url() === 'about:blank')
      return blank ?? context.newPage()
    },
    async tabIdOf(page) {
      // Without the "tabs" permission tabs carry no url, so the tab is found as the active one. Asked from
      // an extension page, not the service worker: Playwright's handle on that hangs once it was stopped.
      const asker = await worker.page()
      await page.bringToFront()
      return asker.evaluate(async () => {
        type Tabs = { query(q: object): Promise<Array<{ id?: number }>> }
        const { tabs } = (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome
        const [tab] = await tabs.query({ active: true, lastFocusedWindow: true })
        if (tab?.id === undefined) throw new Error('no active tab')
        return tab.id
      })
    },
    async openPanelFor(tabId) {
      const panel = await context.newPage()
      await panel.goto(`chrome-extension://${needExtension('openPanelFor')}/${PANEL_PATH}?tabId=${tabId}`)
      return panel
    },
    async openPanelTab(page) {
      return session.openPanelFor(await session.tabIdOf(page))
    },
    openDevToolsPanel: (page) => openDevToolsPanel(context, cdp, needExtension('openDevToolsPanel'), page),
    async downloadsTo(dir) {
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir })
    },
    stopServiceWorker: () => worker.stop(),
    waitForServiceWorker: () => worker.running(),
    async reloadExtension() {
      const id = needExtension('reloadExtension')
      const extensionPage = await context.newPage()
      await extensionPage.goto(`chrome-extension://${id}/${PANEL_PATH}?tabId=0`)
      // A reload closes the extension's own pages: that is the sign it happened.
      const closed = extensionPage.waitForEvent('close', { timeout: EVENT_TIMEOUT_MS })
      void extensionPage.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => {})
      await closed
      worker.forget()
    },
  }
  return session
}

/**
 * Stops and watches the extension's service worker through the CDP ServiceWorker domain of one of the
 * extension's own pages, its manifest shown in a tab (from a web page's session, stopWorker left it running
 * in Chromium 156). Playwright's worker handle never notices a stop, so only these events are used.
 */
function serviceWorkerControl(context: BrowserContext, extensionId: () => string) {
  let control: Promise<{ page: Page; client: CDPSession; history: string[]; versionId: () => string | undefined }> | undefined
  const open = async () => {
    const page = await context.newPage()
    await page.goto(`chrome-extension://${extensionId()}/manifest.json`)
    const client = await context.newCDPSession(page)
    const history: string[] = []
    let versionId: string | undefined
    client.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
      for (const v of versions)
        if (v.scriptURL.startsWith(`chrome-extension://${extensionId()}/`)) {
          versionId = v.versionId
          history.push(v.runningStatus)
        }
    })
    await client.send('ServiceWorker.enable')
    return { page, client, history, versionId: () => versionId }
  }
  const get = () => (control ??= open())
  const running = async () => {
    const { history } = await get()
    await waitFor('the service worker to run', () => history.lastIndexOf('running') > history.lastIndexOf('stopped'))
  }
  return {
    page: async () => (await get()).page,
    /** After an extension reload, which closes the control page: the next call opens another. */
    forget: () => (control = undefined),
    running,
    async stop() {
      await running()
      const { client, history, versionId } = await get()
      const from = history.length
      await client.send('ServiceWorker.stopWorker', { versionId: versionId()! })
      await waitFor('the service worker to stop', () => history.slice(from).includes('stopped'))
    },
  }
}

/** The panel in a Playwright page: Playwright's input is trusted and waits for the element. */
function playwrightPanel(page: Page): PanelDriver {
  const options = { timeout: EVENT_TIMEOUT_MS }
  return panelDriver({
    evaluate: (expression) => page.evaluate(expression),
    click: (selector) => page.click(selector, options),
    async fill(selector, value) {
      if ((await page.locator(selector).evaluate((e) => e.tagName, undefined, options)) === 'SELECT') await page.selectOption(selector, value, options)
      else await page.fill(selector, value, options)
    },
    press: (selector, key) => page.press(selector, key, options),
    setFile: (selector, name, content) => page.setInputFiles(selector, { name, mimeType: 'application/json', buffer: Buffer.from(content) }, options),
    close: () => page.close(),
  })
}

/** A Playwright page in the common shape. */
function browserPage(page: Page): BrowserPage {
  return {
    url: () => page.url(),
    async goto(url) {
      await page.goto(url)
    },
    async reload() {
      await page.reload()
    },
    evaluate: ((fn: string | ((arg: unknown) => unknown), arg?: unknown) => page.evaluate(fn as never, arg)) as BrowserPage['evaluate'],
    async addInitScript(fn) {
      await page.addInitScript(fn)
    },
    mainFrame: () => page.mainFrame(),
    frames: () => page.frames(),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
    async exposeFramesReceived(name) {
      let received = 0
      page.on('websocket', (ws) => ws.on('framereceived', () => received++))
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) received = 0
      })
      await page.exposeBinding(name, () => received)
    },
  }
}

function chromiumDriver(session: ChromiumSession): BrowserDriver {
  const { wrap, native } = pageWrappers<Page>('Chromium', browserPage)
  const given = new WeakSet<Page>()
  return {
    name: 'Chromium',
    has: chromiumBrowser.has,
    extensionUrl: (path) => `chrome-extension://${session.extensionId}/${path.replace(/^\/+/, '')}`,
    async newPage() {
      // The tab the browser opened at launch first, so that no test leaves an empty tab beside its own.
      const blank = session.context.pages().find((p) => p.url() === 'about:blank' && !given.has(p))
      const page = blank ?? (await session.context.newPage())
      given.add(page)
      return wrap(page)
    },
    pages: async () => session.context.pages().map(wrap),
    async openPanelTab(page) {
      const tabId = await session.tabIdOf(native(page))
      return { tabId, ...playwrightPanel(await session.openPanelFor(tabId)) }
    },
    openDevToolsPanel: (page) => session.openDevToolsPanel(native(page)),
    stopBackground: () => session.stopServiceWorker(),
    waitForBackground: () => session.waitForServiceWorker(),
    reloadExtension: () => session.reloadExtension(),
    recordRequests: () => recordRequests(session.context, session.cdp, session.extensionId!),
    close: () => session.close(),
  }
}

export const chromiumBrowser: BrowserKind = {
  name: 'Chromium',
  has: { webSocketStream: true, handshakesInParallel: true, reloadBringsExtensionBack: false, quietOffLoopback: false },
  launch: async (options) => chromiumDriver(await launchChromium(options)),
  toString: () => 'Chromium',
}
