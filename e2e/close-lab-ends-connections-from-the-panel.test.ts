import { describe, expect, it } from 'vitest'
import { waitFor } from '../drivers/cdp.ts'
import { useChromiumDevToolsPanel } from './helpers/fixtures.ts'

/*
 * The close lab, driven through the real DevTools panel against the playground server: what the
 * server received is checked in its own log, what the page saw in the page.
 */
const env = useChromiumDevToolsPanel('blank.html')

/** Opens a socket in the page whose reads land in window.received[tag]; resolves once it is open. */
async function openInPage(api: 'WebSocketStream' | 'WebSocket', tag: string): Promise<void> {
  await env.page.evaluate(
    async ({ url, api, tag }) => {
      const w = window as unknown as { received: Record<string, unknown[]>; sockets: Record<string, unknown> }
      w.received ??= {}
      w.sockets ??= {}
      const got: unknown[] = (w.received[tag] = [])
      if (api === 'WebSocketStream') {
        const stream = new WebSocketStream(url)
        w.sockets[tag] = stream
        const { readable } = await stream.opened
        void (async () => {
          const reader = readable.getReader()
          for (;;) {
            const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
            if (done) break
            got.push(typeof value === 'string' ? value : [...new Uint8Array(value as ArrayBuffer)])
          }
        })()
      } else {
        const socket = new WebSocket(url)
        socket.binaryType = 'arraybuffer'
        w.sockets[tag] = socket
        socket.onmessage = (e) => got.push(typeof e.data === 'string' ? e.data : [...new Uint8Array(e.data)])
        await new Promise((resolve) => (socket.onopen = resolve))
      }
    },
    { url: `${env.playground.wsBase}/echo?lab=${tag}`, api, tag },
  )
}

async function selectInPanel(tag: string): Promise<void> {
  const selector = `tr[data-connection-id]:has(td.url[title$="lab=${tag}"])`
  await env.panel.waitFor(`the row of ${tag}`, `!!document.querySelector(${JSON.stringify(selector)})`)
  await env.panel.click(selector)
  await env.panel.click('[role="tab"]:nth-child(2)')
  await env.panel.waitFor('the close lab', `!!document.querySelector('section[aria-label="Close lab"]')`)
}

async function outcome(pattern: RegExp, what: string): Promise<string> {
  const read = `document.querySelector('.close-lab .outcome')?.textContent ?? ''`
  try {
    return await env.panel.waitFor<string>(what, `(() => { const t = ${read}; return ${pattern}.test(t) && t })()`, 10_000)
  } catch (error) {
    const rows = await env.panel.evaluate<string[]>(`[...document.querySelectorAll('[role="grid"] [role="row"]')].map((r) => r.textContent)`)
    throw new Error(
      `${(error as Error).message}; the outcome reads: ${JSON.stringify(await env.panel.evaluate<string>(read))}; timeline: ${JSON.stringify(rows)}`,
    )
  }
}

/** The close the server received on the connection opened for `tag` (close entries carry only the connection number). */
async function closeLogged(tag: string) {
  const open = await env.playground.waitForLog((e) => e.event === 'open' && e.url?.endsWith(`lab=${tag}`) === true)
  return env.playground.waitForLog((e) => e.event === 'close' && e.connection === open.connection, 5_000)
}
const closedOnServer = (tag: string) => {
  const open = env.playground.log.find((e) => e.event === 'open' && e.url?.endsWith(`lab=${tag}`))
  return env.playground.log.some((e) => e.event === 'close' && e.connection === open?.connection)
}

