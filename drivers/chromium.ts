import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core'
import { Cdp, waitFor, type TargetInfo } from './cdp.ts'
import { chromiumPath, DIST_CHROME, PANEL_PATH, requireBuild } from './paths.ts'

export const PANEL_TITLE = 'WebSocketStream'

export interface ChromiumSession {
  context: BrowserContext
  /** Browser-level CDP, for the targets Playwright does not list (DevTools, the panel's iframe). */
  cdp: Cdp
  extensionId: string | null
  serviceWorker: Worker | null
  newPage(): Promise<Page>
  tabIdOf(page: Page): Promise<number>
  openPanelTab(page: Page): Promise<Page>
  openDevToolsPanel(page: Page): Promise<DevToolsPanel>
  /** Saves every later download, from any page or DevTools, into `dir` under its own file name. */
  downloadsTo(dir: string): Promise<void>
  close(): Promise<void>
}

/**
 * Launches Debian's Chromium with (or, for differential tests, without) the built extension; `dist`
 * picks another build of it (the fault-injection build of e2e/hostile-instrumentation-errors-*).
 */
export async function launchChromium({ extension = true, dist: build = DIST_CHROME }: { extension?: boolean; dist?: string } = {}): Promise<ChromiumSession> {
  const executablePath = chromiumPath()
  const dist = extension ? requireBuild(build) : null
  const profileDir = mkdtempSync(join(tmpdir(), 'wss-devtools-chromium-'))
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
      ...(dist ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : ['--disable-extensions']),
    ],
  })
  const closeAll = async () => {
    cdp?.close()
    await context.close().catch(() => {})
    rmSync(profileDir, { recursive: true, force: true })
  }
  let cdp: Cdp | undefined
  try {
    const port = await waitFor('DevToolsActivePort', () => readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n'))
    cdp = await Cdp.connect(`ws://127.0.0.1:${port[0]}${port[1]}`)
    const serviceWorker = dist ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))) : null
    const extensionId = serviceWorker ? new URL(serviceWorker.url()).host : null
    return createSession(context, cdp, extensionId, serviceWorker, closeAll)
  } catch (error) {
    await closeAll()
    throw error
  }
}

function createSession(
  context: BrowserContext,
  cdp: Cdp,
  extensionId: string | null,
  serviceWorker: Worker | null,
  close: () => Promise<void>,
): ChromiumSession {
  const session: ChromiumSession = {
    context,
    cdp,
    extensionId,
    serviceWorker,
    close,
    async newPage() {
      const blank = context.pages().find((p) => p.url() === 'about:blank')
      return blank ?? context.newPage()
    },
    async tabIdOf(page) {
      // Without the "tabs" permission tabs carry no url, so the tab is found as the active one.
      if (!serviceWorker) throw new Error('tabIdOf needs the extension')
      await page.bringToFront()
      return serviceWorker.evaluate(async () => {
        type Tabs = { query(q: object): Promise<Array<{ id?: number }>> }
        const { tabs } = (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome
        const [tab] = await tabs.query({ active: true, lastFocusedWindow: true })
        if (tab?.id === undefined) throw new Error('no active tab')
        return tab.id
      })
    },
    async openPanelTab(page) {
      const tabId = await session.tabIdOf(page)
      const panel = await context.newPage()
      await panel.goto(`chrome-extension://${extensionId}/${PANEL_PATH}?tabId=${tabId}`)
      return panel
    },
    openDevToolsPanel: (page) => openDevToolsPanel(context, cdp, extensionId, page),
    async downloadsTo(dir) {
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir })
    },
  }
  return session
}

/** The panel inside the real DevTools window of a page. */
export interface DevToolsPanel {
  /** Evaluates in the panel's document. */
  evaluate<T>(expression: string): Promise<T>
  waitFor<T>(what: string, expression: string, timeoutMs?: number): Promise<T>
  /** A trusted click in the middle of the first element matching the selector, scrolled into view first. */
  click(selector: string): Promise<void>
  /** Replaces the value of an input or textarea with typed text (trusted key input). */
  fill(selector: string, text: string): Promise<void>
  /** Presses one key (a KeyboardEvent `key`, e.g. 'ArrowDown', 'Enter') in the focused element (trusted key input). */
  press(key: string): Promise<void>
  /** Chooses files in a file input, as the file picker would (CDP DOM.setFileInputFiles). */
  setFiles(selector: string, paths: string[]): Promise<void>
  /** Switches DevTools' own theme setting (Settings > Preferences > Theme), as a person would. */
  setTheme(theme: 'light' | 'dark'): Promise<void>
  /** Moves DevTools into a window of its own, of this size (for screenshots of the panel alone). */
  undock(width: number, height: number): Promise<void>
  /** A PNG of the whole DevTools window, panel included. */
  screenshot(): Promise<Buffer>
}

/**
 * Opens DevTools for the page and selects our panel. This relies on DevTools internals (the
 * front-end's InspectorView); it lives here alone so that a Chromium update breaks one place.
 */
