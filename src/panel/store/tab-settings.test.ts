import { describe, expect, it } from 'vitest'
import { recordingLink } from '../test/fixtures.ts'
import { createTabSettings } from './tab-settings.ts'

describe('tab settings', () => {
  it('asks the background to clear the log, keep it across loads and cap it', () => {
    const { link, posted } = recordingLink(4)
    const settings = createTabSettings(link)
    settings.clear()
    settings.setPreserveLog(true)
    settings.setLimits({ maxMessages: 500, maxPayloadBytes: 1024 })
    expect(posted).toEqual([
      { type: 'clear', tabId: 4 },
      { type: 'preserve-log', tabId: 4, preserve: true },
      { type: 'limits', limits: { maxMessages: 500, maxPayloadBytes: 1024 } },
    ])
  })
})
