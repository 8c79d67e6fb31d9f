/** Our panel's tab title in DevTools; Chromium also builds the panel's id from it (scripts/open-chromium.ts). */
export const PANEL_TITLE = 'WebSocketStream'
