import { beforeAll, describe, expect, it } from 'vitest'
import { browsers } from '../drivers/browsers.ts'
import { chromiumBrowser } from '../drivers/chromium.ts'
import { useDevToolsPanel } from './helpers/fixtures.ts'

/*
 * Daily use of the real DevTools panel (issue 19, items 3, 4, 8, 9): a close outcome stays with the
 * connection it belongs to, the timeline says the form of the call, the way back to "All connections",
 * and a layout that holds still as rows arrive.
 */
type Env = ReturnType<typeof useDevToolsPanel>

const rowOf = (tag: string) => `tr[data-connection-id]:has(td.url[title$="nav=${tag}"])`

/** Opens a socket to the echo scenario, tagged in its URL; resolves once it is open. */
async function open(env: Env, api: 'WebSocket' | 'WebSocketStream', tag: string): Promise<void> {
  await env.page.evaluate(
    async ({ url, api }: { url: string; api: string }) => {
      const w = window as unknown as { sockets?: unknown[] }
      if (api === 'WebSocketStream') {
        const stream = new WebSocketStream(url)
        ;(w.sockets ??= []).push(stream)
        await stream.opened
      } else {
        const socket = new WebSocket(url)
        ;(w.sockets ??= []).push(socket)
        await new Promise((resolve) => (socket.onopen = resolve))
      }
    },
    { url: `${env.playground.wsBase}/echo?nav=${tag}`, api },
  )
  await env.panel.waitFor(`the row of ${tag}`, `!!document.querySelector(${JSON.stringify(rowOf(tag))})`)
}

async function select(env: Env, tag: string): Promise<void> {
  await env.panel.click(rowOf(tag))
  await env.panel.waitFor(`${tag} selected`, `document.querySelector('.facts h2')?.textContent?.endsWith(${JSON.stringify(`nav=${tag}`)}) === true`)
}

const LAB_OUTCOME = `document.querySelector('.close-lab .outcome')?.textContent ?? null`
const TIMELINE = `[...document.querySelectorAll('[role="grid"][aria-label="Messages"] [role="row"] .preview')].map((p) => p.textContent)`

describe.each(browsers)('%s panel: close outcomes and the way back', (kind) => {
  const env = useDevToolsPanel(kind, { path: 'blank.html' })

  it("keeps a close outcome on its connection: another open connection's lab shows none", async () => {
    await open(env, 'WebSocket', 'a')
    await open(env, 'WebSocket', 'b')
    await select(env, 'a')
    await env.panel.click('[role="tab"]:nth-child(2)')
    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    const closed = await env.panel.waitFor<string>('the close outcome', `(() => { const t = ${LAB_OUTCOME}; return /^Closed in/.test(t ?? '') && t })()`)
    expect(closed).toMatch(/^Closed in \d+\.\d ms: 4321 Private use "bye", clean\.$/)
    // Next to the button that caused it.
    expect(
      await env.panel.evaluate(
        `document.querySelector('.close-lab .outcome').closest('.close-lab-row').contains(document.querySelector('button[data-action="close"]'))`,
      ),
    ).toBe(true)

    await select(env, 'b')
    await env.panel.waitFor('the close lab of b', `document.querySelector('.lab-state')?.textContent?.startsWith('Commands run') === true`)
    expect(await env.panel.evaluate(LAB_OUTCOME)).toBeNull()

    await select(env, 'a')
    expect(await env.panel.waitFor<string>("a's outcome again", `(${LAB_OUTCOME}) || false`)).toBe(closed)
    await env.panel.click('[role="tab"]:nth-child(1)')
    expect(
      await env.panel.waitFor<string[]>(
        'the close call in the timeline',
        `(() => { const t = ${TIMELINE}; return t.some((p) => p.startsWith('DevTools close(')) && t })()`,
      ),
    ).toContain('DevTools close(4321, "bye")')
  })

  it('goes back to All connections by its button and by Backspace, not by Escape', async () => {
    await select(env, 'b')
    await env.panel.click('button.back')
    await env.panel.waitFor('All connections', `document.querySelector('.detail h2')?.textContent === 'All connections'`)
    expect(await env.panel.evaluate('document.querySelectorAll("tr.selected").length')).toBe(0)

    await select(env, 'b')
    // Clicked first: the grid itself takes no focus, a click puts it on the row the key then reaches.
    await env.panel.click('[role="grid"][aria-label="Messages"]')
    await env.panel.press('[role="grid"][aria-label="Messages"]', 'Backspace')
    await env.panel.waitFor('All connections after Backspace', `document.querySelector('.detail h2')?.textContent === 'All connections'`)

    // In a text field Backspace belongs to the text: the connection stays selected.
    await select(env, 'b')
    await env.panel.fill('input[name="filter"]', 'x')
    await env.panel.press('input[name="filter"]', 'Backspace')
    expect(await env.panel.evaluate<string>(`document.querySelector('.facts h2')?.textContent ?? ''`)).toMatch(/nav=b$/)
  })
})

