import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')
export const DIST_CHROME = resolve(ROOT, 'dist/chrome')
export const DIST_FIREFOX = resolve(ROOT, 'dist/firefox')
export const PANEL_PATH = 'src/panel/index.html'
/** Where test screenshots land; the README's screenshots are copied from here by the suite. */
export const ARTIFACTS = resolve(ROOT, 'artifacts')

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium']
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox']

function find(name: string, envVar: string, candidates: string[], install: string): string {
  const fromEnv = process.env[envVar]
  const path = fromEnv ?? candidates.find((c) => existsSync(c))
  if (!path || !existsSync(path))
    throw new Error(
      `${name} not found${fromEnv ? ` at ${envVar}=${fromEnv}` : ` (looked in ${candidates.join(', ')})`}. ` +
        `Install it with \`${install}\`, or set ${envVar} to its executable.`,
    )
  return path
}

export const chromiumPath = () => find('Chromium', 'CHROMIUM_PATH', CHROMIUM_CANDIDATES, 'sudo apt-get install -y chromium')
export const firefoxPath = () => find('Firefox', 'FIREFOX_PATH', FIREFOX_CANDIDATES, 'sudo apt-get install -y firefox-esr')

export function requireBuild(dist: string): string {
  if (!existsSync(resolve(dist, 'manifest.json'))) throw new Error(`No built extension in ${dist}: run \`npm run build\` first (npm test does).`)
  return dist
}
