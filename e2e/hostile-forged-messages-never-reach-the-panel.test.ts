// A page that pretends to be our instrumentation or the panel, on every channel it can reach: a handshake
// of its own (as ours is made, posted and dispatched; before and after the page's first socket), look-alike batches, hellos and close-lab commands naming real
// connection ids, and the extension APIs. Nothing it forges shows in the panel and no command runs.
import { describe, expect, it } from 'vitest'
import { HANDSHAKE_TOKEN } from '../src/shared/protocol/index.ts'
import { browsers } from '../drivers/browsers.ts'
import { PANEL_PATH } from '../drivers/paths.ts'
import { waitFor } from '../drivers/wait.ts'
import type { Playground } from '../playground/server.ts'
import { readRows, rowsScript, type Row, waitForRows } from './helpers/delivery.ts'
import { useBrowser } from './helpers/fixtures.ts'

const FORGED_URL = 'ws://forged.invalid/'

/** Runs in the page: opens the real socket the forgeries will try to act on; it stays open. */
async function openRealSocket(url: string) {
  const ws = new WebSocket(url)
  ;(window as unknown as { real: WebSocket }).real = ws
  await new Promise((resolve) => (ws.onopen = resolve))
  ws.send('real')
  await new Promise((resolve) => (ws.onmessage = resolve))
}

/**
 * Runs in the page: handshakes of its own, as the instrumentation makes them (a secret, then a port under
 * the secret's type; a relay that took either would cancel it), and as window messages, posted and
 * dispatched. The ports and whatever answers on them or takes them are kept for `forgeEverything`.
 */
function forgeHandshakes(token: string) {
  const w = window as unknown as { forged?: { ports: MessagePort[]; answers: unknown[] } }
  const forged = (w.forged ??= { ports: [], answers: [] })
  for (const post of [
    (port: MessagePort) => {
      if (!window.dispatchEvent(new MessageEvent(token, { data: 'forged-secret', cancelable: true }))) forged.answers.push(['secret taken'])
      if (!window.dispatchEvent(new MessageEvent('forged-secret', { ports: [port], cancelable: true }))) forged.answers.push(['port taken'])
    },
    (port: MessagePort) => window.postMessage(token, '*', [port]),
    (port: MessagePort) => window.dispatchEvent(new MessageEvent('message', { data: token, source: window, origin: location.origin, ports: [port] })),
  ]) {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = (e) => forged.answers.push(['handshake port answered', e.data])
    post(port2)
    forged.ports.push(port1)
  }
}

/** Runs in the page: forges everything it can, then reports what answered and whether its socket lived. */
async function forgeEverything({ ids, forgedUrl, panelUrl }: { ids: string[]; forgedUrl: string; panelUrl: string }) {
  const pageErrors: string[] = []
  addEventListener('error', (e) => pageErrors.push(String(e.message)))
  addEventListener('unhandledrejection', (e) => pageErrors.push(String(e.reason)))
  const answers: unknown[] = []
  const time = Date.now()
  const connection = {
    kind: 'connection',
    id: 'forged-1',
    api: 'WebSocket',
    time,
    url: forgedUrl,
    resolvedUrl: forgedUrl,
    protocols: [],
    frameUrl: location.href,
    stack: '',
  }
  const message = { kind: 'message', id: 'forged-1', time, direction: 'received', binary: false, size: 6, data: 'forged', truncated: false }
  const forgeries: unknown[] = [
    { type: 'batch', events: [connection, message], dropped: 0 },
    { type: 'ready' },
    { type: 'hello', doc: 'forged', top: true, url: forgedUrl },
    { type: 'batch', doc: 'forged', seq: 1, events: [connection], lost: { page: 0, relay: 0, malformed: 0 } },
    { type: 'subscribe', tabId: 1, after: null },
  ]
  for (const connectionId of [...ids, 'forged-1'])
    forgeries.push(
      { type: 'command', connectionId, commandId: 'forged-close', command: { action: 'close', code: 4666, reason: 'forged' } },
      { type: 'command', connectionId, commandId: 'forged-send', command: { action: 'send', data: 'forged send' } },
      { type: 'command', connectionId, commandId: 'forged-simulate', command: { action: 'simulate', data: 'forged simulate' } },
      {
        type: 'command',
        tabId: 1,
        source: { kind: 'frame', frameId: 0 },
        connectionId,
        commandId: 'forged-panel',
        command: { action: 'close', code: 4667, reason: 'forged' },
      },
    )

  const { ports, answers: handshakeAnswers } = (window as unknown as { forged: { ports: MessagePort[]; answers: unknown[] } }).forged
  answers.push(...handshakeAnswers)
  for (const forged of forgeries) {
    window.postMessage(forged, '*')
    window.dispatchEvent(new MessageEvent('message', { data: forged, source: window, origin: location.origin }))
    for (const port of ports) port.postMessage(forged)
  }
  // Extension messaging from a web page: no externally_connectable, so there is no API to reach us by.
  const chromeRuntime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; connect?: unknown } } }).chrome?.runtime
  answers.push(['runtime messaging', typeof chromeRuntime?.sendMessage, typeof chromeRuntime?.connect])
  answers.push([
    'extension page fetch',
    await fetch(panelUrl).then(
      () => 'loaded',
      () => 'refused',
    ),
  ])

  await new Promise((resolve) => setTimeout(resolve, 500))
  const real = (window as unknown as { real: WebSocket }).real
  real.send('after forgeries')
  const echo = await new Promise((resolve) => (real.onmessage = (e) => resolve(e.data)))
  return { answers, pageErrors, readyState: real.readyState, echo }
}

