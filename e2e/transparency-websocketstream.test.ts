import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS } from './helpers/paths.ts'
import { startDifferential, type Differential, type Run, type Where } from './helpers/differential.ts'
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
  // Kept for reading: what the browser does natively, scenario by scenario.
  mkdirSync(join(ARTIFACTS, 'differential'), { recursive: true })
  writeFileSync(join(ARTIFACTS, 'differential', `websocketstream-${name}-${where}.json`), JSON.stringify(native, null, 1))
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