describe('Chromium close lab, through the real DevTools panel', () => {
  it('refuses 1001 with InvalidAccessError and a 124-byte reason with SyntaxError, and the socket stays open', async () => {
    await openInPage('WebSocketStream', 'refused')
    await selectInPanel('refused')
    await env.panel.fill('input[name="close-code"]', '1001')
    expect(await env.panel.evaluate<string>(`document.querySelector('.problems').textContent`)).toMatch(/1001 \(Going Away\) is not allowed/)
    await env.panel.click('button[data-action="close"]')
    const refused = await outcome(/InvalidAccessError/, 'the InvalidAccessError')
    expect(refused).toMatch(/^close threw InvalidAccessError: .*The connection is open\.$/)

    await env.panel.fill('input[name="close-code"]', '4000')
    await env.panel.fill('input[name="reason"]', 'x'.repeat(124))
    expect(await env.panel.evaluate<string>(`document.querySelector('#reason-bytes').textContent`)).toBe('124 / 123 bytes')
    await env.panel.click('button[data-action="close"]')
    expect(await outcome(/SyntaxError/, 'the SyntaxError')).toMatch(/^close threw SyntaxError: /)

    // Still open: the page's own traffic goes through, and the server never saw a close.
    await env.page.evaluate(() => {
      const stream = (window as unknown as { sockets: Record<string, WebSocketStream> }).sockets.refused!
      return stream.opened.then(({ writable }) => writable.getWriter().write('still open'))
    })
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === 'still open')
    expect(closedOnServer('refused')).toBe(false)
  })

  it('closes a WebSocketStream with 4321 "bye", which the server receives, and shows the outcome', async () => {
    await openInPage('WebSocketStream', 'bye')
    await selectInPanel('bye')
    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    const logged = await closeLogged('bye')
    expect([logged.code, logged.reason]).toEqual([4321, 'bye'])
    expect(await outcome(/^Closed in/, 'the close outcome')).toMatch(/^Closed in \d+\.\d ms: 4321 Private use "bye", clean\.$/)
    expect(await env.panel.evaluate<string>(`document.querySelector('.facts .outcome').textContent`)).toMatch(/initiated by DevTools/)
  })

  it('sends close() with no arguments, which the server sees as 1005', async () => {
    await openInPage('WebSocketStream', 'empty')
    await selectInPanel('empty')
    await env.panel.click('button[data-action="close-empty"]')
    expect((await closeLogged('empty')).code).toBe(1005)
  })

  it('aborts the writable with a WebSocketError(3001, "x") that reaches the server', async () => {
    await openInPage('WebSocketStream', 'abort')
    await selectInPanel('abort')
    await env.panel.fill('input[name="close-code"]', '3001')
    await env.panel.fill('input[name="reason"]', 'x')
    await env.panel.click('button[data-action="writable.abort"]')
    const logged = await closeLogged('abort')
    expect([logged.code, logged.reason]).toEqual([3001, 'x'])
  })

  it('sends a message to the server and simulates one that reaches the page reader, marked synthetic', async () => {
    await openInPage('WebSocketStream', 'send')
    await selectInPanel('send')
    await env.panel.fill('textarea[name="message"]', 'from devtools')
    await env.panel.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === 'from devtools')
    await env.panel.fill('textarea[name="message"]', 'synthetic hello')
    await env.panel.click('button[data-action="simulate"]')
    await waitFor('the page reader to get the simulated message', () =>
      env.page.evaluate(() => (window as unknown as { received: Record<string, unknown[]> }).received.send!.includes('synthetic hello')),
    )
    // The echo of the real message came back too; the simulated one never reached the server.
    expect(env.playground.log.some((e) => e.event === 'message' && e.text === 'synthetic hello')).toBe(false)
    await env.panel.click('[role="tab"]:nth-child(1)')
    const row = await env.panel.waitFor<string>(
      'the simulated message in the timeline',
      `[...document.querySelectorAll('[role="grid"][aria-label="Messages"] [role="row"]')].map((r) => r.textContent).find((t) => t.includes('synthetic hello')) || false`,
    )
    expect(row).toMatch(/↓text\s*synthetic/)
  })

  it('closes a classic WebSocket with close(4321, "bye") and sends on it', async () => {
    await openInPage('WebSocket', 'ws')
    await selectInPanel('ws')
    await env.panel.fill('textarea[name="message"]', 'cafe01')
    await env.panel.evaluate(
      `(() => { const s = document.querySelector('select[name="format"]'); s.value = 'hex'; s.dispatchEvent(new Event('change', { bubbles: true })) })()`,
    )
    await env.panel.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.binary === true && e.hex?.startsWith('cafe01') === true)
    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    const logged = await closeLogged('ws')
    expect([logged.code, logged.reason]).toEqual([4321, 'bye'])
    expect(await outcome(/^Closed in/, 'the close outcome')).toMatch(/4321 Private use "bye", clean/)
  })
})
