import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS } from './helpers/paths.ts'
import { eventsByPath, startDifferential, type Differential, type Run, type Where } from './helpers/differential.ts'
import { everyWebSocketStreamEvent } from './scenarios/capture.ts'
import type { Scenario } from './scenarios/harness.ts'
import * as scenarios from './scenarios/websocketstream.ts'

let differential: Differential

beforeAll(async () => {
  differential = await startDifferential()
})

afterAll(async () => {
  await differential?.close()
})

/** Runs a scenario with and without the extension and demands the same trace and the same server log. */
async function same(name: string, scenario: Scenario, where: Where): Promise<Run> {
  const { native, instrumented } = await differential.run(name, scenario, where)
  // Kept for reading: what the browser does, scenario by scenario, without and with the extension.
  mkdirSync(join(ARTIFACTS, 'differential'), { recursive: true })
  for (const [side, run] of Object.entries({ native, instrumented }))
    writeFileSync(join(ARTIFACTS, 'differential', `websocketstream-${name}-${where}.${side}.json`), JSON.stringify(run, null, 1))
  expect(native.trace).not.toContainEqual(expect.arrayContaining(['scenario threw']))
  expect(native.trace).not.toContain('scenario timed out')
  expect(differences(native, instrumented)).toEqual([])
  return native
}

/** The entries that differ, one line each, so a failure shows where the runs parted. */
function differences(native: Run, instrumented: Run): string[] {
  const out: string[] = []
  for (const key of ['trace', 'server'] as const) {
    const a = native[key].map((e) => JSON.stringify(e))
    const b = instrumented[key].map((e) => JSON.stringify(e))
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      if (a[i] !== b[i]) out.push(`${key}[${i}]\n  native:       ${a[i]}\n  instrumented: ${b[i]}`)
  }
  return out
}

describe.each<Where>(['top', 'iframe'])('WebSocketStream behaves the same with the extension (%s)', (where) => {
  it.each(Object.entries(scenarios))('%s', async (name, scenario) => {
    await same(name, scenario, where)
  })
})

describe.each<Where>(['top', 'iframe'])('the panel receives every WebSocketStream event kind (%s)', (where) => {
  it('creation, handshake, messages both ways, every way to close, and the outcome', async () => {
    const { native, instrumented } = await differential.run('capture', everyWebSocketStreamEvent, where)
    expect(differences(native, instrumented)).toEqual([])
    const byPath = eventsByPath(await differential.captured(), instrumented)
    const of = (path: string) => byPath.get(path)?.events ?? []
    const urlOf = (path: string) => byPath.get(path)?.url
    const frame = where === 'top' ? '/blank.html?run=' : '/blank.html?frame='

    const main = of('/protocol')
    expect(main[0]).toMatchObject({
      kind: 'connection',
      api: 'WebSocketStream',
      url: urlOf('/protocol'),
      resolvedUrl: urlOf('/protocol'),
      protocols: ['chat'],
      frameUrl: expect.stringContaining(frame),
      time: expect.any(Number),
      stack: expect.stringMatching(/\S/),
    })
    expect(main).toContainEqual(expect.objectContaining({ kind: 'opened', protocol: 'chat', extensions: '' }))
    for (const direction of ['sent', 'received'])
      expect(main).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'message', direction, binary: false, data: 'text' }),
          expect.objectContaining({ kind: 'message', direction, binary: true, size: 3, data: [1, 2, 3], truncated: false }),
        ]),
      )
    expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'close', code: 999, error: expect.stringMatching(/^InvalidAccessError: /) }))
    expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'writer.close', error: null }))
    expect(main.at(-1)).toMatchObject({ kind: 'closed', code: 1005, reason: '', wasClean: true, error: null })

    expect(of('/deflate-echo')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'opened', extensions: 'permessage-deflate' }),
        expect.objectContaining({ kind: 'close-call', via: 'close', code: 4000, reason: 'bye', error: null }),
        expect.objectContaining({ kind: 'closed', code: 4000, reason: 'bye', wasClean: true }),
      ]),
    )
    expect(of('/echo?case=abort')).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'writable.abort', code: 4002, reason: 'aborted' }))
    expect(of('/echo?case=cancel')).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'readable.cancel', code: 4001, reason: 'cancelled' }))
    expect(of('/echo?case=signal')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'close-call', via: 'signal.abort' }),
        expect.objectContaining({ kind: 'closed', wasClean: false, error: expect.stringMatching(/^AbortError: /) }),
      ]),
    )
    expect(of('/reject?status=403')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'error', message: expect.stringMatching(/^WebSocketError: /) }),
        expect.objectContaining({ kind: 'closed', wasClean: false, code: 1006, error: expect.stringMatching(/^WebSocketError: /) }),
      ]),
    )
    expect(of('/close?code=4003&reason=server&after=50').at(-1)).toMatchObject({ kind: 'closed', code: 4003, reason: 'server', wasClean: true })
    expect(of('/drop?after=50').at(-1)).toMatchObject({ kind: 'closed', code: 1006, wasClean: false, error: expect.stringMatching(/^WebSocketError: /) })
  })
})
