import { describe, expect, it } from 'vitest'
import type { EchoResult } from './echo-server.ts'
import { type ConfigName, optionsFromEnv, overheadTables, planFor, summarise } from './overhead.ts'

const result = (outstanding: number, ms: number): EchoResult => ({ api: 'WebSocket', size: 64, count: 1000, outstanding, ms, visibility: 'visible' })
/** One round of one configuration: 1,000 echoes in `tMs` (64 outstanding) and 1,000 round trips in `lMs`. */
const round = (tMs: number, lMs: number) => [result(64, tMs), result(1, lMs)]

describe('page overhead figures', () => {
  it('divides each configuration by plain within the same round, then takes the median over rounds', () => {
    // Round 2 is twice as slow for everyone: per-round ratios stay 0.5, a ratio of medians would not.
    const results = {
      plain: [round(100, 100), round(200, 200), round(100, 100)],
      extension: [round(200, 400), round(400, 800), round(200, 400)],
    }
    const row = summarise('WebSocket', 64, ['plain', 'extension'], results)
    expect(row.throughput.plain).toBe(10_000)
    expect(row.throughput.extension).toBe(5_000)
    expect(row.throughputRatio.extension).toBe(0.5)
    expect(row.latencyMs.extension).toBe(0.4)
    expect(row.latencyRatio.extension).toBe(0.25)
    expect(row.oursOverDevTools).toBeNull()
  })

  it('compares our panel in DevTools with DevTools alone', () => {
    const results = { plain: [round(100, 100)], 'devtools-ours': [round(400, 300)], 'devtools-network': [round(200, 200)] }
    const row = summarise('WebSocket', 64, ['plain', 'devtools-ours', 'devtools-network'], results)
    expect(row.oursOverDevTools?.throughput).toBe(0.5)
    expect(row.oursOverDevTools?.latency).toBeCloseTo(2 / 3)
    const tables = overheadTables({
      options: { rounds: 1, apis: ['WebSocket'], sizes: [64], configs: ['plain', 'devtools-ours', 'devtools-network'] },
      labels: {} as Record<ConfigName, string>,
      rows: [row],
      sessions: [],
    })
    expect(tables).toContain('| WebSocket | 64 B | 10,000 | 0.25 (2,500) | 0.50 (5,000) | 0.50 |')
    expect(tables).toContain('| WebSocket | 64 B | 0.10 ms | 0.33 (0.30 ms) | 0.50 (0.20 ms) | 0.67 |')
  })

  it('plans a warm-up of both loops per API, then a throughput and a latency loop per API and size', () => {
    const plan = planFor(['WebSocketStream', 'WebSocket'], [64, 65536])
    expect(plan.filter((t) => t.warmup).map((t) => `${t.api} ${t.outstanding}`)).toEqual([
      'WebSocketStream 64',
      'WebSocketStream 1',
      'WebSocket 64',
      'WebSocket 1',
    ])
    expect(plan.filter((t) => !t.warmup).map((t) => `${t.api} ${t.size} ${t.outstanding} ${t.count}`)).toEqual([
      'WebSocketStream 64 64 4000',
      'WebSocketStream 64 1 400',
      'WebSocketStream 65536 64 400',
      'WebSocketStream 65536 1 100',
      'WebSocket 64 64 4000',
      'WebSocket 64 1 400',
      'WebSocket 65536 64 400',
      'WebSocket 65536 1 100',
    ])
  })

  it('narrows a run from the environment and refuses a configuration it does not know', () => {
    expect(optionsFromEnv({ BENCH_ROUNDS: '3', BENCH_APIS: 'WebSocket', BENCH_SIZES: '1024', BENCH_CONFIGS: 'extension,panel-tab' })).toEqual({
      rounds: 3,
      apis: ['WebSocket'],
      sizes: [1024],
      configs: ['extension', 'panel-tab'],
    })
    expect(optionsFromEnv({}).configs).toEqual(['plain', 'extension', 'devtools-ours', 'devtools-network', 'panel-tab'])
    expect(() => optionsFromEnv({ BENCH_CONFIGS: 'devtools' })).toThrow(/unknown devtools/)
  })
})
