// The hostile-volume scenarios of e2e/hostile-volume-keeps-page-and-panel-alive.test.ts. Each page step is a
// self-contained function of at most one argument, run in the page with `page.evaluate(step, arg)`; it must
// not refer to anything outside its body.
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll } from 'vitest'
import { DEFAULT_LIMITS } from '../../src/shared/protocol/index.ts'

/** One binary message of this size goes to the echo server and back. */
export const BIG_MESSAGE_BYTES = 64 * 1024 * 1024
/** Sockets opened in one go. */
export const MANY_SOCKETS = 1000
/** Tiny messages in one flood. */
export const FLOOD_MESSAGES = 100_000
/** How long a click on a connection may take to show its timeline, with the panel under load. */
export const CLICK_BOUND_MS = 2_000

/** The panel's "messages dropped (cap)" count after a flood of `n` and the final echo's two messages. */
export const droppedByCap = (n: number) => n + 2 - DEFAULT_LIMITS.maxMessages

/**
 * A TCP server on 127.0.0.1 that accepts connections and never says a word: a WebSocket handshake to it
 * never completes. Registers beforeAll/afterAll hooks in the calling file or describe block.
 */
export function useMuteServer(): { readonly port: number } {
  let mute: Server | undefined
  const muted = new Set<Socket>()
  beforeAll(async () => {
    mute = createServer((socket) => {
      muted.add(socket)
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => mute!.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    for (const socket of muted) socket.destroy()
    await new Promise((resolve) => mute?.close(resolve))
  })
  return {
    get port() {
      if (!mute) throw new Error('the mute server has not started (did beforeAll fail?)')
      return (mute.address() as { port: number }).port
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Page steps

/** A timer that counts ticks, so a blocked page shows up as missing ticks. */
export function startTicking(): void {
  const w = window as unknown as { ticks: number }
  w.ticks = 0
  setInterval(() => w.ticks++, 50)
}

/**
 * The page still runs timers and gets a fresh echo, on a new socket or, with `spare`, on the one openSpare
 * opened (for when no new socket can open, see leaveUnanswered): `{ echo: 'final', ticked: true }` when
 * alive. Three ticks must come within 10 s: a blocked page gets none, a loaded machine only later.
 */
export async function stillAlive({ wsBase, spare = false }: { wsBase: string; spare?: boolean }): Promise<{ echo: unknown; ticked: boolean }> {
  const w = window as unknown as { ticks: number; spare: WebSocket }
  const before = w.ticks
  const ws = spare ? w.spare : new WebSocket(`${wsBase}/echo?final`)
  const echo = await new Promise((resolve) => {
    ws.onmessage = (e) => resolve(e.data)
    if (spare) ws.send('final')
    else ws.onopen = () => ws.send('final')
  })
  if (!spare) ws.close()
  const deadline = Date.now() + 10_000
  while (w.ticks - before < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  return { echo, ticked: w.ticks - before >= 3 }
}

/** Sends one binary message of `size` bytes to /echo and resolves with the size of the echo. */
export async function sendBig({ wsBase, size }: { wsBase: string; size: number }): Promise<number> {
  const ws = new WebSocket(`${wsBase}/echo?big`)
  ws.binaryType = 'arraybuffer'
  await new Promise((resolve) => (ws.onopen = resolve))
  ws.send(new Uint8Array(size).fill(7))
  const data = await new Promise<ArrayBuffer>((resolve) => (ws.onmessage = (e) => resolve(e.data)))
  return data.byteLength
}

/**
 * Opens `n` sockets at once, closes each on open and follows each to its close event, whichever way it
 * went: browsers fail some of them (Chromium limits the handshakes a page may have pending, Firefox the
 * WebSocket connections it holds, 200 by default).
 */
export async function openMany({ wsBase, n }: { wsBase: string; n: number }): Promise<{ ended: number; someOpened: boolean }> {
  const sockets = Array.from({ length: n }, (_, i) => new WebSocket(`${wsBase}/echo?many=${i}`))
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
}

/** Reads a flood of `n` one-byte messages to the end and resolves with how many arrived. */
export async function readFlood({ wsBase, n }: { wsBase: string; n: number }): Promise<number> {
  const ws = new WebSocket(`${wsBase}/flood?n=${n}&size=1`)
  let count = 0
  await new Promise<void>((resolve) => (ws.onmessage = () => ++count === n && resolve()))
  ws.close()
  return count
}

/**
 * A close to /silent-close (never answered), then a handshake to the mute server (never answered), both
 * kept on `window` for unansweredReadyStates. The handshake comes last: Firefox admits one handshake per
 * server address at a time (RFC 6455 4.1), so until it gives up (20 s) no other socket to 127.0.0.1 opens.
 */
export async function leaveUnanswered({ wsBase, port }: { wsBase: string; port: number }): Promise<void> {
  const w = window as unknown as { hung: WebSocket; silent: WebSocket }
  w.silent = new WebSocket(`${wsBase}/silent-close`)
  await new Promise((resolve) => (w.silent.onopen = resolve))
  w.silent.close(4000, 'no answer')
  w.hung = new WebSocket(`ws://127.0.0.1:${port}/never`)
}

/** Opens `window.spare`, an /echo socket for stillAlive's `spare`. */
export async function openSpare({ wsBase }: { wsBase: string }): Promise<void> {
  const ws = new WebSocket(`${wsBase}/echo?spare`)
  Object.assign(window, { spare: ws })
  await new Promise((resolve) => (ws.onopen = resolve))
}

/** readyState of the two sockets of leaveUnanswered: [0, 2] (connecting, closing) while nobody answers. */
export function unansweredReadyStates(): number[] {
  const w = window as unknown as { hung: WebSocket; silent: WebSocket }
  return [w.hung.readyState, w.silent.readyState]
}

/**
 * Runs in the panel: resolves with the milliseconds from the next click on a connection row to the panel
 * showing that connection's timeline with a `row` in it, measured in the panel itself, so that the time the
 * test's automation takes to deliver the click (which grows with the machine's load) is not counted.
 */
export function timeNextRowClick({ row, limitMs }: { row: string; limitMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const onClick = (event: Event) => {
      const url = (event.target as Element).closest('tr[data-connection-id]')?.querySelector('td.url')?.textContent
      const shown = () => document.querySelector('section[aria-label="Timeline"] h2.url')?.textContent === url && document.querySelector(row) !== null
      const observer = new MutationObserver(() => shown() && done())
      const timer = setTimeout(() => {
        observer.disconnect()
        reject(new Error(`the timeline of ${url} did not show within ${limitMs} ms of the click`))
      }, limitMs)
      const done = () => {
        observer.disconnect()
        clearTimeout(timer)
        resolve(performance.now() - event.timeStamp)
      }
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
      if (shown()) done()
    }
    addEventListener('click', onClick, { capture: true, once: true })
  })
}
