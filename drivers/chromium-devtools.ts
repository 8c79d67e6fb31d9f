// The panel inside Chromium's real DevTools window, over CDP. Opening and selecting it relies on DevTools
// internals (the front-end's InspectorView); it lives here alone so that a Chromium update breaks one place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import type { Cdp, TargetInfo } from './cdp.ts'
import { type DevToolsPanelDriver, panelDriver } from './panel.ts'
import { PANEL_PATH } from './paths.ts'
import { PANEL_TITLE } from '../src/devtools/panel-title.ts'
import { waitFor } from './wait.ts'

/** Our panel's id in Chromium's DevTools: the extension's origin and the panel's title without spaces. */
export const ourPanelId = (extensionId: string) => `chrome-extension://${extensionId}${PANEL_TITLE.replace(/\s/g, '')}`

/**
 * Source to evaluate in a DevTools window: selects the panel `panelId` once DevTools lists it, and says
 * whether it did. The one place that knows the front-end's InspectorView (bench and npm start use it too).
 */
export const showPanelSource = (panelId: string) => `(async () => {
  const UI = await import('./ui/legacy/legacy.js')
  const view = UI.InspectorView.InspectorView.maybeGetInspectorViewInstance()
  if (!view || !view.hasPanel(${JSON.stringify(panelId)})) return false
  await view.showPanel(${JSON.stringify(panelId)})
  return true
})()`

/** Key codes CDP needs for the keys the tests press. */
const KEYS: Record<string, { code: string; keyCode: number; text?: string }> = {
  Enter: { code: 'Enter', keyCode: 13, text: '\r' },
  ' ': { code: 'Space', keyCode: 32, text: ' ' },
  ArrowDown: { code: 'ArrowDown', keyCode: 40 },
  ArrowUp: { code: 'ArrowUp', keyCode: 38 },
  Tab: { code: 'Tab', keyCode: 9 },
  Backspace: { code: 'Backspace', keyCode: 8 },
}

async function targets(cdp: Cdp): Promise<TargetInfo[]> {
  return (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos
}

/** Opens DevTools for the page and selects our panel; input is trusted (CDP Input on the panel's own target). */
export async function openDevToolsPanel(context: BrowserContext, cdp: Cdp, extensionId: string, page: Page): Promise<DevToolsPanelDriver> {
  const pageSession = await context.newCDPSession(page)
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: TargetInfo }
  await pageSession.detach()
  const before = new Set((await targets(cdp)).map((t) => t.targetId))
  await cdp.send('Target.openDevTools', { targetId: targetInfo.targetId })
  const devtools = await waitFor('the DevTools window to open', async () =>
    (await targets(cdp)).find((t) => t.type === 'page' && t.url.startsWith('devtools://') && !before.has(t.targetId)),
  )
  const { sessionId: devtoolsSession } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: devtools.targetId, flatten: true })
  const panelId = ourPanelId(extensionId)
  await waitFor(`DevTools to list the "${PANEL_TITLE}" panel`, () => cdp.evaluate<boolean>(devtoolsSession, showPanelSource(panelId)))
  const panelUrl = `chrome-extension://${extensionId}/${PANEL_PATH}`
  const frame = await waitFor('the panel iframe', async () =>
    (await targets(cdp)).find((t) => t.type === 'iframe' && t.url.startsWith(panelUrl) && t.parentId === devtools.targetId),
  )
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: frame.targetId, flatten: true })
  const inDevTools = (expression: string) => cdp.evaluate<unknown>(devtoolsSession, expression)
  const key = async (name: string) => {
    const k = KEYS[name]
    if (!k) throw new Error(`press: no key code known for ${JSON.stringify(name)}; add it to KEYS`)
    const base = { key: name, code: k.code, windowsVirtualKeyCode: k.keyCode, nativeVirtualKeyCode: k.keyCode }
    await cdp.send('Input.dispatchKeyEvent', { type: k.text ? 'keyDown' : 'rawKeyDown', ...base, ...(k.text ? { text: k.text } : {}) }, sessionId)
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base }, sessionId)
  }

  let uploads: string | undefined
  const panel = panelDriver({
    evaluate: (expression) => cdp.evaluate(sessionId, expression),
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
    async fill(selector, value) {
      await panel.click(selector)
      const isSelect = await cdp.evaluate<boolean>(sessionId, `document.querySelector(${JSON.stringify(selector)}).tagName === 'SELECT'`)
      // A <select> opens a native popup CDP cannot type into: its value is chosen as the popup would.
      if (isSelect) return chooseOption(panel.evaluate, selector, value)
      await cdp.evaluate(sessionId, `document.querySelector(${JSON.stringify(selector)}).select()`)
      if (value) await cdp.send('Input.insertText', { text: value }, sessionId)
      else await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Backspace', code: 'Backspace', windowsVirtualKeyCode: 8 }, sessionId)
    },
    async press(selector, name) {
      await panel.waitFor(`${selector} in the panel`, `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e?.focus(); return !!e })()`)
      await key(name)
    },
    async setFile(selector, name, content) {
      // CDP chooses files by path, as the file picker would. The panel reads the file after the change event,
      // at its own pace, so the file stays until the panel closes.
      uploads ??= mkdtempSync(join(tmpdir(), 'wss-devtools-upload-'))
      writeFileSync(join(uploads, name), content)
      await panel.waitFor(`${selector} in the panel`, `!!document.querySelector(${JSON.stringify(selector)})`)
      const { result } = await cdp.send<{ result: { objectId?: string } }>(
        'Runtime.evaluate',
        { expression: `document.querySelector(${JSON.stringify(selector)})` },
        sessionId,
      )
      await cdp.send('DOM.setFileInputFiles', { files: [join(uploads, name)], objectId: result.objectId }, sessionId)
    },
    async close() {
      await cdp.send('Target.closeTarget', { targetId: devtools.targetId }).catch(() => {})
      if (uploads) rmSync(uploads, { recursive: true, force: true })
    },
  })
  await panel.waitFor('the panel document to load', `document.readyState === 'complete' && !!document.querySelector('#app > *')`)

  let undocked = false
  return {
    ...panel,
    async setTheme(theme) {
      // DevTools calls the light theme 'default'.
      await inDevTools(`(async () => {
        const Common = await import('./core/common/common.js')
        Common.Settings.Settings.instance().moduleSetting('ui-theme').set(${JSON.stringify(theme === 'dark' ? 'dark' : 'default')})
      })()`)
    },
    async screenshot({ width, height }) {
      // Docked, DevTools shares the page's window: a window of its own shows the panel alone.
      if (!undocked) {
        await inDevTools(`(async () => {
          const UI = await import('./ui/legacy/legacy.js')
          UI.DockController.DockController.instance().setDockSide('undocked')
        })()`)
        undocked = true
      }
      const { windowId } = await waitFor('the undocked DevTools window', () =>
        cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: devtools.targetId }).catch(() => undefined),
      )
      await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width, height, windowState: 'normal' } })
      await waitFor('the DevTools window to take its size', () => cdp.evaluate<boolean>(devtoolsSession, `innerWidth === ${width}`))
      const { data } = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, devtoolsSession)
      return Buffer.from(data, 'base64')
    },
  }
}

/** Sets a <select>'s value and fires input and change, as choosing an option does. */
function chooseOption(evaluate: (expression: string) => Promise<unknown>, selector: string, value: string): Promise<void> {
  return evaluate(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.value = ${JSON.stringify(value)};
    e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })) })()`) as Promise<void>
}
