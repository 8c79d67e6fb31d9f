// Entry of the panel page, inside DevTools or as a tab of its own (`?tabId=`).
import browser from 'webextension-polyfill'
import { render } from 'preact'
import { App } from './components/App.tsx'
import { connectToBackground, inspectedTabId } from './bridge.ts'
import { createStore } from './store/store.ts'
import { followTheme, type ThemeSource } from './theme.ts'

followTheme(browser.devtools?.panels as ThemeSource | undefined, (theme) => (document.documentElement.dataset.theme = theme))

const tabId = inspectedTabId()
const store = createStore()
const root = document.getElementById('app')!
if (tabId === null) {
  render(<p role="alert">No tab to inspect: open this panel in DevTools, or add ?tabId=N to its address.</p>, root)
} else {
  connectToBackground(tabId, store)
  render(<App store={store} />, root)
}
