import type { Limits } from '../../shared/protocol/index.ts'
import type { Link } from './link.ts'

/**
 * What the toolbar asks of the tab's log in the background: clear it, keep it across page loads, cap it.
 * The answer comes back as the tab's state with the next entries (the tab log holds it).
 */
export function createTabSettings(link: Link) {
  return {
    clear(): void {
      link.request((tabId) => ({ type: 'clear', tabId }))
    },
    setPreserveLog(preserve: boolean): void {
      link.request((tabId) => ({ type: 'preserve-log', tabId, preserve }))
    },
    setLimits(limits: Limits): void {
      link.request(() => ({ type: 'limits', limits }))
    },
  }
}