// WebSocketStream's dictionary form and the layout's pixels: Chromium's DevTools, where both can be read.
describe('Chromium panel: the form of a WebSocketStream close and a steady layout', () => {
  const env = useDevToolsPanel(chromiumBrowser, { path: 'blank.html' })

  beforeAll(async () => {
    await open(env, 'WebSocket', 'a')
    await open(env, 'WebSocket', 'b')
  })

  it('logs a WebSocketStream close as the dictionary it was called with', async () => {
    await open(env, 'WebSocketStream', 'wss')
    await select(env, 'wss')
    await env.panel.click('[role="tab"]:nth-child(2)')
    await env.panel.fill('input[name="close-code"]', '4321')
    await env.panel.fill('input[name="reason"]', 'bye')
    await env.panel.click('button[data-action="close"]')
    await env.panel.waitFor('the close outcome', `/^Closed in/.test(${LAB_OUTCOME} ?? '')`)
    await env.panel.click('[role="tab"]:nth-child(1)')
    const rows = await env.panel.waitFor<string[]>(
      'the close call',
      `(() => { const t = ${TIMELINE}; return t.some((p) => p.startsWith('DevTools close(')) && t })()`,
    )
    expect(rows).toContain('DevTools close({ closeCode: 4321, reason: "bye" })')
  })

  it('keeps the timeline in view under the close lab, and the split bar gives it more', async () => {
    await select(env, 'b')
    await env.panel.click('[role="tab"]:nth-child(2)')
    const table = `document.querySelector('[role="grid"][aria-label="Messages"]').clientHeight`
    const before = await env.panel.waitFor<number>('the timeline laid out', `${table} || false`)
    const detail = await env.panel.evaluate<number>(`document.querySelector('section.detail').clientHeight`)
    expect(before, `the timeline's share of ${detail} px`).toBeGreaterThanOrEqual(Math.min(120, detail / 3))
    await env.panel.press('.splitter', 'ArrowUp')
    await env.panel.press('.splitter', 'ArrowUp')
    expect(await env.panel.waitFor<number>('a taller timeline', `${table} > ${before} && ${table}`)).toBeGreaterThanOrEqual(before + 30)
    // Folded facts give their height to the lab: its buttons move up.
    const buttonTop = `Math.round(document.querySelector('button[data-action="close"]').getBoundingClientRect().top)`
    const unfolded = await env.panel.evaluate<number>(buttonTop)
    await env.panel.click('details.facts > summary')
    await env.panel.waitFor('the facts folded', `!document.querySelector('details.facts').open`)
    expect(await env.panel.evaluate<number>(buttonTop)).toBeLessThan(unfolded)
  })

  it('keeps column widths and the preview column still as rows arrive and DevTools rows appear', async () => {
    await select(env, 'a')
    await env.panel.click('button.back')
    const widths = `[...document.querySelectorAll('table[aria-label="Connections"] th')].map((th) => Math.round(th.getBoundingClientRect().width))`
    const before = await env.panel.evaluate<number[]>(widths)
    await env.page.evaluate(async (url: string) => {
      const long = new WebSocket(`${url}&${'q'.repeat(300)}`)
      await new Promise((resolve) => (long.onopen = resolve))
    }, `${env.playground.wsBase}/echo?nav=long`)
    await env.panel.waitFor('the long row', `document.querySelectorAll('tr[data-connection-id]').length === 4`)
    expect(await env.panel.evaluate<number[]>(widths)).toEqual(before)

    // The timeline of all connections has page rows and DevTools rows (the close calls): one preview edge.
    const lefts = await env.panel.evaluate<number[]>(
      `[...document.querySelectorAll('[role="grid"][aria-label="Messages"] [role="row"] .preview')].map((p) => Math.round(p.getBoundingClientRect().left))`,
    )
    expect(lefts.length).toBeGreaterThan(4)
    expect(await env.panel.evaluate<number>(`document.querySelectorAll('[role="row"] .origin.devtools').length`)).toBeGreaterThan(0)
    expect(new Set(lefts).size, `preview edges ${JSON.stringify(lefts)}`).toBe(1)
  })
})
