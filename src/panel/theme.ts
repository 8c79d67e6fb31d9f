export type Theme = 'light' | 'dark'

/** The parts of `devtools.panels` that tell the theme; which exist depends on the browser. */
export interface ThemeSource {
  /** 'dark', or 'light' (Firefox) / 'default' (Chrome). */
  themeName?: string
  /** Firefox. */
  onThemeChanged?: { addListener(listener: (themeName: string) => void): void }
  /** Chrome (no event object there). */
  setThemeChangeHandler?(handler: (themeName: string) => void): void
}

const toTheme = (name: string | undefined): Theme => (name === 'dark' ? 'dark' : 'light')

/**
 * Applies the DevTools theme now and on every later change the browser reports. Outside DevTools (the
 * panel opened as a tab) there is no DevTools theme, so the page follows the system's colour scheme.
 */
export function followTheme(source: ThemeSource | undefined, apply: (theme: Theme) => void, media = globalThis.matchMedia): void {
  if (source?.themeName === undefined) {
    const query = media?.('(prefers-color-scheme: dark)')
    apply(query?.matches ? 'dark' : 'light')
    query?.addEventListener('change', (e) => apply(e.matches ? 'dark' : 'light'))
    return
  }
  apply(toTheme(source.themeName))
  const changed = (name: string) => apply(toTheme(name))
  if (source.onThemeChanged) source.onThemeChanged.addListener(changed)
  else source.setThemeChangeHandler?.(changed)
}
