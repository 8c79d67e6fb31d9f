import type browser from 'webextension-polyfill'
import {
  DEFAULT_LIMITS,
  PANEL_PORT,
  RELAY_PORT,
  isPanelToBackground,
  type BackgroundToPanel,
  type CommandRequest,
  type Limits,
  type LogEntry,
  type PanelToBackground,
  type Source,
  type TabState,
} from '../shared/protocol/index.ts'
import type { Persistence } from './persistence.ts'
import { post } from './post.ts'
import { createRelaySource, type RelaySourceOptions } from './relay-source.ts'
import { emptyMeta, TabLog, heldBytes, type TabChanges } from './tab-log.ts'

type Port = browser.Runtime.Port

/** How long arriving batches are gathered into one IndexedDB transaction. */
const COMMIT_DELAY_MS = 25
/** Panel messages stay well below the browsers' per-message limits. */
const PANEL_CHUNK_ENTRIES = 2000
const PANEL_CHUNK_BYTES = 8 * 1024 * 1024

export interface HubOptions {
  persistence: Persistence
  /** Our own pages' url prefix: only they may subscribe as panels. */
  extensionUrl: string
  /** Delivers a message to the content scripts of one frame (tabs.sendMessage): how commands reach a frame. */
  sendToFrame: RelaySourceOptions['sendToFrame']
  commitDelayMs?: number
  now?: () => number
}

/**
 * Routes each tab's captured events to the panels inspecting that tab, and makes them durable; routes the
 * panels' commands to the source that captured the connection.
 *
 * Capture sources append to the tab's log (the relay of each frame's content scripts: relay-source.ts).
 * Changes are gathered and persisted in one commit; only then are they passed to panels and acknowledged
 * to their sources, so what a stopped background had not committed comes again.
 */
