// Malformed and oversized messages posted straight into the background's relay port (from an extension
// page: web pages cannot reach it) are dropped and counted, never rendered raw, and break nothing.
import { describe, expect, it } from 'vitest'
import { readLosses, waitForRows } from './helpers/delivery.ts'
import { PANEL_PATH } from '../drivers/paths.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()

const HOSTILE_URL = '<img src=x onerror="document.title=\'pwned\'">'

describe('Chromium: malformed input', () => {
  it('is dropped and counted at the background, and the rest still arrives', async () => {
    const { chromium } = env
    const injector = await chromium.context.newPage()
    await injector.goto(`chrome-extension://${chromium.extensionId}/${PANEL_PATH}?tabId=999999`)
    const tabId = await chromium.tabIdOf(injector)
    await injector.evaluate(async (hostileUrl) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { connect(o: object): { postMessage(m: unknown): void } } } }).chrome.runtime
      const connection = {
        kind: 'connection',
        id: 'c1',
        api: 'WebSocket',
        time: 1,
        url: hostileUrl,
        resolvedUrl: hostileUrl,
        protocols: [],
        frameUrl: 'x',
        stack: '',
      }
      const lost = { page: 0, relay: 0, malformed: 0 }
      const relay = runtime.connect({ name: 'relay' })
      relay.postMessage('garbage') // 1
      relay.postMessage({ type: 'batch', doc: 'injected', seq: 1, events: [connection], lost }) // 1: before hello
      relay.postMessage({ type: 'hello', doc: 'injected', top: false, url: 'x' })
      relay.postMessage({
        type: 'batch',
        doc: 'injected',
        seq: 1,
        lost,
        events: [
          connection,
          { ...connection, kind: 'script' }, // 1
          { kind: 'message', id: 'c1', time: 2, direction: 'received', binary: true, size: 3, data: { length: 3 }, truncated: false }, // 1
          { ...connection, id: 'c2', stack: 'x'.repeat(70_000) }, // 1
        ],
      })
      relay.postMessage({ type: 'batch', doc: 'injected', seq: 2, lost, events: new Array(10_001).fill(connection) }) // 10,001
      relay.postMessage({ type: 'batch', doc: 'injected', seq: 3, lost: { page: 'many' }, events: [] }) // 1
      // A panel port that sends nonsense is ignored without harm.
      runtime.connect({ name: 'panel' }).postMessage({ type: 'subscribe', tabId: 'all' })
      // ...and the background still takes well-formed input afterwards.
      relay.postMessage({ type: 'batch', doc: 'injected', seq: 4, lost, events: [{ ...connection, id: 'c3', url: 'ws://after/', resolvedUrl: 'ws://after/' }] })
      await new Promise((r) => setTimeout(r, 300))
    }, HOSTILE_URL)

    const panel = await chromium.openPanelFor(tabId)
    const rows = await waitForRows(panel, 'the two well-formed connections', (rows) => rows.length === 2)
    expect(rows.map((r) => r.url)).toEqual([HOSTILE_URL, 'ws://after/'])
    expect(await readLosses(panel)).toEqual(['10007 malformed events rejected']) // 1 + 1 + 3 + 10,001 + 1
    // Page data is text: no element was created from it and nothing ran.
    expect(await panel.locator('img').count()).toBe(0)
    expect(await panel.title()).not.toBe('pwned')
  })
})
