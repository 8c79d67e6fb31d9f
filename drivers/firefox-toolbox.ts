// Our panel inside Firefox's REAL DevTools toolbox. It needs privileged automation (BiDi chrome contexts,
// Firefox DevTools internals, a frame script); all of it lives in this file, and every step fails with a
// message that says which step broke.
//
// How it works (Firefox ESR 153; none of this is a stable API):
//  - in a browser window's chrome context (firefox-chrome.ts), DevTools' loader gives `gDevTools`:
//    `showToolboxForTab(gBrowser.selectedTab)` opens the toolbox, `toolbox.getAdditionalTools()` lists
//    extension panels (ids `webext-devtools-panel-…`, with the add-on's `extensionId`), `toolbox.selectTool(id)`
//    shows ours;
//  - the panel page lives in a remote `<browser webextension-view-type="devtools_panel">` inside the
//    toolbox's `#toolbox-panel-iframe-<id>`, in the extension process. It is not a BiDi context (BiDi skips
//    extension contexts), so each evaluation is a one-shot frame script loaded into that `<browser>`'s message
//    manager; it evaluates in a sandbox whose prototype is the panel window (the panel's globals, the panel's
//    principal, no Xrays) and answers with sendAsyncMessage. Frame scripts are data: urls built from JSON.
import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'puppeteer-core'
import { GECKO_ID } from '../build/manifest.ts'
import { browserWindows, inChrome } from './firefox-chrome.ts'
import { type DevToolsPanelDriver, panelDriver } from './panel.ts'
import { EVENT_TIMEOUT_MS } from './wait.ts'

/** The key of the chrome-window global where an open toolbox panel keeps its tab and tool id between calls. */
const CHROME_STATE = '__wssDevtoolsE2E'

/**
 * Checks that the selected tab shows the inspected page, opens the toolbox for it, waits for our panel's
 * tool definition, selects it and waits until its <browser> shows the panel page.
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

/** Loads a one-shot frame script into our panel's <browser> that evaluates `expression`, and relays its answer. */
const CHROME_EVALUATE = `async function (argsJson) {
  const { key, expression, timeoutMs } = JSON.parse(argsJson);
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
  const source = '(' + FRAME_SCRIPT + ')(' + JSON.stringify({ reqId, expression }) + ')';
  mm.loadFrameScript('data:,' + encodeURIComponent(source), false);
  return JSON.stringify(await answer);
}`.replace('FRAME_SCRIPT', () =>
  JSON.stringify(`function ({ reqId, expression }) {
  const answer = (data) => sendAsyncMessage('wss-e2e:answer', Object.assign({ reqId }, data));
  try {
    const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false, sameZoneAs: content });
    const source = '(async () => { const v = await (' + expression + '); return JSON.stringify(v === undefined ? {} : { v }) })()';
    Components.utils.evalInSandbox(source, sandbox).then(
      (json) => answer({ json: String(json) }),
      (e) => answer({ error: 'evaluating in the panel threw ' + e }),
    );
  } catch (e) {
    answer({ error: 'the frame script threw ' + e });
  }
}`),
)

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
 * Opens the real toolbox for the tab of `inspectedPage` and selects our panel in it. The inspected page is
 * brought to the front first (the toolbox is opened for `gBrowser.selectedTab`, checked to show its url).
 * Input is dispatched in the panel's document (untrusted events): the frame script cannot make trusted ones.
 */
export async function openToolboxPanel(browser: Browser, inspectedPage: Page): Promise<DevToolsPanelDriver> {
  const windows = await browserWindows(browser)
  await inspectedPage.bringToFront()
  const expectedUrl = inspectedPage.url()
  const key = randomUUID()
  // With several browser windows, the inspected page is the selected tab of exactly one of them.
  let context: string | undefined
  const errors: string[] = []
  for (const window of windows) {
    try {
      await inChrome(browser, 'openToolboxPanel', CHROME_OPEN, { key, expectedUrl, geckoId: GECKO_ID, timeoutMs: EVENT_TIMEOUT_MS }, window)
      context = window
      break
    } catch (error) {
      errors.push((error as Error).message)
    }
  }
  if (!context) throw new Error(errors.join('\n'))
  const inWindow = <T>(what: string, fn: string, args: object) => inChrome<T>(browser, what, fn, { key, ...args }, context)

  let closed = false
  const panel = panelDriver({
    async evaluate<T>(expression: string) {
      const { json } = await inWindow<{ json: string }>('evaluating in the toolbox panel', CHROME_EVALUATE, { expression, timeoutMs: EVENT_TIMEOUT_MS })
      return (JSON.parse(json) as { v?: T }).v as T
    },
    async close() {
      if (closed) return
      closed = true
      await inWindow('closing the toolbox', CHROME_CLOSE, {})
    },
  })
  // The panel's document may still be loading right after selectTool.
  await panel.waitFor('the toolbox panel document to load', `document.readyState === 'complete' && !!document.querySelector('#app > *')`)
  return {
    ...panel,
    async setTheme(theme) {
      await inWindow(`setting devtools.theme to ${theme}`, CHROME_THEME, { theme })
    },
  }
}