export function createHub({ persistence, extensionUrl, sendToFrame, commitDelayMs = COMMIT_DELAY_MS, now = Date.now }: HubOptions) {
  const logs = new Map<number, TabLog>()
  const panels = new Map<number, Set<Port>>()
  let limits: Limits = DEFAULT_LIMITS
  let limitsChanged = false
  const dirty = new Set<number>()
  const removed = new Set<number>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let committing: Promise<void> | null = null

  const ready = persistence.load().then(
    (snapshot) => {
      limits = snapshot.limits ?? DEFAULT_LIMITS
      for (const { meta, messages, lifecycle } of snapshot.tabs) if (!logs.has(meta.tabId)) logs.set(meta.tabId, new TabLog(meta, messages, lifecycle))
    },
    (error: unknown) => console.error('wss-devtools: could not load the saved tab logs', error),
  )

  function logFor(tabId: number): TabLog {
    let log = logs.get(tabId)
    if (!log) logs.set(tabId, (log = new TabLog(emptyMeta(tabId))))
    return log
  }

  function schedule(): void {
    if (!committing && timer === undefined) timer = setTimeout(() => void commit(), commitDelayMs)
  }

  function touch(tabId: number): void {
    dirty.add(tabId)
    schedule()
  }

  const relays = createRelaySource({ logFor, logOf: (tabId) => logs.get(tabId), touch, limits: () => limits, now, sendToFrame })

  async function commit(): Promise<void> {
    timer = undefined
    const changes: TabChanges[] = []
    for (const tabId of dirty) {
      const log = logs.get(tabId)
      if (log) changes.push(log.takeChanges())
    }
    dirty.clear()
    const removedTabs = [...removed]
    removed.clear()
    const savedLimits = limitsChanged ? limits : null
    limitsChanged = false
    const acknowledge = relays.takeAcks()

    let durable = true
    committing = persistence.commit({ tabs: changes, removedTabs, limits: savedLimits }).catch((error: unknown) => {
      // Not acknowledged, so the relays keep (and on reconnect resend) these batches within their bound.
      durable = false
      console.error('wss-devtools: could not persist the tab logs', error)
    })
    await committing
    committing = null
    for (const { meta, entries } of changes) {
      const log = logs.get(meta.tabId)
      if (!log) continue
      log.durableSeq = Math.max(log.durableSeq, meta.lastSeq)
      // The state as it is now, not as it was when the commit began: a panel that subscribed meanwhile
      // already has the newer loss counters and floors, and must not see them go back.
      const state = log.state(limits)
      for (const panel of panels.get(meta.tabId) ?? []) sendEntries(panel, meta.tabId, 'entries', entries, state)
    }
    if (durable) acknowledge()
    if (dirty.size > 0 || removed.size > 0 || limitsChanged || relays.pending()) schedule()
  }

  function sendEntries(port: Port, tabId: number, first: 'reset' | 'entries', entries: LogEntry[], state: TabState): void {
    let type = first
    let start = 0
    do {
      let end = start
      let bytes = 0
      while (end < entries.length && end - start < PANEL_CHUNK_ENTRIES && (bytes < PANEL_CHUNK_BYTES || end === start)) {
        const entry = entries[end++]!
        if (entry.kind === 'message') bytes += heldBytes(entry)
      }
      const message: BackgroundToPanel = { type, tabId, entries: entries.slice(start, end), state }
      post(port, message)
      type = 'entries'
      start = end
    } while (start < entries.length)
  }

  /** The transport that reaches a connection's source. */
  function deliver(tabId: number, source: Source, request: CommandRequest): Promise<unknown> {
    switch (source.kind) {
      case 'frame':
        return relays.command(tabId, source.frameId, request)
    }
  }

  function command(panel: Port, message: Extract<PanelToBackground, { type: 'command' }>): void {
    const { tabId, source, connectionId, commandId, command } = message
    deliver(tabId, source, { connectionId, commandId, command }).catch((error: unknown) => {
      const failed: BackgroundToPanel = {
        type: 'command-failed',
        tabId,
        commandId,
        error: `The page did not take the command: ${error instanceof Error ? error.message : String(error)}`,
      }
      post(panel, failed)
    })
  }

  function onPanel(port: Port): void {
    // Only our own pages may subscribe; a content script's sender url is the web page's.
    if (!port.sender?.url?.startsWith(extensionUrl)) return port.disconnect()
    let subscribed: number | null = null
    const unsubscribe = () => {
      if (subscribed !== null) panels.get(subscribed)?.delete(port)
    }
    port.onDisconnect.addListener(unsubscribe)
    port.onMessage.addListener((message: unknown) => {
      void ready.then(() => {
        if (!isPanelToBackground(message)) return
        if (message.type === 'limits') {
          limits = message.limits
          limitsChanged = true
          for (const [tabId, log] of logs) {
            log.enforce(limits)
            touch(tabId)
          }
          return
        }
        const log = logFor(message.tabId)
        if (message.type === 'preserve-log') {
          log.meta.preserveLog = message.preserve
          return touch(message.tabId)
        }
        if (message.type === 'command') return command(port, message)
        if (message.type === 'clear') {
          log.clear()
          return touch(message.tabId)
        }
        unsubscribe()
        subscribed = message.tabId
        let set = panels.get(subscribed)
        if (!set) panels.set(subscribed, (set = new Set()))
        set.add(port)
        // Only durable entries: the commit in flight (if any) sends the rest to this panel too.
        const resume = message.after !== null && message.after <= log.durableSeq
        const entries = log.entries(resume ? message.after! : 0, log.durableSeq)
        sendEntries(port, subscribed, resume ? 'entries' : 'reset', entries, log.state(limits))
      })
    })
  }

  return {
    ready,
    connect(port: Port): void {
      if (port.name === RELAY_PORT) relays.connect(port, ready)
      else if (port.name === PANEL_PORT) onPanel(port)
      else port.disconnect()
    },
    removeTab(tabId: number): void {
      logs.delete(tabId)
      panels.delete(tabId)
      dirty.delete(tabId)
      removed.add(tabId)
      schedule()
    },
  }
}
