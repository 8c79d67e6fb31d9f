// Urls, messages and close reasons crafted as HTML or script, huge, or not valid Unicode: the panel shows
// them as text (no element is made from them, nothing they carry runs), in the list, the timeline and
// each message's detail. The exports are covered by src/panel/export/hostile.test.ts.
import { describe, expect, it } from 'vitest'
import type { BrowserPage } from '../drivers/browser.ts'
import { browsers } from '../drivers/browsers.ts'
import type { PanelDriver } from '../drivers/panel.ts'
import { waitForRows } from './helpers/delivery.ts'
import { useBrowser } from './helpers/fixtures.ts'

/** Each sets a flag in whatever document would run it. */
const HTML = '<img src=x onerror="window.__pwned=1">'
const SCRIPT = '<script>window.__pwned=2</script>'
const JS_URL = 'javascript:window.__pwned=3'
const JSON_HTML = '{"a":"<img src=x onerror=window.__pwned=4>"}'
const LONE_SURROGATES = 'a\uD800b\uDFFFc'
const REASON = '<b onmouseover=window.__pwned=5>x</b>'
const HUGE = 'w'.repeat(200_000)

/**
 * Runs in the page: a url too long for the server (which refuses it) and to hold in full, more
 * subprotocols than the protocol carries (the server picks none: Chromium fails that handshake, Firefox
 * opens the socket, which is then closed), then a socket
 * whose url, messages and close reason are crafted; a close reason too long for the browser is refused.
 */
async function craft({ wsBase, texts, reason, huge, html }: { wsBase: string; texts: string[]; reason: string; huge: string; html: string }) {
  const long = new WebSocket(`${wsBase}/echo?${huge}`)
  await new Promise((resolve) => (long.onclose = resolve))
  const many = new WebSocket(
    `${wsBase}/echo?many-protocols`,
    Array.from({ length: 100 }, (_, i) => `p${i}`),
  )
  many.onopen = () => many.close()
  await new Promise((resolve) => (many.onclose = resolve))
  const ws = new WebSocket(`${wsBase}/echo?q=${html}`)
  ws.binaryType = 'arraybuffer'
  await new Promise((resolve) => (ws.onopen = resolve))
  let received = 0
  ws.onmessage = () => received++
  for (const text of texts) ws.send(text)
  ws.send(new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]))
  ws.send(huge)
  let hugeReason = ''
  try {
    ws.close(4000, huge)
  } catch (error) {
    hugeReason = (error as DOMException).name
  }
  while (received < texts.length + 2) await new Promise((resolve) => setTimeout(resolve, 10))
  const closed = new Promise((resolve) => (ws.onclose = (e) => resolve(e.reason)))
  ws.close(4000, reason)
  return { hugeReason, closed: await closed }
}

async function craftIn(page: BrowserPage, wsBase: string) {
  const args = { wsBase, texts: [HTML, SCRIPT, JS_URL, JSON_HTML, LONE_SURROGATES], reason: REASON, huge: HUGE, html: encodeURIComponent(HTML) }
  expect(await page.evaluate(`(${craft.toString()})(${JSON.stringify(args)})`)).toEqual({ hugeReason: 'SyntaxError', closed: REASON })
}

const TIMELINE_ROWS = 'section[aria-label="Timeline"] [role="row"][data-seq]'

/** Reads the panel as a user would, opening every timeline row's detail, and demands that nothing ran. */
async function expectInert(panel: PanelDriver, page: BrowserPage, wsBase: string) {
  const [long, many, row] = await waitForRows(panel, 'every connection ended', (rows) => rows.length === 3 && rows.every((r) => r.status === 'closed'))
  expect(long!.url).toMatch(/\/echo\?w{1000}/)
  expect(many!.url).toBe(`${wsBase}/echo?many-protocols`)
  expect(row!.url).toBe(`${wsBase}/echo?q=${encodeURIComponent(HTML)}`)
  await panel.click('tr[data-connection-id]:nth-child(3)')
  const count = await panel.waitFor<number>(
    'every event in the timeline',
    `(() => { const n = document.querySelectorAll(${JSON.stringify(TIMELINE_ROWS)}).length; return n >= 16 && n })()`,
  )
  const text = (await panel.text('section[aria-label="Timeline"]'))!
  for (const expected of [HTML, SCRIPT, JS_URL, REASON]) expect(text).toContain(expected)

  // Each row's detail view (text, JSON tree, hex dump) gets its turn.
  for (let i = 0; i < count; i++) {
    await panel.evaluate(`document.querySelectorAll(${JSON.stringify(TIMELINE_ROWS)})[${i}].click()`)
    await panel.waitFor(`row ${i} selected`, `document.querySelectorAll(${JSON.stringify(TIMELINE_ROWS)})[${i}].classList.contains('selected')`)
  }
  expect(
    await panel.evaluate(`({
      flag: window.__pwned ?? null,
      made: document.querySelectorAll('#app img, #app script, #app b, #app iframe, #app a[href^="javascript:"]').length,
      dropped: [...document.querySelectorAll('[aria-label="Dropped data"] li')].map((li) => li.textContent),
    })`),
  ).toEqual({ flag: null, made: 0, dropped: [] })
  expect(await page.evaluate('window.__pwned ?? null')).toBeNull()
}

describe.each(browsers)('%s: crafted payloads and names', (kind) => {
  const env = useBrowser(kind)
  it('render as inert text in the connection list, the timeline and the message detail', async () => {
    const { browser, playground } = env
    const page = await browser.newPage()
    await page.goto(`${playground.url}blank.html`)
    await craftIn(page, playground.wsBase)
    const panel = await browser.openPanelTab(page)
    await expectInert(panel, page, playground.wsBase)
    await panel.close()
  })
})