async function openDevToolsPanel(context: BrowserContext, cdp: Cdp, extensionId: string | null, page: Page): Promise<DevToolsPanel> {
  if (!extensionId) throw new Error('openDevToolsPanel needs the extension')
  const pageSession = await context.newCDPSession(page)
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: TargetInfo }
  await pageSession.detach()
  const before = new Set((await targets(cdp)).map((t) => t.targetId))
  await cdp.send('Target.openDevTools', { targetId: targetInfo.targetId })
  const devtools = await waitFor('the DevTools window to open', async () =>
    (await targets(cdp)).find((t) => t.type === 'page' && t.url.startsWith('devtools://') && !before.has(t.targetId)),
  )
  const { sessionId: devtoolsSession } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId: devtools.targetId,
    flatten: true,
  })
  const panelId = `chrome-extension://${extensionId}${PANEL_TITLE.replace(/\s/g, '')}`
  await waitFor(
    `DevTools to list the "${PANEL_TITLE}" panel`,
    () =>
      cdp.evaluate<boolean>(
        devtoolsSession,
        `(async () => {
          const UI = await import('./ui/legacy/legacy.js')
          const view = UI.InspectorView.InspectorView.maybeGetInspectorViewInstance()
          if (!view || !view.hasPanel(${JSON.stringify(panelId)})) return false
          await view.showPanel(${JSON.stringify(panelId)})
          return true
        })()`,
      ),
    20_000,
  )
  const panelUrl = `chrome-extension://${extensionId}/${PANEL_PATH}`
  const frame = await waitFor('the panel iframe', async () =>
    (await targets(cdp)).find((t) => t.type === 'iframe' && t.url.startsWith(panelUrl) && t.parentId === devtools.targetId),
  )
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: frame.targetId, flatten: true })
  await waitFor('the panel document to load', () =>
    cdp.evaluate<boolean>(sessionId, `document.readyState === 'complete' && !!document.querySelector('#app > *')`),
  )

  const panel: DevToolsPanel = {
    evaluate: (expression) => cdp.evaluate(sessionId, expression),
    waitFor: (what, expression, timeoutMs) => waitFor(what, () => cdp.evaluate(sessionId, expression), timeoutMs),
    async click(selector) {
      const box = await panel.waitFor<{ x: number; y: number }>(
        `${selector} in the panel`,
        `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return false;
           e.scrollIntoView({ block: 'center', inline: 'nearest' });
           const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 } })()`,
      )
      for (const type of ['mousePressed', 'mouseReleased'])
        await cdp.send('Input.dispatchMouseEvent', { type, x: box.x, y: box.y, button: 'left', clickCount: 1 }, sessionId)
    },
    async fill(selector, text) {
      await panel.click(selector)
      await cdp.evaluate(sessionId, `document.querySelector(${JSON.stringify(selector)}).select()`)
      if (text) await cdp.send('Input.insertText', { text }, sessionId)
      else await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 }, sessionId)
    },
    async press(key) {
      const keys: Record<string, { code: string; keyCode: number; text?: string }> = {
        Enter: { code: 'Enter', keyCode: 13, text: '\r' },
        ' ': { code: 'Space', keyCode: 32, text: ' ' },
        ArrowDown: { code: 'ArrowDown', keyCode: 40 },
        ArrowUp: { code: 'ArrowUp', keyCode: 38 },
        Tab: { code: 'Tab', keyCode: 9 },
        Backspace: { code: 'Backspace', keyCode: 8 },
      }
      const k = keys[key]
      if (!k) throw new Error(`press: no key code known for ${JSON.stringify(key)}; add it to the table`)
      const base = { key, code: k.code, windowsVirtualKeyCode: k.keyCode, nativeVirtualKeyCode: k.keyCode }
      await cdp.send('Input.dispatchKeyEvent', { type: k.text ? 'keyDown' : 'rawKeyDown', ...base, ...(k.text ? { text: k.text } : {}) }, sessionId)
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base }, sessionId)
    },
    async setFiles(selector, paths) {
      const { result } = await cdp.send<{ result: { objectId?: string } }>(
        'Runtime.evaluate',
        { expression: `document.querySelector(${JSON.stringify(selector)})` },
        sessionId,
      )
      if (!result.objectId) throw new Error(`setFiles: no element matches ${selector} in the panel`)
      await cdp.send('DOM.setFileInputFiles', { files: paths, objectId: result.objectId }, sessionId)
    },
    async setTheme(theme) {
      // DevTools calls the light theme 'default'.
      await cdp.evaluate(
        devtoolsSession,
        `(async () => {
          const Common = await import('./core/common/common.js')
          Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme === 'dark' ? 'dark' : 'default')})
        })()`,
      )
    },
    async undock(width, height) {
      await cdp.evaluate(
        devtoolsSession,
        `(async () => {
          const UI = await import('./ui/legacy/legacy.js')
          UI.DockController.DockController.instance().setDockSide('undocked')
        })()`,
      )
      const { windowId } = await waitFor('the undocked DevTools window', () =>
        cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: devtools.targetId }).catch(() => undefined),
      )
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width, height, windowState: 'normal' } })
      await waitFor('the DevTools window to take its size', () => cdp.evaluate<boolean>(devtoolsSession, `innerWidth === ${width}`), 5_000)
    },
    async screenshot() {
      const { data } = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, devtoolsSession)
      return Buffer.from(data, 'base64')
    },
  }
  return panel
}

async function targets(cdp: Cdp): Promise<TargetInfo[]> {
  return (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos
}
