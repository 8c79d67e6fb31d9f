// The page side of e2e/hostile-extension-makes-no-network-requests.test.ts: run in the page with
// `page.evaluate(step, arg)`; it must not refer to anything outside its body.

/** One socket's whole life: open, one echo, a close with a code and reason, so that every path is captured. */
export async function echoOnceAndClose(wsBase: string): Promise<void> {
  const ws = new WebSocket(`${wsBase}/echo?network`)
  await new Promise((resolve) => (ws.onopen = resolve))
  ws.send('hello')
  await new Promise((resolve) => (ws.onmessage = resolve))
  ws.close(4000, 'bye')
  await new Promise((resolve) => (ws.onclose = resolve))
}
