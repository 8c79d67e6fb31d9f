import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS } from './helpers/paths.ts'
import { eventsByPath, startDifferential, type Differential, type Run, type Where } from './helpers/differential.ts'
import { everyWebSocketEvent } from './scenarios/capture.ts'
import type { Scenario } from './scenarios/harness.ts'
import * as scenarios from './scenarios/websocket.ts'

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
    writeFileSync(join(ARTIFACTS, 'differential', `websocket-${name}-${where}.${side}.json`), JSON.stringify(run, null, 1))
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

describe.each<Where>(['top', 'iframe'])('WebSocket behaves the same with the extension (%s)', (where) => {
  it.each(Object.entries(scenarios))('%s', async (name, scenario) => {
    await same(name, scenario, where)
  })
})

describe.each<Where>(['top', 'iframe'])('the panel receives every WebSocket event kind (%s)', (where) => {
  it('creation, handshake, messages both ways (Blobs included), close calls, close and error events', async () => {
    const { native, instrumented } = await differential.run('capture', everyWebSocketEvent, where)
    expect(differences(native, instrumented)).toEqual([])
    const byPath = eventsByPath(await differential.captured(), instrumented)
    const of = (path: string) => byPath.get(path)?.events ?? []
    const urlOf = (path: string) => byPath.get(path)?.url

    const main = of('/protocol')
    expect(main[0]).toMatchObject({
      kind: 'connection',
      api: 'WebSocket',
      url: urlOf('/protocol'),
      resolvedUrl: urlOf('/protocol'),
      protocols: ['chat'],
      frameUrl: expect.stringContaining(where === 'top' ? '/blank.html?run=' : '/blank.html?frame='),
      time: expect.any(Number),
      stack: expect.stringMatching(/\S/),
    })
    expect(main).toContainEqual(expect.objectContaining({ kind: 'opened', protocol: 'chat', extensions: '' }))
    for (const direction of ['sent', 'received'])
      expect(main).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'message', direction, binary: false, data: 'text' }),
          expect.objectContaining({ kind: 'message', direction, binary: true, size: 3, data: [1, 2, 3] }),
          expect.objectContaining({ kind: 'message', direction, binary: true, size: 2, data: [4, 5] }),
          expect.objectContaining({ kind: 'message', direction, binary: true, size: 1, data: [6] }),
        ]),
      )
    expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'close', code: 999, error: expect.stringMatching(/^InvalidAccessError: /) }))
    expect(main).toContainEqual(expect.objectContaining({ kind: 'close-call', via: 'close', code: 4000, reason: 'bye', error: null }))
    expect(main.at(-1)).toMatchObject({ kind: 'closed', code: 4000, reason: 'bye', wasClean: true })

    const rejected = of('/reject?status=403')
    expect(rejected.map((e) => e.kind)).toEqual(['connection', 'error', 'closed'])
    expect(rejected.at(-1)).toMatchObject({ kind: 'closed', code: 1006, wasClean: false })
  })
})
