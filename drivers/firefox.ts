// Firefox for end-to-end tests: stock Firefox ESR driven by puppeteer-core over WebDriver BiDi.
//
// Three entry points:
//   - launchFirefox(): one headless Firefox with the built add-on installed under a fixed moz-extension UUID;
//   - openPanelTab(): the panel page as a tab of its own (`?tabId=N`), the cheap way to test the panel;
//   - openToolboxPanel(): our panel inside the REAL DevTools toolbox. That needs privileged automation
//     (BiDi chrome contexts, Firefox DevTools internals, a frame script); all of it lives in this file only,
//     and every step fails with a message that says which step broke.
// See docs/browser-testing.md, "Firefox ESR".
import { randomUUID } from 'node:crypto'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { GECKO_ID } from '../build/manifest.ts'
import { DIST_FIREFOX, PANEL_PATH, firefoxPath, requireBuild } from './paths.ts'

/** The moz-extension UUID of our add-on in every test Firefox (pinned with `extensions.webextensions.uuids`). */
export const FIXED_UUID = '5d0c3a57-7e0f-4b8e-9b1a-0f3c2d6e9a41'

export interface FirefoxSession {
  browser: Browser
  /** The moz-extension UUID of the installed add-on (always FIXED_UUID). */
  uuid: string
  /** `moz-extension://<uuid>/<path>`; a leading slash in `path` is ignored. */
  extensionUrl(path: string): string
  /** Closes the browser and kills its process group; safe to call more than once. */
  close(): Promise<void>
}

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
}

/**
 * Polls `check` until it returns something other than undefined/null/false, or fails after `timeoutMs`
 * with an error that names `what` was awaited (and the last error `check` threw, if any).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 10_000, intervalMs = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false) return value
      lastError = undefined
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await sleep(intervalMs)
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Rejects with `message` if `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

// ---------------------------------------------------------------------------------------------
// Launch

/** Prefs that save every download into `dir` without asking (for launchFirefox's `prefs`). */
export function downloadPrefs(dir: string): Record<string, unknown> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
  }
}

/**
 * Launch options that keep Firefox off the Internet: tests talk only to 127.0.0.1. Without them every
 * Firefox fetches remote settings (fxmonitor-breaches, url-classifier-exceptions) from Mozilla; a release
 * build takes another settings server only with MOZ_REMOTE_SETTINGS_DEVTOOLS set.
 */
export const OFFLINE_FIREFOX = {
  env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
  extraPrefsFirefox: { 'services.settings.server': 'data:,#remote-settings-dummy/v1' },
}

export async function launchFirefox({ prefs = {} }: { prefs?: Record<string, unknown> } = {}): Promise<FirefoxSession> {
  const dist = requireBuild(DIST_FIREFOX)
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Lets BiDi reach moz-extension pages and the browser's chrome contexts (openToolboxPanel).
    args: ['--remote-allow-system-access'],
    ...OFFLINE_FIREFOX,
    extraPrefsFirefox: {
      ...OFFLINE_FIREFOX.extraPrefsFirefox,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIXED_UUID }),
      // openToolboxPanel looks for the toolbox inside the browser window: keep it docked there.
      'devtools.toolbox.host': 'bottom',
      // No "what's new"/onboarding surprises in the toolbox.
      'devtools.everOpened': true,
      ...prefs,
    },
  })

  const pid = browser.process()?.pid
  // Puppeteer starts Firefox as the leader of its own process group: killing the group also ends the
  // content processes. Synchronous, so that it also works from an 'exit' hook.
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

  try {
    const id = await withTimeout(browser.installExtension(dist), 20_000, `installing the add-on from ${dist} hung`)
    if (id !== GECKO_ID) throw new Error(`Installed add-on has id ${id}, expected ${GECKO_ID} (build/manifest.ts)`)
  } catch (error) {
    await close()
    throw error
  }

  return {
    browser,
    uuid: FIXED_UUID,
    extensionUrl: (path) => `moz-extension://${FIXED_UUID}/${path.replace(/^\/+/, '')}`,
    close,
  }
}

