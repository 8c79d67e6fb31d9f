// Every browser the tests start sends what is off loopback to the run's refusing proxy and reaches our
// 127.0.0.1 servers directly: shown with a proxy of this file's own, so that the refusals it provokes are
// not the run's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserDriver } from '../drivers/browser.ts'
import { browsers } from '../drivers/browsers.ts'
import { type LoopbackProxy, PROXY_ENV, startLoopbackProxy } from '../drivers/loopback-proxy.ts'
import { waitFor } from '../drivers/wait.ts'
import type { Playground } from '../playground/server.ts'
import { startPatientPlayground } from './helpers/fixtures.ts'

/**
 * Runs in the page: asks for a host off loopback over HTTP, HTTPS and WebSocket; resolves once each failed.
 * CORS mode, so that the proxy's refusal of plain HTTP (a 403 without CORS headers) fails the fetch too.
 */
async function reachOut(host: string) {
  const fetched = (url: string) =>
    fetch(url).then(
      () => 'answered',
      () => 'failed',
    )
  const socket = new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://${host}/`)
    ws.onopen = () => resolve('opened')
    ws.onclose = () => resolve('failed')
  })
  return [await fetched(`http://${host}/`), await fetched(`https://${host}/`), await socket]
}

describe.each(browsers)('%s: the browser stays on loopback', (kind) => {
  const HOST = 'off-loopback.example'
  let proxy: LoopbackProxy
  let playground: Playground
  let browser: BrowserDriver
  beforeAll(async () => {
    proxy = await startLoopbackProxy()
    playground = await startPatientPlayground()
    const runs = process.env[PROXY_ENV]
    process.env[PROXY_ENV] = proxy.address
    try {
      browser = await kind.launch()
    } finally {
      process.env[PROXY_ENV] = runs
    }
  })
  afterAll(async () => {
    await browser?.close()
    await playground?.close()
    await proxy?.close()
  })

  it('sends every host off loopback to the proxy, which refuses it, and reaches 127.0.0.1 directly', async () => {
    const page = await browser.newPage()
    await page.goto(playground.url)
    expect(await page.evaluate(reachOut, HOST)).toEqual(['failed', 'failed', 'failed'])
    // The HTTP request is refused at once; the tunnels (HTTPS, and the WebSocket's) once CONNECT is refused.
    await waitFor('the refusals', () => (proxy.refused.get(`${HOST}:443`) ?? 0) > 0 && (proxy.refused.get(`${HOST}:80`) ?? 0) > 0)
    // Nothing else asked for a host off loopback: not the page, not the extension, and where the browser is
    // quiet (kind.has.quietOffLoopback), not the browser either.
    if (kind.has.quietOffLoopback) expect([...proxy.refused.keys()].filter((host) => !host.startsWith(`${HOST}:`))).toEqual([])
    // The playground page, its scripts and the extension's sockets to it never went through the proxy.
    expect(proxy.forwarded).toBe(0)
    await page.close()
  })
})
