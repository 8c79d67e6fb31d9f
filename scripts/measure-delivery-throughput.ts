// Messages per second from a page's socket to a panel, end to end (page -> relay -> background with
// IndexedDB -> panel). Usage: flock /tmp/wss-browser.lock npx tsx scripts/measure-delivery-throughput.ts [n]
import { startPlayground } from '../playground/server.ts'
import { launchChromium } from '../e2e/helpers/chromium.ts'
import { openPanelFor, readLosses, readRows } from '../e2e/helpers/delivery.ts'

const n = Number(process.argv[2] ?? 50_000)
const playground = await startPlayground()
const chromium = await launchChromium()
try {
  const page = await chromium.newPage()
  await page.goto(new URL('/blank.html', playground.url).href)
  const panel = await openPanelFor(chromium, await chromium.tabIdOf(page))
  await panel.getByRole('button', { name: 'Settings' }).click()
  await panel.getByLabel('Maximum messages per tab').fill(String(n))
  await panel.getByLabel('Maximum payload megabytes per tab').fill('256')
  await panel.getByRole('button', { name: 'Apply' }).click()
  await new Promise((r) => setTimeout(r, 500))

  const start = Date.now()
  const pageMs = await page.evaluate(async ({ wsBase, n }) => {
    const t0 = performance.now()
    const flood = new WebSocket(`${wsBase}/flood?n=${n}&size=64`)
    let received = 0
    await new Promise((resolve) => (flood.onmessage = () => ++received === n && resolve(null)))
    return performance.now() - t0
  }, { wsBase: playground.wsBase, n })
  for (;;) {
    const rows = await readRows(panel)
    if (rows[0]?.received.startsWith(`${n} /`)) break
    if (Date.now() - start > 120_000) throw new Error(`timed out: ${JSON.stringify(rows)} ${await readLosses(panel)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  const totalMs = Date.now() - start
  console.log(`${n} messages of 64 B: page received them in ${pageMs.toFixed(0)} ms (${Math.round(n / (pageMs / 1000))}/s); ` +
    `panel showed all after ${totalMs} ms (${Math.round(n / (totalMs / 1000))}/s end to end); losses: ${JSON.stringify(await readLosses(panel))}`)
} finally {
  await chromium.close()
  await playground.close()
}
