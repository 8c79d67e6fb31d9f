// Volume a page can throw at us: one 64 MiB message, 1,000 sockets at once, 100,000 tiny messages, a
// socket whose handshake never gets an answer, a server that never answers the close. The page keeps
// working (its timer ticks, a final echo arrives), the panel answers a click within a bound, and what the
// background holds stays within the per-tab cap, which counts what it dropped.
import { createServer, type Server, type Socket } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from './helpers/cdp.ts'
import { readLosses, waitForRows } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'
import { DEFAULT_LIMITS } from '../src/shared/protocol.ts'

const env = useChromiumAndPlayground()
/** How long a click on a connection may take to show its timeline, with the panel under load. */
const CLICK_BOUND_MS = 2_000

/** Accepts TCP connections and never says a word: a WebSocket handshake to it never completes. */
let mute: Server
const muted = new Set<Socket>()
beforeAll(async () => {
  mute = createServer((socket) => {
    muted.add(socket)
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  for (const socket of muted) socket.destroy()
  await new Promise((resolve) => mute.close(resolve))
})

/** A fresh tab with a timer that counts ticks, so a blocked page shows up as missing ticks. */
async function tickingPage(): Promise<Page> {
  const page = await env.chromium.context.newPage()
  await page.goto(`${env.playground.url}blank.html`)
  await page.evaluate(() => {
    const w = window as unknown as { ticks: number }
    w.ticks = 0
    setInterval(() => w.ticks++, 50)
  })
  return page
}

/** The page still runs timers and gets a fresh echo. */
async function expectAlive(page: Page) {
  const alive = await page.evaluate(async (wsBase) => {
    const w = window as unknown as { ticks: number }
    const before = w.ticks
    const ws = new WebSocket(`${wsBase}/echo?final`)
    const echo = await new Promise((resolve) => {
      ws.onopen = () => ws.send('final')
      ws.onmessage = (e) => resolve(e.data)
    })
    ws.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    return { echo, ticked: w.ticks - before >= 3 }
  }, env.playground.wsBase)
  expect(alive).toEqual({ echo: 'final', ticked: true })
}

/** Opens the panel for the page and times a click on the first connection until its timeline shows. */
async function clickTime(page: Page): Promise<number> {
  const panel = await env.chromium.openPanelTab(page)
  await panel.waitForSelector('tr[data-connection-id]', { timeout: 15_000 })
  const start = performance.now()
  await panel.click('tr[data-connection-id]')
  await panel.waitForSelector('section[aria-label="Timeline"] [role="row"][data-seq]', { timeout: CLICK_BOUND_MS * 5 })
  const elapsed = performance.now() - start
  await panel.close()
  return elapsed
}

describe('Chromium: hostile volume', () => {
  it('a 64 MiB binary message goes through and is recorded at its full size', async () => {
    const page = await tickingPage()
    const size = 64 * 1024 * 1024
    const echoed = await page.evaluate(async ({ wsBase, size }) => {
      const ws = new WebSocket(`${wsBase}/echo?big`)
      ws.binaryType = 'arraybuffer'
      await new Promise((resolve) => (ws.onopen = resolve))
      ws.send(new Uint8Array(size).fill(7))
      const data = await new Promise<ArrayBuffer>((resolve) => (ws.onmessage = (e) => resolve(e.data)))
      return data.byteLength
    }, { wsBase: env.playground.wsBase, size })
    expect(echoed).toBe(size)
    expect(env.playground.log).toContainEqual(expect.objectContaining({ event: 'message', size, binary: true }))
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    const [big] = await waitForRows(panel, 'the big message both ways', (rows) => rows[0]?.received.startsWith('1 /') === true)
    expect([big!.sent, big!.received]).toEqual(['1 / 64.0 MiB', '1 / 64.0 MiB'])
    await panel.close()
    await page.close()
  })

  it('1,000 sockets opened at once are all listed, and the page keeps working', async () => {
    const page = await tickingPage()
    // Chromium itself fails some of them (it limits the sockets a page may have pending at once): each
    // socket is closed on open and followed to its close event, whichever way it went.
    const ended = await page.evaluate(async (wsBase) => {
      const sockets = Array.from({ length: 1000 }, (_, i) => new WebSocket(`${wsBase}/echo?many=${i}`))
      let opened = 0
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise((resolve) => {
              ws.onopen = () => (opened++, ws.close(4000))
              ws.onclose = resolve
            }),
        ),
      )
      return { ended: sockets.length, someOpened: opened > 0 }
    }, env.playground.wsBase)
    expect(ended).toEqual({ ended: 1000, someOpened: true })
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    await waitForRows(panel, '1,001 closed connections', (rows) => rows.length === 1001 && rows.every((r) => r.status === 'closed'), 30_000)
    await panel.close()
    expect(await clickTime(page)).toBeLessThan(CLICK_BOUND_MS)
    await page.close()
  })

  it('100,000 tiny messages: the page gets them all, the panel holds the cap and counts the rest', async () => {
    const page = await tickingPage()
    const n = 100_000
    const received = await page.evaluate(async ({ wsBase, n }) => {
      const ws = new WebSocket(`${wsBase}/flood?n=${n}&size=1`)
      let count = 0
      await new Promise<void>((resolve) => (ws.onmessage = () => ++count === n && resolve()))
      ws.close()
      return count
    }, { wsBase: env.playground.wsBase, n })
    expect(received).toBe(n)
    await expectAlive(page)
    const panel = await env.chromium.openPanelTab(page)
    const cap = DEFAULT_LIMITS.maxMessages
    // The cap counts the tab's messages: the flood's and the final echo's two.
    const dropped = n + 2 - cap
    let losses: string[] = []
    await waitFor('the cap counter', async () => (losses = await readLosses(panel)).includes(`${dropped} messages dropped (cap)`), 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; losses: ${JSON.stringify(losses)}`)
      },
    )
    const rows = await waitForRows(panel, 'the flood held to the cap', (rows) => rows.length === 2)
    const held = rows.reduce((sum, row) => sum + parseInt(row.sent, 10) + parseInt(row.received, 10), 0)
    expect(held).toBe(cap)
    await panel.close()
    expect(await clickTime(page)).toBeLessThan(CLICK_BOUND_MS)
    await page.close()
  })

  it('a handshake never answered and a close never answered leave the page working', async () => {
    const page = await tickingPage()
    const { port } = mute.address() as { port: number }
    await page.evaluate(async ({ wsBase, port }) => {
      const w = window as unknown as { hung: WebSocket; silent: WebSocket }
      w.hung = new WebSocket(`ws://127.0.0.1:${port}/never`)
      w.silent = new WebSocket(`${wsBase}/silent-close`)
      await new Promise((resolve) => (w.silent.onopen = resolve))
      w.silent.close(4000, 'no answer')
    }, { wsBase: env.playground.wsBase, port })
    await expectAlive(page)
    expect(await page.evaluate(() => {
      const w = window as unknown as { hung: WebSocket; silent: WebSocket }
      return [w.hung.readyState, w.silent.readyState]
    })).toEqual([0, 2])
    const panel = await env.chromium.openPanelTab(page)
    const rows = await waitForRows(panel, 'the three connections', (rows) => rows.length === 3)
    expect(rows.map((r) => r.status)).toEqual(['connecting', 'closing', 'closed'])
    await panel.close()
    await page.close()
  })
})
