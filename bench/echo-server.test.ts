import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type EchoServer, startEchoServer } from './echo-server.ts'

let server: EchoServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('the echo server of bench section 1', () => {
  it('holds the page at /plan until the bench starts the run, and hands back what the page posts', async () => {
    server = await startEchoServer()
    const run = server.newRun()
    const page = new URL(run.url)
    expect((await fetch(run.url)).headers.get('content-type')).toMatch(/^text\/html/)
    let planned = false
    const plan = fetch(new URL(`/plan?run=${page.searchParams.get('run')}`, page)).then(async (r) => ((planned = true), r.json()))
    await run.waiting
    await new Promise((r) => setTimeout(r, 50))
    expect(planned).toBe(false)
    const tasks = [{ api: 'WebSocket' as const, size: 64, count: 10, outstanding: 1 }]
    const results = run.start(tasks, 5_000)
    expect(await plan).toEqual(tasks)
    await fetch(new URL(`/result?run=${page.searchParams.get('run')}`, page), {
      method: 'POST',
      body: JSON.stringify({ results: [{ ...tasks[0], ms: 3, visibility: 'visible' }] }),
    })
    expect(await results).toEqual([{ ...tasks[0], ms: 3, visibility: 'visible' }])
  })

  it("fails the run with the page's error", async () => {
    server = await startEchoServer()
    const run = server.newRun()
    const id = new URL(run.url).searchParams.get('run')
    const failed = expect(run.start([], 5_000)).rejects.toThrow('the page failed: TypeError: boom')
    await fetch(new URL(`/result?run=${id}`, run.url), { method: 'POST', body: JSON.stringify({ error: 'TypeError: boom' }) })
    await failed
  })

  it('echoes each message as it came, text as text and binary as binary', async () => {
    server = await startEchoServer()
    const ws = new WebSocket(server.wsUrl)
    await new Promise((resolve) => ws.once('open', resolve))
    const echoes: Array<[string, boolean]> = []
    const done = new Promise<void>((resolve) => ws.on('message', (data, isBinary) => echoes.push([String(data), isBinary]) === 2 && resolve()))
    ws.send('{"seq":1}')
    ws.send(Buffer.from('bytes'))
    await done
    expect(echoes).toEqual([
      ['{"seq":1}', false],
      ['bytes', true],
    ])
    ws.close()
  })

  it('serves nothing but the page, its script and the run calls', async () => {
    server = await startEchoServer()
    const base = new URL(server.newRun().url)
    expect((await fetch(new URL('/echo.js', base))).headers.get('content-type')).toMatch(/^text\/javascript/)
    expect((await fetch(new URL('/overhead.ts', base))).status).toBe(404)
    expect((await fetch(new URL('/plan?run=999', base))).status).toBe(404)
  })
})
