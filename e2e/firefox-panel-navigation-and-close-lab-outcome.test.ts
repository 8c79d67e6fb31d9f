// Firefox, in the real DevTools toolbox (issue 19, items 3 and 8): a close outcome stays with its
// connection, and the way back to "All connections" works by button and by Backspace. Firefox has no
// WebSocketStream, so the connections are WebSockets.
import { describe, expect, it } from 'vitest'
import { useFirefoxToolboxPanel } from './helpers/fixtures.ts'

const env = useFirefoxToolboxPanel()

const rowOf = (tag: string) => `tr[data-connection-id]:has(td.url[title$="nav=${tag}"])`

async function open(tag: string): Promise<void> {
  await env.page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const socket = new WebSocket(url)
        ;((window as unknown as { sockets?: WebSocket[] }).sockets ??= []).push(socket)
        socket.onopen = () => resolve()
      }),
    `${env.playground.wsBase}/echo?nav=${tag}`,
  )
  await env.toolbox.waitForText(rowOf(tag), 'open')
}

async function select(tag: string): Promise<void> {
  await env.toolbox.click(rowOf(tag))
  await env.toolbox.waitForText('.facts h2', new RegExp(`nav=${tag}$`))
}

describe('Firefox toolbox panel: close outcomes and navigation', () => {
  it("keeps a close outcome on its connection: another open connection's lab shows none", async () => {
    await open('a')
    await open('b')
    await select('a')
    await env.toolbox.click('[role="tab"]:nth-child(2)')
    await env.toolbox.fill('input[name="close-code"]', '4321')
    await env.toolbox.fill('input[name="reason"]', 'bye')
    await env.toolbox.click('button[data-action="close"]')
    const closed = await env.toolbox.waitForText('.close-lab .outcome', /^Closed in/)
    expect(closed).toMatch(/4321 Private use "bye", clean\.$/)

    await select('b')
    await env.toolbox.waitForText('.lab-state', /^Commands run/)
    expect(await env.toolbox.texts('.close-lab .outcome')).toEqual([])

    await select('a')
    expect(await env.toolbox.waitForText('.close-lab .outcome', /^Closed in/)).toBe(closed)
    await env.toolbox.click('[role="tab"]:nth-child(1)')
    await env.toolbox.waitForText('[role="grid"][aria-label="Messages"] .preview', 'DevTools close(4321, "bye")')
  })

  it('goes back to All connections by its button and by Backspace', async () => {
    await select('b')
    await env.toolbox.click('button.back')
    await env.toolbox.waitForText('.detail h2', 'All connections')
    await select('b')
    await env.toolbox.press('[role="grid"][aria-label="Messages"]', 'Backspace')
    await env.toolbox.waitForText('.detail h2', 'All connections')
    expect(await env.toolbox.texts('tr.selected')).toEqual([])
  })
})
