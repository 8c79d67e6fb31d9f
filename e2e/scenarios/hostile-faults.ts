// The page side of e2e/hostile-faults-leave-the-page-working.test.ts. Each is a self-contained function of at most one argument, run in the page with `page.evaluate(step, arg)`
// (or before the page's own scripts, for recordPageErrors); it must not refer to anything outside its body.

/** Records every error and unhandled rejection that reaches the page in `window.pageErrors`. */
export function recordPageErrors(): void {
  const errors: string[] = []
  Object.assign(window, { pageErrors: errors })
  addEventListener('error', (e) => errors.push(`error: ${e.message}`))
  addEventListener('unhandledrejection', (e) => errors.push(`unhandledrejection: ${String(e.reason)}`))
}

/** What recordPageErrors recorded so far. */
export function readPageErrors(): string[] {
  return (window as unknown as { pageErrors: string[] }).pageErrors
}

/**
 * Sends `n` messages on a fresh /echo socket, `perPause` at a time with a 20 ms pause between, and
 * resolves with the number of echoes once all have come back. With `holdAt`, it stops after that many
 * until the test calls `window.resumeEchoes()`, so that something can happen mid-stream, for sure.
 */
export async function echoes({ url, n, perPause = 50, holdAt }: { url: string; n: number; perPause?: number; holdAt?: number }): Promise<number> {
  const ws = new WebSocket(url)
  let got = 0
  const all = new Promise<void>((resolve) => (ws.onmessage = () => ++got === n && resolve()))
  const resumed = new Promise((resolve) => Object.assign(window, { resumeEchoes: resolve }))
  await new Promise((resolve) => (ws.onopen = resolve))
  for (let i = 0; i < n; i++) {
    if (i === holdAt) await resumed
    ws.send(`m${i}`)
    if (i % perPause === perPause - 1) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await all
  ws.close(1000)
  return got
}

/** Opens a socket to `url` (a /silent-close one: the server will never answer its close) as `window.silent`. */
export async function openSilent({ url }: { url: string }): Promise<void> {
  const ws = new WebSocket(url)
  Object.assign(window, { silent: ws })
  await new Promise((resolve) => (ws.onopen = resolve))
}

/** Starts the closing handshake of `window.silent`. */
export function closeSilent(): void {
  ;(window as unknown as { silent: WebSocket }).silent.close(4000, 'bye')
}

/** readyState of `window.silent`: 2 while its close is under way. */
export function silentReadyState(): number {
  return (window as unknown as { silent: WebSocket }).silent.readyState
}

/** Starts a flood of 50,000 messages and navigates to /blank.html?after-flood once 1,000 have arrived. */
export function navigateDuringFlood({ wsBase }: { wsBase: string }): void {
  const ws = new WebSocket(`${wsBase}/flood?n=50000&size=16`)
  let got = 0
  ws.onmessage = () => got++ === 1000 && location.assign('/blank.html?after-flood')
}

/** Opens `window.kept`, a socket that stays open across an extension reload. */
export async function openKept({ wsBase }: { wsBase: string }): Promise<void> {
  const ws = new WebSocket(`${wsBase}/echo?before-reload`)
  Object.assign(window, { kept: ws })
  await new Promise((resolve) => (ws.onopen = resolve))
}

/**
 * After an extension reload, with the old hooks still in the page: an echo on `window.kept`, a new socket
 * with an echo and a burst, then both closed (kept with 4001). Resolves with the two echoes.
 */
export async function useSocketsAfterReload({ wsBase }: { wsBase: string }): Promise<unknown[]> {
  const kept = (window as unknown as { kept: WebSocket }).kept
  const echo = (ws: WebSocket, text: string) =>
    new Promise((resolve) => {
      ws.onmessage = (e) => resolve(e.data)
      ws.send(text)
    })
  const first = await echo(kept, 'after reload')
  const fresh = new WebSocket(`${wsBase}/echo?after-reload`)
  await new Promise((resolve) => (fresh.onopen = resolve))
  const second = await echo(fresh, 'new socket')
  for (let i = 0; i < 200; i++) fresh.send(`burst ${i}`)
  await new Promise((resolve) => setTimeout(resolve, 500))
  fresh.close(4000, 'done')
  kept.close(4001, 'done')
  await new Promise((resolve) => (kept.onclose = resolve))
  return [first, second]
}