// ---------------------------------------------------------------------------------------------
// Extension pages as tabs

/**
 * Navigates `page` to an extension url and waits until that document has loaded. `page.goto` to a
 * moz-extension url never resolves under BiDi in Firefox (no load event reaches puppeteer), so it is not
 * awaited; the document is polled instead.
 */
export async function gotoExtensionPage(page: Page, url: string, timeoutMs = 10_000): Promise<void> {
  // Rejects only later (timeout, or the page closing); that rejection is expected and carries no information.
  page.goto(url).catch(() => {})
  await waitFor(
    `${url} to load`,
    async () => {
      const state = await withTimeout(
        page.evaluate(() => ({ href: location.href, readyState: document.readyState })),
        2_000,
        'page.evaluate did not answer',
      )
      return state.href === url && state.readyState === 'complete'
    },
    { timeoutMs },
  )
}

interface TabInfo {
  id: number
  index: number
  windowId: number
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
export async function openPanelTab(session: FirefoxSession, inspectedPage: Page, timeoutMs = 10_000): Promise<Page> {
  const panel = await session.browser.newPage()
  try {
    await gotoExtensionPage(panel, session.extensionUrl(PANEL_PATH), timeoutMs)
    await inspectedPage.bringToFront()
    const expectedUrl = inspectedPage.url()

    let last: { current: TabInfo | undefined; tabs: TabInfo[] } | undefined
    const tabId = await waitFor(
      `exactly one candidate tab for ${expectedUrl}`,
      async () => {
        // No named local functions in evaluated code: esbuild's keepNames (tsx) would wrap them in __name().
        const raw = await panel.evaluate(async () => {
          type Tab = { id?: number; index: number; windowId?: number; active: boolean; url?: string }
          const tabs = (globalThis as unknown as { browser: { tabs: { getCurrent(): Promise<Tab | undefined>; query(q: object): Promise<Tab[]> } } }).browser
            .tabs
          return { current: await tabs.getCurrent(), tabs: await tabs.query({}) }
        })
        const pick = (t: { id?: number; index: number; windowId?: number; active: boolean; url?: string }): TabInfo => ({
          id: t.id ?? -1,
          index: t.index,
          windowId: t.windowId ?? -1,
          active: t.active,
          url: t.url,
        })
        last = { current: raw.current && pick(raw.current), tabs: raw.tabs.map(pick) }
        const { current, tabs } = last
        if (!current) throw new Error('tabs.getCurrent() returned nothing in the panel page')
        const candidates = tabs.filter((t) => t.id !== current.id && t.active && (t.url === undefined || t.url === expectedUrl))
        return candidates.length === 1 ? candidates[0]!.id : undefined
      },
      { timeoutMs },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; panel tab ${JSON.stringify(last?.current)}, tabs ${JSON.stringify(last?.tabs)}`)
    })

    await gotoExtensionPage(panel, `${session.extensionUrl(PANEL_PATH)}?tabId=${tabId}`, timeoutMs)
    return panel
  } catch (error) {
    await panel.close().catch(() => {})
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// The real DevTools toolbox
//
// How it works (Firefox ESR 153; none of this is a stable API):
//  - puppeteer's BidiBrowser exposes its raw BiDi connection as the (internal) `connection` getter;
//  - BiDi `browsingContext.getTree({ "moz:scope": "chrome" })` lists the browser windows' chrome contexts
//    (only with --remote-allow-system-access); `script.callFunction` runs code there with chrome privileges;
//  - there, DevTools' loader gives `gDevTools`: `showToolboxForTab(gBrowser.selectedTab)` opens the toolbox,
//    `toolbox.getAdditionalTools()` lists extension panels (ids `webext-devtools-panel-…`, with the add-on's
//    `extensionId`), `toolbox.selectTool(id)` shows ours;
//  - the panel page lives in a remote `<browser webextension-view-type="devtools_panel">` inside the
//    toolbox's `#toolbox-panel-iframe-<id>` (chrome://browser/content/webext-panels.xhtml), in the extension
//    process. It is not a BiDi context (BiDi skips extension contexts), so its DOM is read through a one-shot
//    frame script per query, loaded into that `<browser>`'s message manager; the script answers with
//    sendAsyncMessage. Frame scripts are data: urls built from JSON (no eval, so no eval pref is needed).

export interface ToolboxPanel {
  /** The toolbox's id for our panel, `webext-devtools-panel-…`. */
  toolId: string
  /** textContent of every element matching `selector` in the panel's document. */
  texts(selector: string): Promise<string[]>
  /** textContent of the first element matching `selector`, or null. */
  text(selector: string): Promise<string | null>
  /** Waits until some element matching `selector` has text matching `pattern` (substring or RegExp); returns that text. */
  waitForText(selector: string, pattern: string | RegExp, timeoutMs?: number): Promise<string>
  /** `element.click()` on the first element matching `selector` (an untrusted click). */
  click(selector: string): Promise<void>
  /** Sets an input's, textarea's or select's value and fires input and change, as typing would. */
  fill(selector: string, value: string): Promise<void>
  /** Focuses the first element matching `selector` and dispatches keydown of `key` on it (untrusted). */
  press(selector: string, key: string): Promise<void>
  /**
   * Puts one file (`name`, text `content`) in a file input and fires change, as choosing it would: the
   * frame script cannot drive the file picker, so the FileList comes from a DataTransfer.
   */
  setFile(selector: string, name: string, content: string): Promise<void>
  /** Switches the DevTools theme pref (Settings > Themes), as a person would. */
  setTheme(theme: 'light' | 'dark'): Promise<void>
  /** Closes the toolbox. */
  close(): Promise<void>
}

interface BidiConnectionLike {
  send(method: string, params: object, timeout?: number): Promise<{ result: unknown }>
}

type BidiEvaluateResult = { type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text?: string } }

function bidiConnection(browser: Browser): BidiConnectionLike {
  const connection = (browser as unknown as { connection?: Partial<BidiConnectionLike> }).connection
  if (typeof connection?.send !== 'function')
    throw new Error(
      "openToolboxPanel: puppeteer-core's Browser has no `connection` with a send() method any more " +
        '(internal API of puppeteer-core 24 BidiBrowser); find the raw BiDi connection in node_modules/puppeteer-core/lib/puppeteer/bidi/Browser.js',
    )
  return connection as BidiConnectionLike
}

/** The key of the chrome-window global where a ToolboxPanel keeps its tab and tool id between calls. */
const CHROME_STATE = '__wssDevtoolsE2E'

/**
 * Runs in a browser window's chrome context. Checks that the selected tab shows the inspected page, opens
 * the toolbox for it, waits for our panel's tool definition, selects it and waits until its <browser> shows
 * the panel page. Answers JSON: `{ toolId }` or `{ error }`.
 */
const CHROME_OPEN = `async function (argsJson) {
  const { key, expectedUrl, geckoId, timeoutMs } = JSON.parse(argsJson);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const deadline = Date.now() + timeoutMs;
  const selected = gBrowser.selectedBrowser.currentURI.spec;
  if (selected !== expectedUrl)
    return JSON.stringify({ error: 'the selected tab shows ' + selected + ', not the inspected page ' + expectedUrl });
  const tab = gBrowser.selectedTab;
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox = await gDevTools.showToolboxForTab(tab);
  if (!toolbox) return JSON.stringify({ error: 'gDevTools.showToolboxForTab returned no toolbox' });
  let tools = [];
  let ours = [];
  while (ours.length === 0 && Date.now() < deadline) {
    tools = toolbox.getAdditionalTools();
    ours = tools.filter((t) => String(t.id).startsWith('webext-devtools-panel-') && t.extensionId === geckoId);
    if (ours.length === 0) await sleep(100);
  }
  if (ours.length !== 1)
    return JSON.stringify({ error: 'expected exactly one DevTools panel of ' + geckoId + ' in the toolbox, found ' + ours.length +
      ' (additional tools: ' + JSON.stringify(tools.map((t) => [t.id, t.extensionId, t.label])) + ')' });
  const toolId = ours[0].id;
  await toolbox.selectTool(toolId);
  let browser = null;
  let url = '';
  while (Date.now() < deadline) {
    const iframe = toolbox.doc.getElementById('toolbox-panel-iframe-' + toolId);
    browser = iframe && iframe.contentDocument && iframe.contentDocument.querySelector('browser[webextension-view-type="devtools_panel"]');
    url = browser && browser.currentURI ? browser.currentURI.spec : '';
    if (url.startsWith('moz-extension://') && browser.messageManager) break;
    await sleep(100);
  }
  if (!url.startsWith('moz-extension://'))
    return JSON.stringify({ error: 'the panel <browser> in #toolbox-panel-iframe-' + toolId + ' never showed an extension page' +
      (browser ? ' (it shows ' + url + ')' : ' (no such <browser>)') });
  (globalThis.${CHROME_STATE} ??= new Map()).set(key, { tab, toolId });
  return JSON.stringify({ toolId, url });
}`

/**
 * Runs in the chrome context: loads a one-shot frame script into our panel's <browser> and relays its
 * answer. `frameScript` is the body of a function of one argument (the request) run in the panel's process.
 */
const CHROME_QUERY = `async function (argsJson) {
  const { key, request, frameScript, timeoutMs } = JSON.parse(argsJson);
  const state = globalThis.${CHROME_STATE} && globalThis.${CHROME_STATE}.get(key);
  if (!state) return JSON.stringify({ error: 'no toolbox panel was opened with this handle (or it was closed)' });
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox = gDevTools.getToolboxForTab(state.tab);
  if (!toolbox) return JSON.stringify({ error: 'the toolbox of the inspected tab is closed' });
  const iframe = toolbox.doc.getElementById('toolbox-panel-iframe-' + state.toolId);
  const browser = iframe && iframe.contentDocument && iframe.contentDocument.querySelector('browser[webextension-view-type="devtools_panel"]');
  if (!browser || !browser.messageManager)
    return JSON.stringify({ error: 'the panel <browser> is gone (was another tool selected, or the toolbox re-hosted?)' });
  const mm = browser.messageManager;
  const reqId = Math.random().toString(36).slice(2);
  const answer = new Promise((resolve) => {
    const listener = (message) => {
      if (!message.data || message.data.reqId !== reqId) return;
      clearTimeout(timer);
      mm.removeMessageListener('wss-e2e:answer', listener);
      resolve(message.data);
    };
    const timer = setTimeout(() => {
      mm.removeMessageListener('wss-e2e:answer', listener);
      resolve({ error: 'the frame script in the panel did not answer within ' + timeoutMs + ' ms' });
    }, timeoutMs);
    mm.addMessageListener('wss-e2e:answer', listener);
  });
  const source = '(' + frameScript + ')(' + JSON.stringify(Object.assign({ reqId }, request)) + ')';
  mm.loadFrameScript('data:,' + encodeURIComponent(source), false);
  return JSON.stringify(await answer);
}`

/** Runs as a frame script in the panel's process: `content` is the panel window. */
const FRAME_SCRIPT = `function (request) {
  const answer = (data) => sendAsyncMessage('wss-e2e:answer', Object.assign({ reqId: request.reqId }, data));
  try {
    const doc = content.document;
    const base = { href: String(content.location.href), readyState: doc.readyState };
    const elements = Array.from(doc.querySelectorAll(request.selector));
    if (request.op === 'texts') {
      answer(Object.assign(base, { texts: elements.map((e) => String(e.textContent)) }));
    } else if (request.op === 'click') {
      if (elements.length === 0) answer(Object.assign(base, { error: 'no element matches ' + request.selector }));
      else { elements[0].click(); answer(Object.assign(base, { clicked: true })); }
    } else if (request.op === 'fill') {
      if (elements.length === 0) answer(Object.assign(base, { error: 'no element matches ' + request.selector }));
      else {
        elements[0].value = request.value;
        elements[0].dispatchEvent(new content.Event('input', { bubbles: true }));
        elements[0].dispatchEvent(new content.Event('change', { bubbles: true }));
        answer(Object.assign(base, { filled: true }));
      }
    } else if (request.op === 'press') {
      if (elements.length === 0) answer(Object.assign(base, { error: 'no element matches ' + request.selector }));
      else {
        elements[0].focus();
        elements[0].dispatchEvent(new content.KeyboardEvent('keydown', { key: request.value, bubbles: true, cancelable: true }));
        answer(Object.assign(base, { pressed: true }));
      }
    } else if (request.op === 'file') {
      if (elements.length === 0) answer(Object.assign(base, { error: 'no element matches ' + request.selector }));
      else {
        const transfer = new content.DataTransfer();
        transfer.items.add(new content.File([request.value], request.name, { type: 'application/json' }));
        elements[0].files = transfer.files;
        elements[0].dispatchEvent(new content.Event('change', { bubbles: true }));
        answer(Object.assign(base, { chosen: elements[0].files.length }));
      }
    } else {
      answer({ error: 'unknown op ' + request.op });
    }
  } catch (e) {
    answer({ error: 'frame script threw ' + e });
  }
}`

const CHROME_THEME = `async function (argsJson) {
  const { theme } = JSON.parse(argsJson);
  Services.prefs.setCharPref('devtools.theme', theme);
  return JSON.stringify({});
}`

const CHROME_CLOSE = `async function (argsJson) {
  const { key } = JSON.parse(argsJson);
  const state = globalThis.${CHROME_STATE} && globalThis.${CHROME_STATE}.get(key);
  if (!state) return JSON.stringify({});
  globalThis.${CHROME_STATE}.delete(key);
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  await gDevTools.closeToolboxForTab(state.tab);
  return JSON.stringify({});
}`

/**
 * Opens the real Firefox DevTools toolbox for the tab of `inspectedPage` and selects our panel in it.
 * The inspected page is brought to the front first (the toolbox is opened for `gBrowser.selectedTab`,
 * checked to show `inspectedPage.url()`).
 */
export async function openToolboxPanel(session: FirefoxSession, inspectedPage: Page, timeoutMs = 20_000): Promise<ToolboxPanel> {
  const connection = bidiConnection(session.browser)
  const fail = (step: string, detail: unknown): never => {
    throw new Error(`openToolboxPanel: ${step}: ${detail instanceof Error ? detail.message : String(detail)}`)
  }

  /** Calls one of the CHROME_* functions in a chrome context; they all answer a JSON string. */
  const callChrome = async (context: string, functionDeclaration: string, args: object, step: string): Promise<Record<string, unknown>> => {
    let response: { result: unknown }
    try {
      response = await connection.send(
        'script.callFunction',
        {
          functionDeclaration,
          arguments: [{ type: 'string', value: JSON.stringify(args) }],
          target: { context },
          awaitPromise: true,
          resultOwnership: 'none',
        },
        timeoutMs + 5_000,
      )
    } catch (error) {
      return fail(step, error)
    }
    const result = response.result as BidiEvaluateResult
    if (result.type === 'exception') return fail(step, `chrome script threw: ${result.exceptionDetails.text ?? JSON.stringify(result)}`)
    if (result.result.type !== 'string') return fail(step, `chrome script answered ${JSON.stringify(result.result)}`)
    const answer = JSON.parse(String(result.result.value)) as Record<string, unknown>
    if (typeof answer.error === 'string') return fail(step, answer.error)
    return answer
  }

  let tree: { result: unknown }
  try {
    tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })
  } catch (error) {
    return fail('listing chrome contexts (BiDi browsingContext.getTree with moz:scope chrome; is Firefox started with --remote-allow-system-access?)', error)
  }
  const windows = (tree.result as { contexts: Array<{ context: string; url: string }> }).contexts.filter(
    (c) => c.url === 'chrome://browser/content/browser.xhtml',
  )
  if (windows.length === 0) return fail('finding the browser window', `no chrome context shows browser.xhtml in ${JSON.stringify(tree.result)}`)

  await inspectedPage.bringToFront()
  const expectedUrl = inspectedPage.url()
  const key = randomUUID()
  // With several browser windows, the inspected page is the selected tab of exactly one of them.
  let opened: { context: string; toolId: string } | undefined
  const errors: string[] = []
  for (const { context } of windows) {
    try {
      const answer = await callChrome(context, CHROME_OPEN, { key, expectedUrl, geckoId: GECKO_ID, timeoutMs }, 'opening the toolbox and selecting our panel')
      opened = { context, toolId: String(answer.toolId) }
      break
    } catch (error) {
      errors.push((error as Error).message)
    }
  }
  if (!opened) throw new Error(errors.join('\n'))
  const { context, toolId } = opened

  const query = async (request: { op: 'texts' | 'click' | 'fill' | 'press' | 'file'; selector: string; value?: string; name?: string }) =>
    callChrome(context, CHROME_QUERY, { key, request, frameScript: FRAME_SCRIPT, timeoutMs: 5_000 }, `${request.op} "${request.selector}" in the toolbox panel`)

  const texts = async (selector: string) => (await query({ op: 'texts', selector })).texts as string[]

  // The panel's document may still be loading right after selectTool.
  await waitFor('the toolbox panel document to finish loading', async () => (await query({ op: 'texts', selector: 'body' })).readyState === 'complete', {
    timeoutMs,
  })

  let closed = false
  return {
    toolId,
    texts,
    async text(selector) {
      return (await texts(selector))[0] ?? null
    },
    async waitForText(selector, pattern, waitMs = 10_000) {
      const test =
        typeof pattern === 'string' ? (t: string) => t.includes(pattern) : (t: string) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test(t)
      let last: string[] = []
      try {
        return await waitFor(
          `an element matching "${selector}" with text ${String(pattern)} in the toolbox panel`,
          async () => {
            last = await texts(selector)
            return last.find(test)
          },
          { timeoutMs: waitMs, intervalMs: 150 },
        )
      } catch (error) {
        throw new Error(`${(error as Error).message}; last texts: ${JSON.stringify(last)}`)
      }
    },
    async click(selector) {
      await query({ op: 'click', selector })
    },
    async fill(selector, value) {
      await query({ op: 'fill', selector, value })
    },
    async press(selector, key) {
      await query({ op: 'press', selector, value: key })
    },
    async setFile(selector, name, content) {
      await query({ op: 'file', selector, name, value: content })
    },
    async setTheme(theme) {
      await callChrome(context, CHROME_THEME, { theme }, `setting devtools.theme to ${theme}`)
    },
    async close() {
      if (closed) return
      closed = true
      await callChrome(context, CHROME_CLOSE, { key }, 'closing the toolbox')
    },
  }
}

/**
 * The WebExtension tab id that a panel tab from openPanelTab inspects (its `?tabId=`). Read from the
 * panel's own `location`: under BiDi, puppeteer's `page.url()` does not follow a navigation to a
 * moz-extension url (it still says `about:blank`), so it cannot tell.
 */
export async function panelTabId(panel: Page): Promise<number> {
  const href = await panel.evaluate(() => location.href)
  const param = new URL(href).searchParams.get('tabId')
  const tabId = Number(param)
  if (!href.startsWith('moz-extension://') || param === null || param === '' || !Number.isInteger(tabId) || tabId < 0)
    throw new Error(`panelTabId: ${href} is not a panel page with a ?tabId=`)
  return tabId
}
