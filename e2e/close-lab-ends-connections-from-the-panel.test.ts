import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { waitFor } from '../drivers/wait.ts'
import { useDevToolsPanel } from './helpers/fixtures.ts'

/*
 * The close lab, driven through the real DevTools panel against the playground server: what the
 * server received is checked in its own log, what the page saw in the page. Each step runs on a
 * WebSocketStream where the browser has it (Chromium), on a WebSocket elsewhere; the WebSocketStream's
 * own close paths only where there is one.
 */
describe.each(browsers)('%s close lab, through the real DevTools panel', (kind) => {
  const env = useDevToolsPanel(kind, { path: 'blank.html' })
  const streamApi = kind.has.webSocketStream ? 'WebSocketStream' : 'WebSocket'

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

  /** The page's own traffic on the socket of `tag`. */
  const sendFromPage = (tag: string, text: string) =>
    env.page.evaluate(
      async ({ tag, text }) => {
        const socket = (window as unknown as { sockets: Record<string, WebSocket | WebSocketStream> }).sockets[tag]!
        if (socket instanceof WebSocket) socket.send(text)
        else await socket.opened.then(({ writable }) => writable.getWriter().write(text))
      },
      { tag, text },
    )

  async function selectInPanel(tag: string): Promise<void> {
    const selector = `tr[data-connection-id]:has(td.url[title$="lab=${tag}"])`
    await env.panel.waitForText(selector, 'open')
    await env.panel.click(selector)
    await env.panel.click('[role="tab"]:nth-child(2)')
    await env.panel.waitForText('section[aria-label="Close lab"]', 'Close code')
  }

  async function outcome(pattern: RegExp, what: string): Promise<string> {
    const read = `document.querySelector('.close-lab .outcome')?.textContent ?? ''`
    try {
      return await env.panel.waitFor<string>(what, `(() => { const t = ${read}; return ${pattern}.test(t) && t })()`)
    } catch (error) {
      const rows = await env.panel.texts('[role="grid"] [role="row"]')
      throw new Error(
        `${(error as Error).message}; the outcome reads: ${JSON.stringify(await env.panel.evaluate<string>(read))}; timeline: ${JSON.stringify(rows)}`,
      )
    }
  }

  /** The close the server received on the connection opened for `tag` (close entries carry only the connection number). */
  async function closeLogged(tag: string) {
    const open = await env.playground.waitForLog((e) => e.event === 'open' && e.url?.endsWith(`lab=${tag}`) === true)
    return env.playground.waitForLog((e) => e.event === 'close' && e.connection === open.connection)
  }
  const closedOnServer = (tag: string) => {
    const open = env.playground.log.find((e) => e.event === 'open' && e.url?.endsWith(`lab=${tag}`))
    return env.playground.log.some((e) => e.event === 'close' && e.connection === open?.connection)
  }

  it(`refuses 1001 with InvalidAccessError and a 124-byte reason with SyntaxError on a ${streamApi}, which stays open`, async () => {
    await openInPage(streamApi, 'refused')
    await selectInPanel('refused')
    await env.panel.fill('input[name="close-code"]', '1001')
    await env.panel.waitForText('.problems', /1001 \(Going Away\) is not allowed/)
    await env.panel.click('button[data-action="close"]')
    const refused = await outcome(/InvalidAccessError/, 'the InvalidAccessError')
    expect(refused).toMatch(/^close threw InvalidAccessError: .*The connection is open\.$/)

    await env.panel.fill('input[name="close-code"]', '4000')
    await env.panel.fill('input[name="reason"]', 'x'.repeat(124))
    expect(await env.panel.waitForText('#reason-bytes', '124 /')).toBe('124 / 123 bytes')
    await env.panel.click('button[data-action="close"]')
    expect(await outcome(/SyntaxError/, 'the SyntaxError')).toMatch(/^close threw SyntaxError: /)

    // Still open: the page's own traffic goes through, and the server never saw a close.
    await sendFromPage('refused', 'still open')
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === 'still open')
    expect(closedOnServer('refused')).toBe(false)
  })

  it(`closes a ${streamApi} with 4321 "bye", which the server receives, and shows the outcome`, async () => {
    await openInPage(streamApi, 'bye')
    await selectInPanel('bye')
    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    const logged = await closeLogged('bye')
    expect([logged.code, logged.reason]).toEqual([4321, 'bye'])
    expect(await outcome(/^Closed in/, 'the close outcome')).toMatch(/^Closed in \d+\.\d ms: 4321 Private use "bye", clean\.$/)
    expect(await env.panel.text('.facts .outcome')).toMatch(/initiated by DevTools/)
  })

  it(`sends close() with no arguments on a ${streamApi}, which the server sees as 1005`, async () => {
    await openInPage(streamApi, 'empty')
    await selectInPanel('empty')
    await env.panel.click('button[data-action="close-empty"]')
    expect((await closeLogged('empty')).code).toBe(1005)
  })

  if (kind.has.webSocketStream)
    it('aborts the writable with a WebSocketError(3001, "x") that reaches the server', async () => {
      await openInPage('WebSocketStream', 'abort')
      await selectInPanel('abort')
      await env.panel.fill('input[name="close-code"]', '3001')
      await env.panel.fill('input[name="reason"]', 'x')
      await env.panel.click('button[data-action="writable.abort"]')
      const logged = await closeLogged('abort')
      expect([logged.code, logged.reason]).toEqual([3001, 'x'])
    })

  it(`sends a message to the server on a ${streamApi} and simulates one that reaches the page, marked synthetic`, async () => {
    await openInPage(streamApi, 'send')
    await selectInPanel('send')
    await env.panel.fill('textarea[name="message"]', 'from devtools')
    await env.panel.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === 'from devtools')
    await env.panel.fill('textarea[name="message"]', 'synthetic hello')
    await env.panel.click('button[data-action="simulate"]')
    await waitFor('the page to get the simulated message', () =>
      env.page.evaluate(() => (window as unknown as { received: Record<string, unknown[]> }).received.send!.includes('synthetic hello')),
    )
    // The echo of the real message came back too; the simulated one never reached the server.
    expect(env.playground.log.some((e) => e.event === 'message' && e.text === 'synthetic hello')).toBe(false)
    await env.panel.click('[role="tab"]:nth-child(1)')
    const row = await env.panel.waitForText('[role="grid"][aria-label="Messages"] [role="row"]', 'synthetic hello')
    expect(row).toMatch(/↓text\s*synthetic/)
  })

  it('sends text and hex on a classic WebSocket and closes it with close(4321, "bye")', async () => {
    await openInPage('WebSocket', 'ws')
    await selectInPanel('ws')
    await env.panel.fill('textarea[name="message"]', `from the ${kind.name} panel`)
    await env.panel.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.text === `from the ${kind.name} panel`)
    await env.panel.waitForText('.close-lab .outcome', 'Sent.')

    await env.panel.fill('textarea[name="message"]', 'cafe01')
    await env.panel.fill('select[name="format"]', 'hex')
    await env.panel.click('button[data-action="send"]')
    await env.playground.waitForLog((e) => e.event === 'message' && e.binary === true && e.hex?.startsWith('cafe01') === true)

    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    const logged = await closeLogged('ws')
    expect([logged.code, logged.reason]).toEqual([4321, 'bye'])
    expect(await outcome(/^Closed in/, 'the close outcome')).toMatch(/4321 Private use "bye", clean\.$/)
  })
})
