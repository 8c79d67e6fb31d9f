// `npm start`, the main job: build, serve the playground, and open a browser with the extension loaded
// and DevTools open on the playground. `npm start -- --firefox` does the same in Firefox.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startPlayground } from '../playground/server.ts'
import { openChromium } from './open-chromium.ts'
import { openFirefox } from './open-firefox.ts'

const root = resolve(import.meta.dirname, '..')
const firefox = process.argv.includes('--firefox')
const dist = resolve(root, firefox ? 'dist/firefox' : 'dist/chrome')

execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })

const port = Number(process.env.PLAYGROUND_PORT ?? 8686)
const playground = await startPlayground({ port })
console.log(`\nPlayground: ${playground.url}`)

/** Ends the browser this script started; set once one runs. */
let closeBrowser = async () => {}
const stop = async (code = 0) => {
  await closeBrowser()
  await playground.close()
  process.exit(code)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

function findBrowser(envVar: string, candidates: string[]): string | null {
  const fromEnv = process.env[envVar]
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  return candidates.find((c) => existsSync(c)) ?? null
}

const manual = `
Load the built extension by hand:
  Chrome / Chromium: open chrome://extensions, switch on "Developer mode", click "Load unpacked" and pick
                     ${resolve(root, 'dist/chrome')}
  Firefox:           open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…" and pick
                     ${resolve(root, 'dist/firefox/manifest.json')}
Then open ${playground.url}, open DevTools (F12) and select the "WebSocketStream" panel.
The playground keeps running until you press Ctrl+C.`

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log(`\nNo display found (DISPLAY and WAYLAND_DISPLAY are unset), so no browser is opened.${manual}`)
} else if (firefox) {
  const binary = findBrowser('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox'])
  if (!binary) console.log(`\nFirefox not found: install it (apt-get install firefox-esr) or set FIREFOX_PATH.${manual}`)
  else {
    const runner = await openFirefox({ binary, dist, playground })
    console.log('Firefox is open with the add-on and the toolbox; select the "WebSocketStream" panel. Close Firefox or press Ctrl+C to stop.')
    closeBrowser = () => runner.exit()
    runner.registerCleanup(() => void stop())
  }
} else {
  const binary = findBrowser('CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'])
  if (!binary) console.log(`\nChromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH.${manual}`)
  else {
    const { child, panelShown } = await openChromium({ binary, dist, profile: resolve(root, '.profiles/chromium'), url: playground.url })
    const where = panelShown ? 'on the "WebSocketStream" panel' : 'open; select the "WebSocketStream" panel (under » if hidden)'
    console.log(`Chromium is open with the extension and DevTools ${where}. Close the browser or press Ctrl+C to stop.`)
    closeBrowser = async () => void child.kill()
    child.on('exit', () => void stop())
  }
}
