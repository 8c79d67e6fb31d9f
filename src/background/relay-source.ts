import type browser from 'webextension-polyfill'
import { isRelayToBackground, validateEvents, type BackgroundToRelay, type CommandRequest, type Limits, type Source } from '../shared/protocol/index.ts'
import { post } from './post.ts'
import type { TabLog } from './tab-log.ts'

type Port = browser.Runtime.Port

export interface RelaySourceOptions {
  /** The tab's log, made if the tab has none yet. */
  logFor(tabId: number): TabLog
  /** The tab's log if it still has one (a closed tab's has gone). */
  logOf(tabId: number): TabLog | undefined
  /** The tab's log changed: the next commit persists it. */
  touch(tabId: number): void
  limits(): Limits
  now(): number
  /** Delivers a message to the content scripts of one frame (tabs.sendMessage). */
  sendToFrame(tabId: number, frameId: number, message: BackgroundToRelay): Promise<unknown>
}

/**
 * The content scripts' relay as a capture source: one runtime port per frame, batches numbered per
 * document and resent until acknowledged. Each batch is applied once (TabLog.applyBatch de-duplicates by
 * document and batch number) and acknowledged only once the commit that holds it is durable, so a
 * background stopped at any moment loses nothing: what was not committed was not acknowledged, and comes
 * again. The top frame's hello tells a new page load.
 */
export function createRelaySource({ logFor, logOf, touch, limits, now, sendToFrame }: RelaySourceOptions) {
  /** Per relay port, the documents (and their tab) whose applied batches await acknowledgement. */
  let unacked = new Map<Port, Map<string, number>>()

  return {
    /** Takes a relay's port; `ready` holds its messages until the saved logs are loaded. */
    connect(port: Port, ready: Promise<void>): void {
      const tabId = port.sender?.tab?.id
      if (tabId === undefined) return port.disconnect()
      // One object per port: every entry from this frame refers to it, and a stored record keeps it once.
      const source = { kind: 'frame', frameId: port.sender?.frameId ?? 0 } as const satisfies Source
      let doc: string | null = null
      port.onMessage.addListener((message: unknown) => {
        void ready.then(() => {
          const log = logFor(tabId)
          if (!isRelayToBackground(message) || (message.type === 'batch' && message.doc !== doc)) {
            log.countMalformed()
          } else if (message.type === 'hello') {
            doc = message.doc
            if (message.top && source.frameId === 0) log.topFrameHello(message.doc, message.url, now())
          } else {
            const { events, rejected } = validateEvents(message.events, message.messages)
            log.applyBatch(message.doc, source, message, events, rejected, limits())
            let docs = unacked.get(port)
            if (!docs) unacked.set(port, (docs = new Map()))
            docs.set(message.doc, tabId)
          }
          touch(tabId)
        })
      })
      port.onDisconnect.addListener(() => unacked.delete(port))
    },

    /** Whether applied batches await a commit's acknowledgement. */
    pending(): boolean {
      return unacked.size > 0
    },

    /**
     * Called as a commit begins: takes the batches it holds, and returns what acknowledges them once it
     * is durable (each document up to its last applied batch).
     */
    takeAcks(): () => void {
      const acks: Array<[Port, BackgroundToRelay]> = []
      for (const [port, docs] of unacked) for (const [doc, tabId] of docs) acks.push([port, { type: 'ack', doc, seq: logOf(tabId)?.meta.docs[doc] ?? 0 }])
      unacked = new Map()
      return () => {
        for (const [port, ack] of acks) post(port, ack)
      }
    },

    /**
     * Hands a close-lab command to the relay of the connection's frame. A message to the frame rather than
     * a relay port: ports are gone after a worker restart until the relay has something to send.
     */
    command(tabId: number, frameId: number, { connectionId, commandId, command }: CommandRequest): Promise<unknown> {
      return sendToFrame(tabId, frameId, { type: 'command', connectionId, commandId, command })
    },
  }
}
