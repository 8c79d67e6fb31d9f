import type { ManifestV3Export } from '@crxjs/vite-plugin'

export type Browser = 'chrome' | 'firefox'

export const GECKO_ID = 'websocketstream-devtools@wss-devtools.dev'

type Manifest = Record<string, unknown> & {
  background: { service_worker: string; type?: string }
  content_scripts: Array<Record<string, unknown>>
}

/**
 * manifest.json is written in the Chrome shape; Firefox gets a derived copy: an event page instead of a
 * service worker, a gecko id and minimum version, and none of the Chrome-only keys.
 */
export function manifestFor(browser: Browser, chrome: Manifest): ManifestV3Export {
  if (browser === 'chrome') return chrome as unknown as ManifestV3Export
  const { key: _key, minimum_chrome_version: _min, message_serialization: _ser, background, ...rest } = chrome
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: background.type ?? 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as ManifestV3Export
}
