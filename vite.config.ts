import { crx } from '@crxjs/vite-plugin'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import chromeManifest from './manifest.json' with { type: 'json' }
import { manifestFor, type Browser } from './build/manifest.ts'

// Content scripts are standalone classic scripts: crxjs' async loader would run them after the page's
// own scripts (Chrome) or fetch chunks from the website's origin (Firefox, MAIN world).
const CONTENT_SCRIPTS = ['src/content/relay/relay.ts', 'src/content/page/page.ts']

/** A Chrome build whose instrumentation fails on purpose, for the hostile-pages tests only; never shipped. */
const FAULTS_MODE = 'chrome-faults'

export default defineConfig(({ mode }) => {
  const browser: Browser = mode === 'firefox' ? 'firefox' : 'chrome'
  const faults = mode === FAULTS_MODE
  return {
    define: { __WSS_TEST_FAULTS__: JSON.stringify(faults) },
    plugins: [
      crx({
        manifest: manifestFor(browser, chromeManifest),
        browser,
        contentScripts: { standaloneFiles: CONTENT_SCRIPTS },
      }),
    ],
    build: {
      outDir: faults ? `dist/${FAULTS_MODE}` : `dist/${browser}`,
      emptyOutDir: true,
      target: browser === 'firefox' ? 'firefox140' : 'chrome124',
      rollupOptions: { input: { panel: resolve(import.meta.dirname, 'src/panel/index.html') } },
    },
    server: { port: 5173, strictPort: true, hmr: { host: 'localhost', port: 5173 } },
    legacy: { skipWebSocketTokenCheck: true },
  }
})
