// Several DevTools windows at once, on different tabs: each panel sees its own tab and nothing else.
import { describe, expect, it } from 'vitest'
import { rowsScript, type Row } from './helpers/delivery.ts'
import { useChromiumAndPlayground } from './helpers/fixtures.ts'

const env = useChromiumAndPlayground()

describe('Chromium: two tabs, two DevTools panels', () => {
  it('routes each tab to its own panel only', async () => {
    const { playground, chromium } = env
    const pageA = await chromium.newPage()
    const pageB = await chromium.context.newPage()
    await pageA.goto(new URL('/blank.html', playground.url).href)
    await pageB.goto(new URL('/blank.html', playground.url).href)
    const panelA = await chromium.openDevToolsPanel(pageA)
    const panelB = await chromium.openDevToolsPanel(pageB)

    for (const [page, name] of [
      [pageA, 'A'],
      [pageB, 'B'],
    ] as const)
      await page.evaluate(
        async ({ wsBase, name }) => {
          const socket = new WebSocket(`${wsBase}/echo?tab=${name}`)
          await new Promise((resolve) => (socket.onopen = resolve))
          socket.send(`from ${name}`)
          await new Promise((resolve) => (socket.onmessage = resolve))
        },
        { wsBase: playground.wsBase, name },
      )

    const rowsOf = (panel: typeof panelA, name: string) =>
      panel.waitFor<Row[]>(
        `panel ${name} to show its tab's connection`,
        `(() => { const rows = ${rowsScript}; return rows.length > 0 && rows.every((r) => r.received.startsWith('1 /')) && rows })()`,
      )
    expect((await rowsOf(panelA, 'A')).map((r) => r.url)).toEqual([`${playground.wsBase}/echo?tab=A`])
    expect((await rowsOf(panelB, 'B')).map((r) => r.url)).toEqual([`${playground.wsBase}/echo?tab=B`])
    // Later traffic in B still does not leak into A.
    await pageB.evaluate((wsBase) => void new WebSocket(`${wsBase}/echo?tab=B2`), playground.wsBase)
    await panelB.waitFor("B's second connection", `${rowsScript}.length === 2`)
    expect((await panelA.evaluate<Row[]>(rowsScript)).map((r) => r.url)).toEqual([`${playground.wsBase}/echo?tab=A`])
  })
})
