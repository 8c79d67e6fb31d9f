// `npm start` on a fresh profile, as a new user's first run: the browser opened the way scripts/start.ts
// opens it must show our panel in DevTools, and capture the playground's first page load.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cdp, type TargetInfo } from '../drivers/cdp.ts'
import { waitFor } from '../drivers/wait.ts'
import { chromiumPath, DIST_CHROME, PANEL_PATH, requireBuild } from '../drivers/paths.ts'
import { startPlayground, type Playground } from '../playground/server.ts'
import { openChromium } from '../scripts/open-chromium.ts'

describe('npm start in Chromium, with a fresh profile', () => {
  let playground: Playground
  let profile: string
  let child: ChildProcess | undefined
  let cdp: Cdp
  let extensionId: string

  beforeAll(async () => {
    playground = await startPlayground()
    profile = mkdtempSync(join(tmpdir(), 'wss-devtools-first-run-'))
    // Headless, unlike npm start: the only switch added to the ones scripts/start.ts passes.
    const opened = await openChromium({ binary: chromiumPath(), dist: requireBuild(DIST_CHROME), profile, url: playground.url, extraArgs: ['--headless=new'] })
    child = opened.child
    console.log(`first run: the playground took ${opened.loads} load(s) to get our content scripts; panel shown: ${opened.panelShown}`)
    extensionId = opened.extensionId
    cdp = await Cdp.connect(opened.cdpUrl)
  })

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve))
      // Closed as a person would, so that its helper processes stop writing into the profile; killed if it will not.
      await cdp?.send('Browser.close').catch(() => {})
      const timer = setTimeout(() => child!.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    cdp?.close()
    // A helper process may still write into the profile for a moment after the browser is gone.
    await waitFor('the fresh profile to be removed', () => {
      rmSync(profile, { recursive: true, force: true })
      return true
    })
    await playground?.close()
  })

  const targets = async () => (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos
  const attach = async (target: TargetInfo) =>
    (await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true })).sessionId

  it('opens DevTools on our panel, which shows a connection of the first page load', async () => {
    const page = await waitFor('the playground tab', async () => (await targets()).find((t) => t.type === 'page' && t.url.startsWith(playground.url)))
    const pageSession = await attach(page)
    await waitFor('the playground to load', () => cdp.evaluate<boolean>(pageSession, `document.readyState === 'complete'`))
    // The panel's iframe exists only once DevTools shows the panel: nobody here selects it.
    const panelUrl = `chrome-extension://${extensionId}/${PANEL_PATH}`
    const panel = await waitFor(
      'DevTools to show our panel on its own (its iframe)',
      async () => (await targets()).find((t) => t.type === 'iframe' && t.url.startsWith(panelUrl)),
      20_000,
    )
    const panelSession = await attach(panel)

    // No reload: a page that loaded before the extension ran would never be captured.
    const echo = `${playground.wsBase}/echo`
    const reply = await cdp.evaluate<string>(
      pageSession,
      `new Promise((resolve) => {
        const ws = new WebSocket(${JSON.stringify(echo)})
        ws.onopen = () => ws.send('first run')
        ws.onmessage = (event) => resolve(event.data)
        ws.onerror = () => resolve('error')
      })`,
    )
    expect(reply).toBe('first run')
    const urls = await waitFor(
      'the panel to list the echo connection',
      async () => {
        const found = await cdp.evaluate<string[]>(
          panelSession,
          `Array.from(document.querySelectorAll('tr[data-connection-id] td.url'), (td) => td.textContent)`,
        )
        return found.length > 0 ? found : undefined
      },
      10_000,
    )
    expect(urls).toEqual([echo])
  })
})
