import { describe, expect, it } from 'vitest'
import chrome from '../manifest.json' with { type: 'json' }
import { GECKO_ID, manifestFor } from './manifest.ts'

describe('manifest derivation', () => {
  it('keeps the Chrome shape as written', () => {
    expect(manifestFor('chrome', chrome)).toBe(chrome)
  })

  it('gives Firefox an event page, a gecko id and no Chrome-only keys', () => {
    const firefox = manifestFor('firefox', chrome) as unknown as Record<string, unknown>
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' })
    expect(firefox.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
    })
    for (const key of ['key', 'minimum_chrome_version', 'message_serialization']) expect(firefox).not.toHaveProperty(key)
    expect(firefox.content_scripts).toEqual(chrome.content_scripts)
  })

  it('runs the isolated relay before the MAIN-world script, in every frame at document_start', () => {
    const [relay, page] = chrome.content_scripts
    expect(relay).toMatchObject({ js: ['src/content/relay/relay.ts'], run_at: 'document_start', all_frames: true })
    expect(relay).not.toHaveProperty('world')
    expect(page).toMatchObject({
      js: ['src/content/page/page.ts'],
      world: 'MAIN',
      run_at: 'document_start',
      all_frames: true,
      match_about_blank: true,
      match_origin_as_fallback: true,
    })
  })
})
