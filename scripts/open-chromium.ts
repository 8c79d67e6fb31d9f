// How `npm start` opens Chromium: the playground tab and its DevTools come only after the extension is
// running, and DevTools opens on our panel. Also used by e2e/first-run-npm-start-chromium.test.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Cdp, type TargetInfo } from '../drivers/cdp.ts'
import { waitFor } from '../drivers/wait.ts'
import { ourPanelId, showPanelSource } from '../drivers/chromium-devtools.ts'

export interface OpenChromiumOptions {
  binary: string
  /** The built extension (dist/chrome). */
  dist: string
  profile: string
  url: string
  /** More command-line switches (the end-to-end test adds --headless=new). */
  extraArgs?: string[]
  /** How long the extension may take to start. */
  timeoutMs?: number
}

export interface OpenedChromium {
  child: ChildProcess
  extensionId: string
  /** The browser's CDP endpoint (ws://127.0.0.1:…), reachable from this machine only. */
  cdpUrl: string
  /** Whether DevTools shows our panel (else it is one click away, under ») */
  panelShown: boolean
  /** How many times the page was loaded until our content scripts ran in it (1 unless it came too early). */
  loads: number
}

/** A Chromium extension id: the first 128 bits of the SHA-256 of its public key, as hex digits a-p. */
export function extensionIdOf(manifestKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(manifestKey, 'base64')).digest('hex').slice(0, 32)
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('')
}

/**
 * On a fresh profile Chromium installs a --load-extension extension while its first tab is already
 * loading, and a page loaded before the extension has no content scripts (Chromium never injects into
 * open documents), and DevTools opened before it has no panel of ours. So the browser starts on a blank
 * tab; once the extension's service worker runs, that tab goes to `url` and DevTools opens for it.
 */
export async function openChromium({ binary, dist, profile, url, extraArgs = [], timeoutMs = 30_000 }: OpenChromiumOptions): Promise<OpenedChromium> {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as { key: string; name: string }
  const extensionId = extensionIdOf(manifest.key)
  mkdirSync(profile, { recursive: true })
  const activePort = join(profile, 'DevToolsActivePort')
  // A file left by an earlier run would name a port that is gone.
  writeFileSync(activePort, '')
  const child = spawn(
    binary,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...extraArgs,
      'about:blank',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  try {
    const [port, path] = await waitFor(
      'Chromium to open its debugging port',
      () => {
        const lines = readFileSync(activePort, 'utf8').split('\n')
        return lines.length >= 2 && lines[0] ? lines : undefined
      },
      timeoutMs,
    )
    const cdpUrl = `ws://127.0.0.1:${port}${path}`
    const cdp = await Cdp.connect(cdpUrl)
    let panelShown = false
    let loads = 0
    try {
      const targets = async () => (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos
      await waitFor(
        'the extension service worker to start',
        async () => (await targets()).find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`)),
        timeoutMs,
      )
      const blank = await waitFor('the first tab', async () => (await targets()).find((t) => t.type === 'page' && t.url === 'about:blank'), timeoutMs)
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: blank.targetId, flatten: true })
      loads = await loadWithContentScripts(cdp, sessionId, url, manifest.name, timeoutMs)
      await cdp.send('Target.detachFromTarget', { sessionId })
      await cdp.send('Target.openDevTools', { targetId: blank.targetId })
      panelShown = await showOurPanel(cdp, targets, extensionId, timeoutMs)
    } finally {
      cdp.close()
    }
    return { child, extensionId, cdpUrl, panelShown, loads }
  } catch (error) {
    child.kill()
    throw error
  }
}

/**
 * Loads `url` in the tab and makes sure our content scripts run in it: they have a world of their own,
 * named after the extension. A running service worker does not prove Chromium has read the content
 * scripts yet; a load that came too early is done again. Answers how many loads it took.
 */
async function loadWithContentScripts(cdp: Cdp, sessionId: string, url: string, extensionName: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  await cdp.send('Page.enable', {}, sessionId)
  for (let load = 0; ; load++) {
    const loaded = new Promise<void>((resolve) => {
      const off = cdp.on((method, _params, from) => {
        if (from !== sessionId || method !== 'Page.loadEventFired') return
        off()
        resolve()
      })
    })
    if (load === 0) await cdp.send('Page.navigate', { url }, sessionId)
    else await cdp.send('Page.reload', {}, sessionId)
    await loaded
    // Enabling the runtime reports every context the document has, before it answers.
    const worlds: string[] = []
    const off = cdp.on((method, params, from) => {
      if (from === sessionId && method === 'Runtime.executionContextCreated') worlds.push(String((params.context as { name?: string }).name))
    })
    await cdp.send('Runtime.enable', {}, sessionId)
    off()
    await cdp.send('Runtime.disable', {}, sessionId)
    if (worlds.includes(extensionName)) return load + 1
    if (Date.now() > deadline) throw new Error(`${url} loaded ${load + 1} times without the extension's content scripts`)
  }
}

/**
 * Selects our panel in the DevTools window that just opened, once the extension's DevTools page has
 * added it (DevTools first shows Elements, and remembers a panel only while it exists). This uses the
 * front-end's InspectorView, an internal of DevTools as drivers/chromium.ts does: when it changes,
 * npm start still works, with the panel one click away.
 */
async function showOurPanel(cdp: Cdp, targets: () => Promise<TargetInfo[]>, extensionId: string, timeoutMs: number): Promise<boolean> {
  const panelId = ourPanelId(extensionId)
  try {
    const devtools = await waitFor(
      'the DevTools window',
      async () => (await targets()).find((t) => t.type === 'page' && t.url.startsWith('devtools://')),
      timeoutMs,
    )
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: devtools.targetId, flatten: true })
    return await waitFor('DevTools to list our panel', () => cdp.evaluate<boolean>(sessionId, showPanelSource(panelId)), timeoutMs)
  } catch {
    return false
  }
}
