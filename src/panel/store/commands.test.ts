import { describe, expect, it } from 'vitest'
import { recordingLink, session } from '../test/fixtures.ts'
import { createCommands } from './commands.ts'
import { applyEvents } from './connections.ts'
import { createLink } from './link.ts'

const connection = applyEvents(
  new Map(),
  session('a').map((e) => ({ ...e, source: { kind: 'frame', frameId: 3 } })),
).connections.get('a')!

describe('close-lab commands', () => {
  it("sends a command to the connection's frame, and keeps it as sent", () => {
    const { link, posted } = recordingLink(9)
    const commands = createCommands(link)
    const id = commands.sendCommand(connection, { action: 'writer.close' })
    const other = commands.sendCommand(connection, { action: 'send', data: 'hi' })
    expect(other).not.toBe(id)
    expect(posted[0]).toEqual({
      type: 'command',
      tabId: 9,
      source: { kind: 'frame', frameId: 3 },
      connectionId: 'a',
      commandId: id,
      command: { action: 'writer.close' },
    })
    expect(commands.commands.value.get(id)).toMatchObject({ connectionId: 'a', command: { action: 'writer.close' }, failure: null })
  })

  it('records why the background could not deliver one, in a new map', () => {
    const commands = createCommands(createLink())
    const id = commands.sendCommand(connection, { action: 'close', code: null, reason: null })
    const before = commands.commands.value
    commands.commandFailed(id, 'the frame is gone')
    commands.commandFailed('unknown', 'ignored')
    expect(commands.commands.value).not.toBe(before)
    expect(before.get(id)!.failure).toBeNull()
    expect(commands.commands.value.get(id)!.failure).toBe('the frame is gone')
    expect(commands.commands.value.size).toBe(1)
  })
})
