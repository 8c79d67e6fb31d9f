// Privileged steps in Firefox's own chrome (the browser window's JavaScript), over WebDriver BiDi: Firefox
// must be started with --remote-allow-system-access, as launchFirefox does. None of what runs there is a
// stable API (Firefox ESR 153); each step fails with a message that names it.
import type { Browser } from 'puppeteer-core'
import { GECKO_ID } from '../build/manifest.ts'
import { EVENT_TIMEOUT_MS } from './wait.ts'

interface BidiConnection {
  send(method: string, params: object, timeout?: number): Promise<{ result: unknown }>
}

type BidiResult = { type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text?: string } }

/** puppeteer-core 24's BidiBrowser keeps its raw BiDi connection in the internal `connection` getter. */
function bidi(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: Partial<BidiConnection> }).connection
  if (typeof connection?.send !== 'function')
    throw new Error(
      "puppeteer-core's Browser has no `connection` with a send() method any more (internal API of puppeteer-core 24 BidiBrowser); " +
        'find the raw BiDi connection in node_modules/puppeteer-core/lib/puppeteer/bidi/Browser.js',
    )
  return connection as BidiConnection
}

/** The chrome contexts of the browser windows (BiDi `browsingContext.getTree` with `moz:scope: chrome`). */
export async function browserWindows(browser: Browser): Promise<string[]> {
  let tree: { result: unknown }
  try {
    tree = await bidi(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' })
  } catch (error) {
    throw new Error(`listing chrome contexts (is Firefox started with --remote-allow-system-access?): ${(error as Error).message}`)
  }
  const contexts = (tree.result as { contexts: Array<{ context: string; url: string }> }).contexts
  const windows = contexts.filter((c) => c.url === 'chrome://browser/content/browser.xhtml').map((c) => c.context)
  if (windows.length === 0) throw new Error(`no browser window among the chrome contexts ${JSON.stringify(contexts.map((c) => c.url))}`)
  return windows
}

/**
 * Runs `functionDeclaration` (source of a function of one JSON string argument that answers a JSON string)
 * in a chrome context (by default the first browser window's), and returns the parsed answer; an answer
 * with an `error` string fails.
 */
export async function inChrome<T>(browser: Browser, what: string, functionDeclaration: string, args: object = {}, context?: string): Promise<T> {
  const fail = (detail: string): never => {
    throw new Error(`${what}: ${detail}`)
  }
  const target = context ?? (await browserWindows(browser))[0]!
  let response: { result: unknown }
  try {
    response = await bidi(browser).send(
      'script.callFunction',
      {
        functionDeclaration,
        arguments: [{ type: 'string', value: JSON.stringify(args) }],
        target: { context: target },
        awaitPromise: true,
        resultOwnership: 'none',
      },
      EVENT_TIMEOUT_MS * 2,
    )
  } catch (error) {
    return fail((error as Error).message)
  }
  const result = response.result as BidiResult
  if (result.type === 'exception') return fail(`the chrome script threw: ${result.exceptionDetails.text ?? JSON.stringify(result)}`)
  if (result.result.type !== 'string') return fail(`the chrome script answered ${JSON.stringify(result.result)}`)
  const answer = JSON.parse(String(result.result.value)) as T
  const error = (answer as { error?: unknown } | null)?.error
  if (typeof error === 'string') return fail(error)
  return answer
}

/** `WebExtensionPolicy.getByID(id).extension.backgroundState`: starting, running, suspending or stopped. */
export const backgroundState = (browser: Browser) =>
  inChrome<string>(
    browser,
    'reading the event page state',
    `function (argsJson) {
      const { id } = JSON.parse(argsJson);
      return JSON.stringify(WebExtensionPolicy.getByID(id).extension.backgroundState);
    }`,
    { id: GECKO_ID },
  )

/** The running add-on instance's id (`WebExtensionPolicy.instanceId`), '' when none runs: a reload makes a new one. */
export const addonInstance = (browser: Browser) =>
  inChrome<string>(
    browser,
    'reading the add-on instance',
    `function (argsJson) {
      const { id } = JSON.parse(argsJson);
      const policy = WebExtensionPolicy.getByID(id);
      return JSON.stringify(policy ? String(policy.instanceId) : '');
    }`,
    { id: GECKO_ID },
  )

/** Stops the add-on's event page as about:debugging's "Terminate background script" does (the same call). */
export const terminateEventPage = (browser: Browser) =>
  inChrome<string>(
    browser,
    'terminating the event page',
    `async function (argsJson) {
      const { id } = JSON.parse(argsJson);
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      await ExtensionParent.DebugUtils.terminateBackgroundScript(id);
      return JSON.stringify(WebExtensionPolicy.getByID(id).extension.backgroundState);
    }`,
    { id: GECKO_ID },
  )

interface ChannelRecord {
  url: string
  /** `loadInfo.triggeringPrincipal.origin`; an extension's is `moz-extension://<uuid>`, a content script's an expanded principal naming it. */
  triggering: string
  /** `loadInfo.loadingPrincipal.origin`, or '' when there is none (top-level loads). */
  loading: string
}

/**
 * Watches every HTTP(S) channel the browser opens, from any process (the observer topic
 * `http-on-opening-request` fires in the parent, where Necko opens them all, WebSocket handshakes
 * included; BiDi's network events skip extension contexts), until `stop()`, which answers what was opened
 * with the principals that asked for it.
 */
export async function recordHttpChannels(browser: Browser): Promise<{ stop(): Promise<ChannelRecord[]> }> {
  const key = `__wssHttpChannels${Date.now()}`
  await inChrome(
    browser,
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
        browser,
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
