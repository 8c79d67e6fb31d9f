import { describe, expect, it } from 'vitest'
import type { PanelToBackground } from '../../shared/protocol.ts'
import { createLink } from './link.ts'
import { createTabSettings } from './tab-settings.ts'

describe('tab settings', () => {
  it('asks the background to clear the log, keep it across loads and cap it', () => {
    const link = createLink()
    const posted: PanelToBackground[] = []
    link.setSender({ tabId: 4, post: (m) => posted.push(m) })
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
