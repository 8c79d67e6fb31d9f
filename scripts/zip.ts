// `npm run zip`: store-ready archives of both builds (run after `npm run build`, which npm run zip does).
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import manifest from '../manifest.json' with { type: 'json' }

const root = resolve(import.meta.dirname, '..')
for (const browser of ['chrome', 'firefox']) {
  execFileSync(
    resolve(root, 'node_modules/.bin/web-ext'),
    [
      'build',
      '--source-dir',
      `dist/${browser}`,
      '--artifacts-dir',
      'artifacts/zips',
      '--overwrite-dest',
      '--filename',
      `websocketstream-devtools-${manifest.version}-${browser}.zip`,
    ],
    { cwd: root, stdio: 'inherit' },
  )
}
