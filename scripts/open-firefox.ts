// How `npm start -- --firefox` opens Firefox: web-ext installs the add-on into a running Firefox, so
// the playground waits for that before it loads.
import webExt from 'web-ext'
import type { Playground } from '../playground/server.ts'

/**
 * web-ext starts Firefox on its start page and only then installs the add-on. Firefox injects our
 * content scripts into pages already open, but they stay out of those (src/content/document-start.ts):
 * a playground loaded first would not be captured until reloaded. So Firefox starts on /wait.html,
 * which loads the playground in the same tab once the add-on is in. The toolbox opens with the window.
 */
export async function openFirefox({ binary, dist, playground }: { binary: string; dist: string; playground: Playground }) {
  const runner = await webExt.cmd.run({ sourceDir: dist, firefox: binary, startUrl: `${playground.url}wait.html`, args: ['--devtools'], noInput: true })
  playground.release()
  return runner
}
