import { waitFor } from './wait.ts'

/**
 * The extension's panel as a test drives it: one set of verbs in both browsers, for the panel inside the
 * real DevTools (Chromium) or toolbox (Firefox) and for the panel opened as a tab of its own. Selectors are
 * CSS selectors in the panel's document; every verb that acts on an element waits for it first.
 */
export interface PanelDriver {
  /** Evaluates a JavaScript expression in the panel's document; a promise is awaited, the value crosses as JSON. */
  evaluate<T>(expression: string): Promise<T>
  /** textContent of every element matching `selector`. */
  texts(selector: string): Promise<string[]>
  /** textContent of the first element matching `selector`, or null. */
  text(selector: string): Promise<string | null>
  /** Waits until an element matching `selector` has text matching `pattern` (a substring or a RegExp); returns that text. */
  waitForText(selector: string, pattern: string | RegExp, timeoutMs?: number): Promise<string>
  /** Waits until `predicate`, an expression evaluated in the panel, is neither undefined, null nor false; returns its value. */
  waitFor<T>(what: string, predicate: string, timeoutMs?: number): Promise<T>
  /** Clicks the first element matching `selector`, scrolled into view. */
  click(selector: string): Promise<void>
  /** Replaces the value of an input, textarea or select, as typing or choosing would. */
  fill(selector: string, value: string): Promise<void>
  /** Presses one key (a KeyboardEvent `key`, e.g. 'ArrowDown') in the element matching `selector`, focused first. */
  press(selector: string, key: string): Promise<void>
  /** Chooses one file, `name` with text `content`, in a file input, as the file picker would. */
  setFile(selector: string, name: string, content: string): Promise<void>
  /** Closes the panel: its tab, or the DevTools window or toolbox around it. */
  close(): Promise<void>
}

/** The panel inside the browser's real DevTools. */
export interface DevToolsPanelDriver extends PanelDriver {
  /** Switches DevTools' own theme setting, as a person would in its settings. */
  setTheme(theme: 'light' | 'dark'): Promise<void>
  /** A PNG of the DevTools window alone at this size, where the browser can take one (Chromium). */
  screenshot?(size: { width: number; height: number }): Promise<Buffer>
}

/** The panel opened as a tab of its own, inspecting the tab `tabId`. */
export interface PanelTab extends PanelDriver {
  tabId: number
}

/**
 * What a browser must provide to drive a panel: evaluation and closing, and the input it can make trusted.
 * The input it cannot is dispatched in the panel's document (untrusted events, as the panel cannot tell).
 */
type PanelPrimitives = Pick<PanelDriver, 'evaluate' | 'close'> & Partial<Pick<PanelDriver, 'click' | 'fill' | 'press' | 'setFile'>>

const select = (selector: string) => `document.querySelector(${JSON.stringify(selector)})`

export function panelDriver(primitives: PanelPrimitives): PanelDriver {
  const { evaluate } = primitives
  const texts = (selector: string) => evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.textContent ?? '')`)
  const waitForPredicate = <T>(what: string, predicate: string, timeoutMs?: number) => waitFor(what, () => evaluate<T>(predicate), timeoutMs)
  /** Waits for the element, then runs `body` (source in which the element is `e`) in the panel. */
  const onElement = async (selector: string, body: string) => {
    await waitForPredicate(`${selector} in the panel`, `!!${select(selector)}`)
    await evaluate(`(() => { const e = ${select(selector)}; ${body} })()`)
  }
  return {
    evaluate,
    texts,
    async text(selector) {
      return (await texts(selector))[0] ?? null
    },
    async waitForText(selector, pattern, timeoutMs) {
      const matches = typeof pattern === 'string' ? (t: string) => t.includes(pattern) : (t: string) => t.search(pattern) !== -1
      let last: string[] = []
      try {
        return await waitFor(`text ${String(pattern)} in "${selector}"`, async () => (last = await texts(selector)).find(matches), timeoutMs)
      } catch (error) {
        throw new Error(`${(error as Error).message}; it reads ${JSON.stringify(last)}`)
      }
    },
    waitFor: waitForPredicate,
    click: primitives.click ?? ((selector) => onElement(selector, `e.scrollIntoView({ block: 'center' }); e.click()`)),
    fill:
      primitives.fill ??
      ((selector, value) =>
        onElement(
          selector,
          `e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true }))`,
        )),
    press:
      primitives.press ??
      ((selector, key) =>
        onElement(selector, `e.focus(); e.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(key)}, bubbles: true, cancelable: true }))`)),
    setFile:
      primitives.setFile ??
      ((selector, name, content) =>
        onElement(
          selector,
          `const transfer = new DataTransfer()
           transfer.items.add(new File([${JSON.stringify(content)}], ${JSON.stringify(name)}, { type: 'application/json' }))
           e.files = transfer.files
           e.dispatchEvent(new Event('change', { bubbles: true }))`,
        )),
    close: primitives.close,
  }
}
