// A page that replaces the built-ins we rely on, after load, with functions that throw: our hooks use the
// copies taken at document_start, so capture and the page's own sockets keep working.
import { describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import type { Playground } from '../playground/server.ts'
import { type Row, waitForRows } from './helpers/delivery.ts'
import { useBrowser } from './helpers/fixtures.ts'

/**
 * Runs in the page: breaks every listed built-in (each throws when used), then opens a WebSocket (and a
 * WebSocketStream where it exists), echoes one message on each and closes it with a code. The page's own
 * code avoids the broken built-ins by using copies; the patches are undone before returning so the test
 * driver's own code works again.
 */
async function inHostileWorld(wsBase: string) {
  const boom = function hostile() {
    throw new Error('hostile page patch')
  }
  const targets: Array<[Record<string, unknown>, string]> = [
    [Promise.prototype as never, 'then'],
    [ReadableStream.prototype as never, 'getReader'],
    [WritableStream.prototype as never, 'getWriter'],
    [JSON as never, 'stringify'],
    [Array.prototype as never, 'push'],
    [EventTarget.prototype as never, 'addEventListener'],
    [EventTarget.prototype as never, 'dispatchEvent'],
    [window as never, 'postMessage'],
    [MessagePort.prototype as never, 'postMessage'],
    [window as never, 'TextEncoder'],
    [Object as never, 'defineProperty'],
  ]
  const saved = targets.map(([o, k]) => o[k])
  const getReader = ReadableStream.prototype.getReader
  const getWriter = WritableStream.prototype.getWriter
  const pageErrors: string[] = []
  window.onerror = (message) => void (pageErrors[pageErrors.length] = String(message))
  window.onunhandledrejection = (e) => void (pageErrors[pageErrors.length] = String(e.reason))
  for (let i = 0; i < targets.length; i++) targets[i]![0][targets[i]![1]] = boom
  const result: Record<string, unknown> = { pageErrors, patched: JSON.stringify === boom }
  try {
    const ws = new WebSocket(`${wsBase}/echo?hostile=ws`)
    result.ws = await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send('ping-ws')
      ws.onmessage = (e) => resolve(e.data)
      ws.onerror = () => reject(new Error('WebSocket failed'))
    })
    const closed = new Promise<number>((resolve) => (ws.onclose = (e) => resolve(e.code)))
    ws.close(4001, 'hostile ws')
    result.wsClosed = await closed
    if (typeof WebSocketStream === 'function') {
      const stream = new WebSocketStream(`${wsBase}/echo?hostile=wss`)
      const { readable, writable } = await stream.opened
      const writer = getWriter.call(writable) as WritableStreamDefaultWriter<string>
      const reader = getReader.call(readable) as ReadableStreamDefaultReader<string>
      await writer.write('ping-wss')
      result.wss = (await reader.read()).value
      stream.close({ closeCode: 4002, reason: 'hostile wss' })
      result.wssClosed = (await stream.closed).closeCode
    }
  } finally {
    for (let i = targets.length - 1; i >= 0; i--) targets[i]![0][targets[i]![1]] = saved[i]
  }
  return result
}

/** The server saw each echo request and the page's close code, with its reason, on a clean close. */
async function serverSawEverything(playground: Playground, streams: boolean) {
  const expected: Array<[string, string, number, string]> = [['hostile=ws', 'ping-ws', 4001, 'hostile ws']]
  if (streams) expected.push(['hostile=wss', 'ping-wss', 4002, 'hostile wss'])
  for (const [query, text, code, reason] of expected) {
    const open = await playground.waitForLog((e) => e.event === 'open' && !!e.url?.endsWith(query))
    await playground.waitForLog((e) => e.connection === open.connection && e.event === 'message' && e.text === text)
    const close = await playground.waitForLog((e) => e.connection === open.connection && e.event === 'close')
    expect(close).toMatchObject({ code, reason, wasClean: true })
  }
}

function expectRowsOf(rows: Row[], wsBase: string, streams: boolean) {
  const expected = [{ url: `${wsBase}/echo?hostile=ws`, status: 'closed', sent: '1 / 7 B', received: '1 / 7 B' }]
  if (streams) expected.push({ url: `${wsBase}/echo?hostile=wss`, status: 'closed', sent: '1 / 8 B', received: '1 / 8 B' })
  expect(rows).toEqual(expected)
}

describe.each(browsers)('%s: a page that breaks the built-ins after load', (kind) => {
  const env = useBrowser(kind)
  it('still has working sockets, and the panel shows each connection, its messages and its close', async () => {
    const { browser, playground } = env
    const streams = browser.has.webSocketStream
    const page = await browser.newPage()
    await page.goto(`${playground.url}blank.html`)
    const result = await page.evaluate(inHostileWorld, playground.wsBase)
    expect(result).toEqual({ pageErrors: [], patched: true, ws: 'ping-ws', wsClosed: 4001, ...(streams && { wss: 'ping-wss', wssClosed: 4002 }) })
    await serverSawEverything(playground, streams)

    const panel = await browser.openPanelTab(page)
    const count = streams ? 2 : 1
    const rows = await waitForRows(panel, 'every connection closed in the panel', (rows) => rows.length === count && rows.every((r) => r.status === 'closed'))
    expectRowsOf(rows, playground.wsBase, streams)
    expect(await panel.texts('[role="alert"]')).toEqual([])
    await panel.close()
  })
})
