// The DevTools page: its only job is to add our panel to the inspected tab's DevTools.
import browser from 'webextension-polyfill'
import { PANEL_TITLE } from './panel-title.ts'

browser.devtools.panels.create(PANEL_TITLE, '/icons/icon-48.png', '/src/panel/index.html')
