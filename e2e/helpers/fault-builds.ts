// The fault-injection builds of e2e/hostile-instrumentation-errors-*: the extension with
// `__WSS_TEST_FAULTS__` defined true, so that every `recorder.guard` throws (src/shared/test-faults.d.ts).
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import type { BrowserName } from '../../drivers/browser.ts'
import { DIST_CHROME, DIST_FIREFOX, requireBuild, ROOT } from '../../drivers/paths.ts'

/** Each browser's shipped build, which must carry no trace of the fault switch. */
export const SHIPPED: Record<BrowserName, string> = { Chromium: DIST_CHROME, Firefox: DIST_FIREFOX }
export const FAULTS: Record<BrowserName, string> = { Chromium: resolve(ROOT, 'dist/chrome-faults'), Firefox: resolve(ROOT, 'dist/firefox-faults') }

/**
 * Builds FAULTS[name]. vite.config.ts has a mode for Chrome's; Firefox's lays the define and output folder
 * over the config of `--mode firefox` through Vite's build API (inline config wins over the config file's).
 */
export function buildFaults(name: BrowserName): string {
  if (name === 'Chromium') execFileSync('npx', ['vite', 'build', '--mode', 'chrome-faults', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' })
  else {
    const script = `import { build } from 'vite'
await build({ configFile: 'vite.config.ts', mode: 'firefox', logLevel: 'error',
  define: { __WSS_TEST_FAULTS__: 'true' }, build: { outDir: ${JSON.stringify(FAULTS.Firefox)}, emptyOutDir: true } })`
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: 'pipe' })
  }
  return requireBuild(FAULTS[name])
}
