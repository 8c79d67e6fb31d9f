import type { DevToolsPanelDriver, PanelTab } from './panel.ts'

/** A frame of a page: where a script can run. */
export interface BrowserFrame {
  url(): string
  evaluate(expression: string): Promise<unknown>
}

/**
 * A web page in either browser, with evaluation in one shape: `evaluate(fn, arg)` sends `fn`'s source and
 * one JSON argument, so `fn` must not refer to anything outside its own body; `evaluate(expression)`
 * evaluates source text. Either way a promise is awaited.
 */
export interface BrowserPage {
  url(): string
  goto(url: string): Promise<void>
  reload(): Promise<void>
  evaluate<R>(expression: string): Promise<R>
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>
  /** Runs `fn` in every later document of this page, before the document's own scripts. */
  addInitScript(fn: () => void): Promise<void>
  mainFrame(): BrowserFrame
  frames(): BrowserFrame[]
  bringToFront(): Promise<void>
  close(): Promise<void>
  /**
   * Makes `globalThis[name]()` in the page answer how many WebSocket messages the browser's network layer
   * has received for this page so far, seen from outside the page; only where the browser reports them (Chromium).
   */
  exposeFramesReceived?(name: string): Promise<void>
}

/** One request a browser made while a RequestRecording ran. */
export interface RequestRecord {
  url: string
  /** Asked for by the extension (its background, its pages, and in Firefox its content scripts), not by a web page. */
  byExtension: boolean
}

export interface RequestRecording {
  /** Stops recording and returns every HTTP request and WebSocket handshake seen, in order. */
  stop(): Promise<RequestRecord[]>
}

/** What a browser can do that a test may depend on; a test states the condition, it does not skip. */
export interface Capabilities {
  webSocketStream: boolean
  /**
   * Opens another WebSocket to an address while a handshake to it hangs. Firefox does not (RFC 6455 4.1:
   * one connection at a time in CONNECTING to a host, up to network.websocket.timeout.open, 20 s).
   */
  handshakesInParallel: boolean
  /**
   * `runtime.reload()` brings the extension back. Chromium 156 unloads an extension it was given with
   * --load-extension for good: its pages stay blocked (ERR_BLOCKED_BY_CLIENT) and no worker starts.
   */
  reloadBringsExtensionBack: boolean
  /**
   * Makes no requests of its own off loopback. Chromium 156 still asks Google's update, sign-in and
   * autofill services in the background despite --disable-background-networking, --disable-component-update
   * and --disable-sync; the run's proxy refuses them and lists them at the end.
   */
  quietOffLoopback: boolean
}

export interface LaunchOptions {
  /** Without the extension, for differential runs (default: with it). */
  extension?: boolean
  /** Another build of the extension (the fault-injection builds). */
  dist?: string
  /** Saves every download into this folder, without asking. */
  downloads?: string
}

/** One browser with the extension installed, driven the same way in Chromium and Firefox. */
export interface BrowserDriver {
  readonly name: BrowserName
  readonly has: Capabilities
  /** `chrome-extension://<id>/<path>` or `moz-extension://<uuid>/<path>`. */
  extensionUrl(path: string): string
  newPage(): Promise<BrowserPage>
  /** Every open tab, popups included. */
  pages(): Promise<BrowserPage[]>
  /** The panel as a tab of its own, inspecting the tab of `page` (which is left in front). */
  openPanelTab(page: BrowserPage): Promise<PanelTab>
  /** The real DevTools (Chromium) or toolbox (Firefox) of `page`, with our panel selected. */
  openDevToolsPanel(page: BrowserPage): Promise<DevToolsPanelDriver>
  /**
   * Stops the extension's background as the browser does when it idles (Chromium stops the service worker,
   * Firefox terminates the event page as about:debugging does) and resolves once it has stopped.
   */
  stopBackground(): Promise<void>
  /** Resolves once the background runs (again, after stopBackground: when something woke it). */
  waitForBackground(): Promise<void>
  /**
   * Reloads the extension with `runtime.reload()`, from one of its pages, and resolves once the old one is
   * gone and, where the browser brings it back (`has.reloadBringsExtensionBack`), once the new one runs.
   */
  reloadExtension(): Promise<void>
  /** Records every request the browser makes from now until `stop()`, telling the extension's apart. */
  recordRequests(): Promise<RequestRecording>
  close(): Promise<void>
}

export type BrowserName = 'Chromium' | 'Firefox'

/** A browser a test file runs in: `describe.each(browsers)('%s: …', (kind) => …)`. */
export interface BrowserKind {
  readonly name: BrowserName
  readonly has: Capabilities
  launch(options?: LaunchOptions): Promise<BrowserDriver>
  /** The name, as a test title prints it (`%s`). */
  toString(): string
}

/**
 * Each native page's one BrowserPage, and the native page back: a driver hands out one wrapper per page
 * and accepts only the pages it handed out.
 */
export function pageWrappers<P extends object>(browser: BrowserName, wrapPage: (page: P) => BrowserPage) {
  const wrappers = new WeakMap<P, BrowserPage>()
  const natives = new WeakMap<BrowserPage, P>()
  return {
    wrap(page: P): BrowserPage {
      let wrapper = wrappers.get(page)
      if (!wrapper) {
        wrapper = wrapPage(page)
        wrappers.set(page, wrapper)
        natives.set(wrapper, page)
      }
      return wrapper
    },
    native(page: BrowserPage): P {
      const found = natives.get(page)
      if (!found) throw new Error(`not a page of this ${browser}`)
      return found
    },
  }
}
