import { describe, expect, it } from 'vitest'
import type { PanelToBackground } from '../../shared/protocol/index.ts'
import { createLink } from './link.ts'

describe('link to the background', () => {
  it('keeps requests made while down, and sends them in order, for the tab the sender serves', () => {
    const link = createLink()
    link.request((tabId) => ({ type: 'clear', tabId }))
    link.request((tabId) => ({ type: 'preserve-log', tabId, preserve: true }))
    const posted: PanelToBackground[] = []
    link.setSender({ tabId: 7, post: (m) => posted.push(m) })
    expect(posted).toEqual([
      { type: 'clear', tabId: 7 },
      { type: 'preserve-log', tabId: 7, preserve: true },
    ])
    link.request((tabId) => ({ type: 'clear', tabId }))
    expect(posted).toHaveLength(3)
  })

  it('holds requests again once the sender is gone, and sends each only once', () => {
    const link = createLink()
    const first: PanelToBackground[] = []
    link.setSender({ tabId: 1, post: (m) => first.push(m) })
    link.setSender(null)
    link.request((tabId) => ({ type: 'clear', tabId }))
    expect(first).toEqual([])
    const second: PanelToBackground[] = []
    link.setSender({ tabId: 1, post: (m) => second.push(m) })
    link.setSender({ tabId: 1, post: (m) => second.push(m) })
    expect(second).toEqual([{ type: 'clear', tabId: 1 }])
  })
})
