import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extensionIdOf } from './open-chromium.ts'

describe('extensionIdOf', () => {
  it("gives the id Chromium gives our manifest's key (read from the service worker's url)", () => {
    const { key } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../manifest.json'), 'utf8')) as { key: string }
    expect(extensionIdOf(key)).toBe('kgmonigjkahebnhopfplcaknchicecmn')
  })
})
