// The cap-fairness scenario, shared by the Chromium and Firefox tests
// (e2e/delivery-cap-is-fair-between-connections.test.ts, e2e/firefox-cap-is-fair-between-connections.test.ts):
// a quiet echo connection, then a flood of twice the default cap on another one. The page step is
// self-contained (run with `page.evaluate(step, arg)`); it must not refer to anything outside its body.
import { DEFAULT_LIMITS } from '../../src/shared/protocol/index.ts'
import type { Row } from '../helpers/delivery.ts'

export const ECHOES = 5
export const FLOOD = 2 * DEFAULT_LIMITS.maxMessages

/** Echoes `echoes` texts `ping0`, `ping1`, ... and leaves the socket open; then reads a flood of `n`. */
export async function echoThenFlood({ wsBase, echoes, n }: { wsBase: string; echoes: number; n: number }): Promise<number> {
  const echo = new WebSocket(`${wsBase}/echo?quiet`)
  Object.assign(window, { quiet: echo })
  await new Promise((resolve) => (echo.onopen = resolve))
  let echoed = 0
  const allEchoed = new Promise((resolve) => (echo.onmessage = () => ++echoed === echoes && resolve(null)))
  for (let i = 0; i < echoes; i++) echo.send(`ping${i}`)
  await allEchoed
  const flood = new WebSocket(`${wsBase}/flood?n=${n}&size=10`)
  let count = 0
  await new Promise((resolve) => (flood.onmessage = () => ++count === n && resolve(null)))
  return count
}

/**
 * What the panel must show: the echo keeps all its messages and counters, the flood counts all it
 * received and keeps what is left of the cap. Every flood message is 10 bytes: 200,000 bytes in all.
 */
export function expectedView(wsBase: string) {
  const kept = DEFAULT_LIMITS.maxMessages - 2 * ECHOES
  const dropped = FLOOD - kept
  const flood = `${wsBase}/flood?n=${FLOOD}&size=10`
  return {
    rows: [
      { url: `${wsBase}/echo?quiet`, sent: `${ECHOES} / ${5 * ECHOES} B`, received: `${ECHOES} / ${5 * ECHOES} B` },
      { url: flood, sent: '0 / 0 B', received: `${FLOOD} / 195.3 KiB (${kept} kept)` },
    ],
    floodFacts: `: ${kept.toLocaleString('en-US')} of ${FLOOD.toLocaleString('en-US')} kept`,
    losses: [`${dropped} messages dropped (cap)`, `${dropped} of ${FLOOD} messages dropped from ${flood}, oldest first`],
  }
}

export const traffic = (rows: Array<Pick<Row, 'url' | 'sent' | 'received'>>) => rows.map(({ url, sent, received }) => ({ url, sent, received }))
