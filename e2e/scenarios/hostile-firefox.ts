// What the Firefox hostile-pages tests (e2e/hostile-firefox-*.test.ts) need beyond drivers/firefox.ts
// (and e2e/helpers/delivery.ts, which reads the panel tab in both browsers): a page that records its
// errors, and a few privileged steps run in the browser window's chrome context over BiDi (Firefox
// started with --remote-allow-system-access, as launchFirefox does): stopping the event page as
// about:debugging's "Terminate background script" does, watching every HTTP channel the browser opens,
// and swapping the installed add-on for another build.
// None of the privileged internals is a stable API (Firefox ESR 153); each step fails with a message
// that names it.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import type { Page } from 'puppeteer-core'
import { GECKO_ID } from '../../build/manifest.ts'
import type { FirefoxSession } from '../../drivers/firefox.ts'
import { requireBuild, ROOT } from '../../drivers/paths.ts'
import { readPageErrors, recordPageErrors } from './hostile-faults.ts'

// ---------------------------------------------------------------------------------------------
// Pages and the panel tab

/** A new tab that records every error and unhandled rejection reaching it (before its own scripts run). */
export async function watchedPage(session: FirefoxSession, url: string): Promise<Page> {
  const page = await session.browser.newPage()
  await page.evaluateOnNewDocument(recordPageErrors)
  await page.goto(url)
  return page
}
export const pageErrors = (page: Page) => page.evaluate(readPageErrors)

// ---------------------------------------------------------------------------------------------
// The browser window's chrome context

interface BidiConnection {
  send(method: string, params: object, timeout?: number): Promise<{ result: unknown }>
}

/**
 * Runs `functionDeclaration` (source text of a function of one JSON string argument, answering a JSON
 * string) in the first browser window's chrome context, and returns the parsed answer.
 */
export async function inChrome<T>(session: FirefoxSession, what: string, functionDeclaration: string, args: object = {}): Promise<T> {
  // puppeteer-core 24's BidiBrowser keeps its raw BiDi connection in the internal `connection` getter.
  const connection = (session.browser as unknown as { connection?: BidiConnection }).connection
  if (typeof connection?.send !== 'function') throw new Error(`${what}: puppeteer-core's Browser has no raw BiDi connection any more`)
  const fail = (detail: string): never => {
    throw new Error(`${what}: ${detail}`)
  }
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string; url: string }> }
  const window = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')
  if (!window) return fail(`no browser window among the chrome contexts ${JSON.stringify(tree.contexts.map((c) => c.url))}`)
  const { result } = (await connection.send('script.callFunction', {
    functionDeclaration,
    arguments: [{ type: 'string', value: JSON.stringify(args) }],
    target: { context: window.context },
    awaitPromise: true,
    resultOwnership: 'none',
  })) as { result: { type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text?: string } } }
  if (result.type === 'exception') return fail(`the chrome script threw: ${result.exceptionDetails.text ?? JSON.stringify(result)}`)
  if (result.result.type !== 'string') return fail(`the chrome script answered ${JSON.stringify(result.result)}`)
  return JSON.parse(String(result.result.value)) as T
}

// ---------------------------------------------------------------------------------------------
// The event page

/** `WebExtensionPolicy.getByID(id).extension.backgroundState`: starting, running, suspending or stopped. */
export const backgroundState = (session: FirefoxSession) =>
  inChrome<string>(
    session,
    'reading the event page state',
    `function (argsJson) {
      const { id } = JSON.parse(argsJson);
      return JSON.stringify(WebExtensionPolicy.getByID(id).extension.backgroundState);
    }`,
    { id: GECKO_ID },
  )

/** The running add-on instance's id (`WebExtensionPolicy.instanceId`): a reload makes a new one. */
export const addonInstance = (session: FirefoxSession) =>
  inChrome<string>(
    session,
    'reading the add-on instance',
    `function (argsJson) {
      const { id } = JSON.parse(argsJson);
      const policy = WebExtensionPolicy.getByID(id);
      return JSON.stringify(policy ? String(policy.instanceId) : '');
    }`,
    { id: GECKO_ID },
  )

/**
 * Stops the add-on's event page now, as about:debugging's "Terminate background script" does (the same
 * call, ExtensionParent.DebugUtils.terminateBackgroundScript), and resolves with the state it left.
 */
