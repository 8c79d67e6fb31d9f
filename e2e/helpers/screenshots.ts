import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARTIFACTS, ROOT } from '../../drivers/paths.ts'

/**
 * Saves a screenshot taken by the suite under artifacts/; with UPDATE_SCREENSHOTS=1 also under
 * docs/screenshots/, where the README's images come from.
 */
export function saveScreenshot(name: string, png: Buffer): void {
  const dirs = [ARTIFACTS, ...(process.env.UPDATE_SCREENSHOTS ? [join(ROOT, 'docs/screenshots')] : [])]
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, name), png)
  }
}