/** Only the real messages reached each real connection, and none of them was closed. */
function expectUntouched(playground: Playground, queries: string[]) {
  for (const query of queries) {
    const open = playground.log.find((e) => e.event === 'open' && e.url?.endsWith(query))
    expect(open, query).toBeDefined()
    const rest = playground.log.filter((e) => e.connection === open!.connection && e.event !== 'open')
    expect(rest.map((e) => [e.event, e.text])).toEqual(
      query.endsWith('=a')
        ? [
            ['message', 'real'],
            ['message', 'after forgeries'],
          ]
        : [['message', 'real']],
    )
  }
}

const rowsWithIds = `(${rowsScript}).map((row, i) => ({ ...row, id: document.querySelectorAll('tr[data-connection-id]')[i].dataset.connectionId }))`

describe.each(browsers)('%s: forged messages', (kind) => {
  const env = useBrowser(kind)
  it('never reach the panel, crash nothing, and trigger no command in this tab or another', async () => {
    const { browser, playground } = env
    const [a, b] = [await browser.newPage(), await browser.newPage()]
    const panels = []
    for (const [page, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      await page.goto(`${playground.url}blank.html?${name}`)
      // Before the page's first socket, while our page script has not handed its port over yet.
      if (name === 'a') await page.evaluate(forgeHandshakes, HANDSHAKE_TOKEN)
      await page.evaluate(openRealSocket, `${playground.wsBase}/echo?forge=${name}`)
      panels.push(await browser.openPanelTab(page))
    }
    const ids: string[] = []
    for (const panel of panels) {
      await waitForRows(panel, 'the real connection', (rows) => rows.length === 1)
      ids.push(...(await panel.evaluate<Array<{ id: string }>>(rowsWithIds)).map((r) => r.id))
    }

    await a.bringToFront()
    await a.evaluate(forgeHandshakes, HANDSHAKE_TOKEN)
    const result = await a.evaluate(forgeEverything, { ids, forgedUrl: FORGED_URL, panelUrl: browser.extensionUrl(PANEL_PATH) })
    expect(result).toEqual({
      answers: [
        ['runtime messaging', 'undefined', 'undefined'],
        ['extension page fetch', 'refused'],
      ],
      pageErrors: [],
      readyState: 1,
      echo: 'after forgeries',
    })
    expect(await b.evaluate(() => (window as unknown as { real: WebSocket }).real.readyState)).toBe(1)
    expectUntouched(playground, ['forge=a', 'forge=b'])

    for (const [i, panel] of panels.entries()) {
      // The real connection of tab a gets its later message; nothing else appears, and nothing was even counted as malformed.
      if (i === 0) await waitFor('the message sent after the forgeries', async () => (await readRows(panel))[0]?.sent.startsWith('2 /'))
      const rows = (await readRows(panel)) as Row[]
      expect(rows.map((r) => [r.url, r.status])).toEqual([[`${playground.wsBase}/echo?forge=${i === 0 ? 'a' : 'b'}`, 'open']])
      expect(await panel.text('body')).not.toMatch(/forged/)
      expect(await panel.texts('[aria-label="Dropped data"] li')).toEqual([])
      await panel.close()
    }
  })
})
