// Urls, messages and close reasons crafted as HTML or script, huge, or not valid Unicode: the panel shows
// them as text (no element is made from them, nothing they carry runs), in the list, the timeline and
// each message's detail. The exports are covered by src/panel/export/hostile.test.ts.
import { describe, expect, it } from 'vitest'
import { waitFor } from './helpers/cdp.ts'
import { rowsScript, type Row } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

/** Each sets a flag in whatever document would run it. */
const HTML = '<img src=x onerror="window.__pwned=1">'
const SCRIPT = '<script>window.__pwned=2</script>'
const JS_URL = 'javascript:window.__pwned=3'
const JSON_HTML = '{"a":"<img src=x onerror=window.__pwned=4>"}'
const LONE_SURROGATES = 'a\uD800b\uDFFFc'
const REASON = '<b onmouseover=window.__pwned=5>x</b>'
const HUGE = 'w'.repeat(200_000)

describe('Chromium: crafted payloads and names', () => {
  const env = useChromiumAndPlayground()
  it('render as inert text in the connection list, the timeline and the message detail', async () => {
    const { chromium, playground } = env
    const page = await chromium.newPage()
    await page.goto(`${playground.url}blank.html`)
    const pageResult = await page.evaluate(
      async ({ wsBase, texts, reason, huge, html }) => {
        // Too long a url for the server (it refuses the handshake), and too long to hold in full.
        const long = new WebSocket(`${wsBase}/echo?${huge}`)
        await new Promise((resolve) => (long.onclose = resolve))
        // More subprotocols than the protocol carries (the server picks none, so the handshake fails).
        const many = new WebSocket(`${wsBase}/echo?many-protocols`, Array.from({ length: 100 }, (_, i) => `p${i}`))
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
      },
      { wsBase: playground.wsBase, texts: [HTML, SCRIPT, JS_URL, JSON_HTML, LONE_SURROGATES], reason: REASON, huge: HUGE, html: encodeURIComponent(HTML) },
    )
    expect(pageResult).toEqual({ hugeReason: 'SyntaxError', closed: REASON })

    const panel = await chromium.openPanelTab(page)
    const [long, many, row] = await waitFor('every connection ended', async () => {
      const rows = (await panel.evaluate(rowsScript)) as Row[]
      return rows.length === 3 && rows.every((r) => r.status !== 'open' && r.status !== 'connecting') && rows
    })
    expect(long!.url).toMatch(/\/echo\?w{1000}/)
    expect(many!.url).toBe(`${playground.wsBase}/echo?many-protocols`)
    expect(row!.url).toBe(`${playground.wsBase}/echo?q=${encodeURIComponent(HTML)}`)
    await panel.click('tr[data-connection-id]:nth-child(3)')
    const timeline = panel.locator('section[aria-label="Timeline"] [role="row"][data-seq]')
    await waitFor('every event in the timeline', async () => (await timeline.count()) >= 16)
    const text = (await panel.locator('section[aria-label="Timeline"]').textContent()) ?? ''
    for (const expected of [HTML, SCRIPT, JS_URL, REASON]) expect(text).toContain(expected)

    // Each row's detail view (text, JSON tree, hex dump) gets its turn; the panel must still answer afterwards.
    const count = await timeline.count()
    for (let i = 0; i < count; i++) {
      await timeline.nth(i).click()
      await panel.waitForSelector(`section[aria-label="Timeline"] [role="row"][data-seq].selected >> nth=0`)
    }
    const inert = await panel.evaluate(() => ({
      flag: (window as unknown as { __pwned?: number }).__pwned ?? null,
      made: document.querySelectorAll('#app img, #app script, #app b, #app iframe, #app a[href^="javascript:"]').length,
    }))
    expect(inert).toEqual({ flag: null, made: 0 })
    // The huge close reason the browser refused is listed with its error, not dropped as malformed.
    expect(await panel.locator('[aria-label="Dropped data"] li').allTextContents()).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull()
    await panel.close()
  })
})
