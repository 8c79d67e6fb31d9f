import { describe, expect, it, vi } from 'vitest'
import { followTheme, type Theme } from './theme.ts'

function recorder() {
  const seen: Theme[] = []
  return { seen, apply: (t: Theme) => seen.push(t) }
}

describe('followTheme', () => {
  it('applies the current theme and follows Firefox onThemeChanged', () => {
    const listeners: Array<(name: string) => void> = []
    const { seen, apply } = recorder()
    followTheme({ themeName: 'light', onThemeChanged: { addListener: (l) => listeners.push(l) } }, apply)
    listeners[0]!('dark')
    listeners[0]!('light')
    expect(seen).toEqual(['light', 'dark', 'light'])
  })

  it("follows Chrome's setThemeChangeHandler, where 'default' is the light theme", () => {
    let handler: ((name: string) => void) | undefined
    const { seen, apply } = recorder()
    followTheme({ themeName: 'dark', setThemeChangeHandler: (h) => (handler = h) }, apply)
    handler!('default')
    expect(seen).toEqual(['dark', 'light'])
  })

  it('applies the theme once when the browser offers no change notification', () => {
    const { seen, apply } = recorder()
    followTheme({ themeName: 'dark' }, apply)
    expect(seen).toEqual(['dark'])
  })

  it('outside DevTools, follows the system colour scheme', () => {
    let onChange: ((e: { matches: boolean }) => void) | undefined
    const media = vi.fn(() => ({ matches: true, addEventListener: (_: string, l: (e: { matches: boolean }) => void) => (onChange = l) }))
    const { seen, apply } = recorder()
    followTheme(undefined, apply, media as unknown as typeof matchMedia)
    onChange!({ matches: false })
    expect(media).toHaveBeenCalledWith('(prefers-color-scheme: dark)')
    expect(seen).toEqual(['dark', 'light'])
  })
})
