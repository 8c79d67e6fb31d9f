/** Our panel's tab title in DevTools; Chromium also builds the panel's id from it (`ourPanelId` in drivers/chromium-devtools.ts). */
export const PANEL_TITLE = 'WebSocketStream'
