import { generate, type Packet } from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import type { DecoderContext } from './decoder.ts'
import { mqtt } from './mqtt.ts'
import { expectCutFramesWellBehaved, expectRandomInputWellBehaved, HEAVY_TEST_TIMEOUT } from './never-throws.ts'

const MQTT: DecoderContext = { url: 'wss://broker/mqtt', protocol: 'mqtt', direction: 'sent', binary: true }

/** A packet as mqtt-packet 9.0.2 (mqtt.js's own encoder) writes it, for MQTT 3.1.1 (4) or 5. */
const packet = (p: Packet, protocolVersion: 4 | 5 = 4) => new Uint8Array(generate(p, { protocolVersion }))
const summary = (bytes: Uint8Array | string) => mqtt.decode(bytes, MQTT).summary

const CONNECT = packet({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'sensor-7', keepalive: 60, clean: true })
const CONNECT5 = packet(
  { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c5', keepalive: 30, clean: true, properties: { sessionExpiryInterval: 10 } },
  5,
)
const CONNACK = packet({ cmd: 'connack', returnCode: 0, sessionPresent: false })
const PUBLISH = packet({ cmd: 'publish', topic: 'sensors/1', payload: Buffer.from('hello world!'), qos: 1, messageId: 5, retain: false, dup: false })
const PUBLISH0 = packet({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('x'), qos: 0, retain: true, dup: false })
const SUBSCRIBE = packet({
  cmd: 'subscribe',
  messageId: 2,
  subscriptions: [
    { topic: 'a/#', qos: 0 },
    { topic: 'b/+', qos: 1 },
  ],
})
const SUBSCRIBE5 = packet({ cmd: 'subscribe', messageId: 3, subscriptions: [{ topic: 'x', qos: 1 }], properties: { subscriptionIdentifier: 9 } }, 5)
const PUBACK = packet({ cmd: 'puback', messageId: 5 })
const PINGREQ = packet({ cmd: 'pingreq' })
const PINGRESP = packet({ cmd: 'pingresp' })

describe('MQTT decoder', () => {
  it('detects the MQTT subprotocols only: binary content alone is too weak a hint', () => {
    expect(mqtt.detects(PUBLISH, MQTT)).toBe(true)
    expect(mqtt.detects(PUBLISH, { ...MQTT, protocol: 'mqttv3.1' })).toBe(true)
    expect(mqtt.detects(PUBLISH, { ...MQTT, protocol: '' })).toBe(false)
  })

  it('sums up each packet by what a reader looks for', () => {
    expect(summary(CONNECT)).toBe('CONNECT "sensor-7" (MQTT 3.1.1, keepalive 60)')
    expect(summary(CONNECT5)).toBe('CONNECT "c5" (MQTT 5, keepalive 30)')
    expect(summary(CONNACK)).toBe('CONNACK accepted')
    expect(summary(PUBLISH)).toBe('PUBLISH sensors/1 qos1 (id 5, 12 B)')
    expect(summary(PUBLISH0)).toBe('PUBLISH a/b qos0 retain (1 B)')
    expect(summary(SUBSCRIBE)).toBe('SUBSCRIBE 2 topics (id 2): a/#, b/+')
    expect(summary(SUBSCRIBE5)).toBe('SUBSCRIBE 1 topic (id 3): x')
    expect(summary(PUBACK)).toBe('PUBACK 5')
    expect(summary(new Uint8Array([...PUBACK, ...PINGREQ]))).toBe('PUBACK 5 (+1 more packet)')
  })

  it('marks PINGREQ and PINGRESP as heartbeats', () => {
    expect(mqtt.decode(PINGREQ, MQTT)).toMatchObject({ summary: 'PINGREQ', heartbeat: true })
    expect(mqtt.decode(PINGRESP, MQTT)).toMatchObject({ summary: 'PINGRESP', heartbeat: true })
    expect(mqtt.decode(PUBLISH, MQTT).heartbeat).toBe(false)
  })

  it('says why a message is not MQTT', () => {
    expect(summary('CONNECT')).toBe('not valid MQTT: MQTT over WebSocket is sent as binary messages')
    expect(summary(new Uint8Array())).toBe('not valid MQTT: an empty message')
    expect(summary(PUBLISH.slice(0, 10))).toBe('not valid MQTT: truncated: the packet says 25 bytes, 8 follow')
    expect(summary(new Uint8Array([0x30]))).toBe('not valid MQTT: truncated: in the remaining length')
    expect(summary(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe('not valid MQTT: a remaining length longer than four bytes')
    expect(summary(new Uint8Array([0x00, 0x00]))).toBe('not valid MQTT: packet type 0 is reserved')
    expect(summary(new Uint8Array([0x36, 0x00]))).toBe('not valid MQTT: PUBLISH with QoS 3')
    expect(summary(new Uint8Array([0x30, 0x01, 0x00]))).toBe('not valid MQTT: truncated: no topic length')
  })

  it(
    'never throws: random bytes, every cut of real packets',
    () => {
      expectRandomInputWellBehaved(mqtt, MQTT)
      expectCutFramesWellBehaved(mqtt, [CONNECT, CONNECT5, CONNACK, PUBLISH, SUBSCRIBE, SUBSCRIBE5, PUBACK], MQTT)
    },
    HEAVY_TEST_TIMEOUT,
  )
})
