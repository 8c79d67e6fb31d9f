import { signal } from '@preact/signals'
import type { Command } from '../../shared/protocol/index.ts'
import type { Connection } from './connections.ts'
import type { Link } from './link.ts'

export interface SentCommand {
  connectionId: string
  command: Command
  sentAt: number
  /** Set when the background could not hand the command to the page. */
  failure: string | null
}

/** Close-lab commands sent and not yet answered by the page, and those the background could not deliver. */
export function createCommands(link: Link) {
  const commands = signal<ReadonlyMap<string, SentCommand>>(new Map())
  let counter = 0
  return {
    commands,
    /** Sends a close-lab command to the page that owns the connection; its answer arrives as a command-result event. */
    sendCommand(connection: Connection, command: Command): string {
      const commandId = `${Date.now().toString(36)}-${++counter}`
      commands.value = new Map(commands.value).set(commandId, { connectionId: connection.id, command, sentAt: Date.now(), failure: null })
      link.request((tabId) => ({ type: 'command', tabId, source: connection.source, connectionId: connection.id, commandId, command }))
      return commandId
    },
    commandFailed(commandId: string, error: string): void {
      const sent = commands.value.get(commandId)
      if (sent) commands.value = new Map(commands.value).set(commandId, { ...sent, failure: error })
    },
  }
}