export const terminateEventPage = (session: FirefoxSession) =>
  inChrome<string>(
    session,
    'terminating the event page',
    `async function (argsJson) {
      const { id } = JSON.parse(argsJson);
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      await ExtensionParent.DebugUtils.terminateBackgroundScript(id);
      return JSON.stringify(WebExtensionPolicy.getByID(id).extension.backgroundState);
    }`,
    { id: GECKO_ID },
  )

// ---------------------------------------------------------------------------------------------
// Every HTTP channel

export interface ChannelRecord {
  url: string
  /** `loadInfo.triggeringPrincipal.origin`; an extension's is `moz-extension://<uuid>`, a content script's an expanded principal naming it. */
  triggering: string
  /** `loadInfo.loadingPrincipal.origin`, or '' when there is none (top-level loads). */
  loading: string
}

/**
 * Watches every HTTP(S) channel the browser opens, from any process (the observer topic
 * `http-on-opening-request` fires in the parent, where Necko opens them all, WebSocket handshakes
 * included), until `stop()`, which answers what was opened with the principals that asked for it.
 */
export async function recordHttpChannels(session: FirefoxSession): Promise<{ stop(): Promise<ChannelRecord[]> }> {
  const key = `__wssHttpChannels${Date.now()}`
  await inChrome(
    session,
    'observing http-on-opening-request',
    `function (argsJson) {
      const { key } = JSON.parse(argsJson);
      const records = [];
      const origin = (principal) => { try { return principal ? String(principal.origin) : ''; } catch (e) { return 'unreadable: ' + e; } };
      const observer = {
        observe(subject) {
          try {
            const channel = subject.QueryInterface(Ci.nsIChannel);
            const info = channel.loadInfo;
            records.push({ url: channel.URI.spec, triggering: origin(info && info.triggeringPrincipal), loading: origin(info && info.loadingPrincipal) });
          } catch (e) {
            records.push({ url: 'unreadable channel: ' + e, triggering: '', loading: '' });
          }
        },
      };
      Services.obs.addObserver(observer, 'http-on-opening-request');
      globalThis[key] = { records, stop: () => Services.obs.removeObserver(observer, 'http-on-opening-request') };
      return JSON.stringify(true);
    }`,
    { key },
  )
  return {
    stop: () =>
      inChrome<ChannelRecord[]>(
        session,
        'reading the observed channels',
        `function (argsJson) {
          const { key } = JSON.parse(argsJson);
          const state = globalThis[key];
          if (!state) return JSON.stringify([{ url: 'the observer state is gone', triggering: '', loading: '' }]);
          state.stop();
          delete globalThis[key];
          return JSON.stringify(state.records);
        }`,
        { key },
      ),
  }
}

// ---------------------------------------------------------------------------------------------
// The fault build

/** Firefox's counterpart of dist/chrome-faults: every `recorder.guard` throws (see src/shared/test-faults.d.ts). */
export const DIST_FIREFOX_FAULTS = resolve(ROOT, 'dist/firefox-faults')

/**
 * Builds dist/firefox-faults: the Firefox build with `__WSS_TEST_FAULTS__` defined true. vite.config.ts
 * has a mode for the Chrome fault build only; Vite's own build API lays this define and output folder
 * over the config of `--mode firefox` (inline config wins over the config file's).
 */
export function buildFirefoxFaults(): string {
  const script = `import { build } from 'vite'
await build({ configFile: 'vite.config.ts', mode: 'firefox', logLevel: 'error',
  define: { __WSS_TEST_FAULTS__: 'true' }, build: { outDir: ${JSON.stringify(DIST_FIREFOX_FAULTS)}, emptyOutDir: true } })`
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe' })
  return requireBuild(DIST_FIREFOX_FAULTS)
}

/**
 * Replaces the add-on installed by launchFirefox with the build in `dist` (same gecko id), and returns the
 * session with the new moz-extension UUID (an uninstall forgets the pinned one).
 */
export async function swapAddon(session: FirefoxSession, dist: string): Promise<FirefoxSession> {
  await session.browser.uninstallExtension(GECKO_ID)
  const id = await session.browser.installExtension(dist)
  if (id !== GECKO_ID) throw new Error(`swapAddon: installed ${id}, expected ${GECKO_ID}`)
  const uuid = await inChrome<string>(
    session,
    'reading the add-on UUID',
    `function (argsJson) {
      const { id } = JSON.parse(argsJson);
      return JSON.stringify(WebExtensionPolicy.getByID(id).mozExtensionHostname);
    }`,
    { id: GECKO_ID },
  )
  return { ...session, uuid, extensionUrl: (path) => `moz-extension://${uuid}/${path.replace(/^\/+/, '')}` }
}
