// Chromium with nothing attached to its pages: a browser-level CDP connection only. Playwright enables CDP
// Network on every page it drives (and so takes every WebSocket frame event), which alone costs a busy
// socket more than half its throughput (/work/shared/notes/benchmarking.md); section 1 of the bench
// measures pages opened here instead. Only targets that are not measured (the extension's worker, the
// DevTools front-end, a panel) are ever attached to, and only for as long as a call takes.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cdp, type TargetInfo } from '../drivers/cdp.ts'
import { waitFor } from '../drivers/wait.ts'
import { chromiumPath, DIST_CHROME, requireBuild } from '../drivers/paths.ts'

/** Keeps Chromium off the network (as drivers/chromium.ts does) and keeps a page in the background or beside DevTools at full speed. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--password-store=basic',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--window-size=1280,800',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
]

/** CDP's TargetInfo, with whether any client is attached to the target. */
export type Target = TargetInfo & { attached: boolean }

export interface BareChromium {
  cdp: Cdp
  /** The browser process; its descendants are the renderers, the network service and the GPU process. */
  pid: number
  extensionId: string | null
  /** Opens a tab on `url` without attaching to it; `newWindow` puts it in a window of its own. Returns its target id. */
  openTab(url: string, options?: { newWindow?: boolean }): Promise<string>
  /** Closes every tab but the given ones (the blank tab Chromium starts with). */
  closeTabsExcept(targetIds: string[]): Promise<void>
  targets(): Promise<Target[]>
  /** Evaluates in a target that is not measured, attached only for the call. */
  evaluateIn<T>(targetId: string, expression: string): Promise<T>
  /** The extension's service worker target. */
  worker(): Promise<Target>
  close(): Promise<void>
}

/** `dist` picks another build of the extension (bench/process-cpu.ts compares two). */
export async function launchBareChromium({ extension, dist: build = DIST_CHROME }: { extension: boolean; dist?: string }): Promise<BareChromium> {
  const dist = extension ? requireBuild(build) : null
  const profile = mkdtempSync(join(tmpdir(), 'wss-bench-chromium-'))
  const args = [
    ...FLAGS,
    `--user-data-dir=${profile}`,
    ...(dist ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : ['--disable-extensions']),
  ]
  const child = spawn(chromiumPath(), [...args, 'about:blank'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let cdp: Cdp | undefined
  const close = async () => {
    const asked = await cdp?.send('Browser.close').then(
      () => true,
      () => false,
    )
    cdp?.close()
    if (!asked) child.kill('SIGTERM')
    await stop(child, exited)
    rmSync(profile, { recursive: true, force: true })
  }
  try {
    const [port, path] = await waitFor('DevToolsActivePort', () => {
      if (child.exitCode !== null) throw new Error(`Chromium exited with code ${child.exitCode}`)
      // Read while Chromium is still writing it, the file can hold the port without the path, or nothing.
      const [port, path] = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')
      return port && path ? [port, path] : undefined
    })
    cdp = await Cdp.connect(`ws://127.0.0.1:${port}${path}`)
    const browser = session(cdp, child.pid!, close)
    browser.extensionId = dist ? new URL((await browser.worker()).url).host : null
    return browser
  } catch (error) {
    await close()
    throw error
  }
}

function session(cdp: Cdp, pid: number, close: () => Promise<void>): BareChromium {
  const targets = async () => (await cdp.send<{ targetInfos: Target[] }>('Target.getTargets')).targetInfos
  return {
    cdp,
    pid,
    extensionId: null,
    targets,
    close,
    async openTab(url, { newWindow = false } = {}) {
      return (await cdp.send<{ targetId: string }>('Target.createTarget', { url, newWindow })).targetId
    },
    async closeTabsExcept(keep) {
      for (const t of await targets()) if (t.type === 'page' && !keep.includes(t.targetId)) await cdp.send('Target.closeTarget', { targetId: t.targetId })
    },
    async evaluateIn(targetId, expression) {
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
      try {
        return await cdp.evaluate(sessionId, expression)
      } finally {
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {})
      }
    },
    worker: () =>
      waitFor('the extension service worker', async () =>
        (await targets()).find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://')),
      ),
  }
}

async function stop(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
