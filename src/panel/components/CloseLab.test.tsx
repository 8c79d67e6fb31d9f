// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import type { Api, TabEvent } from '../../shared/protocol/index.ts'
import { applyEvents, type Connection } from '../store/connections.ts'
import type { SentCommand } from '../store/commands.ts'
import { session } from '../test/fixtures.ts'
import { CloseLab } from './CloseLab.tsx'

/** An open connection: the fixture session without its close. */
function open(api: Api): Connection {
  return applyEvents(new Map(), session('a', api).slice(0, 2)).connections.get('a')!
}

function lab(api: Api, commands: ReadonlyMap<string, SentCommand> = new Map(), connection = open(api)) {
  const onCommand = vi.fn(() => 'cmd-1')
  const view = render(<CloseLab connection={connection} commands={commands} onCommand={onCommand} />)
  return { onCommand, ...view }
}

const type = (name: string, value: string) => fireEvent.input(screen.getByLabelText(name), { target: { value } })

describe('CloseLab', () => {
  it('names its fields "Close code", "Reason" and "Message"', () => {
    lab('WebSocket')
    for (const name of ['Close code', 'Reason', 'Message']) expect(screen.getByLabelText(name)).toBeTruthy()
  })

  it('shows the rules and the code name while typing, and counts the reason in UTF-8 bytes', () => {
    const { container } = lab('WebSocket')
    type('Close code', '1001')
    expect(container.querySelector('.rules')!.textContent).toContain('(1001: Going Away)')
    expect(screen.getByRole('alert').textContent).toContain('1001 (Going Away) is not allowed from scripts')
    type('Reason', 'héllo')
    expect(container.querySelector('#reason-bytes')!.textContent).toBe('6 / 123 bytes')
    type('Reason', 'x'.repeat(124))
    expect(container.querySelector('#reason-bytes')!.textContent).toBe('124 / 123 bytes')
    expect(container.querySelector('#reason-bytes')!.className).toBe('error')
  })

  it('labels the close button "Send anyway" when the browser will refuse, and sends exactly what was typed', () => {
    const { onCommand } = lab('WebSocket')
    type('Close code', '1001')
    type('Reason', 'bye')
    const button = screen.getByRole('button', { name: 'Send anyway: close(1001, reason)' })
    fireEvent.click(button)
    expect(onCommand).toHaveBeenCalledWith({ action: 'close', code: 1001, reason: 'bye' })
    type('Close code', '4321')
    fireEvent.click(screen.getByRole('button', { name: 'close(4321, reason)' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'close', code: 4321, reason: 'bye' })
  })

  it('sends close() and a reason-only close with null arguments as given', () => {
    const { onCommand } = lab('WebSocket')
    type('Reason', 'only')
    fireEvent.click(screen.getByRole('button', { name: 'close()' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'close', code: null, reason: null })
    fireEvent.click(screen.getByRole('button', { name: 'close with reason only' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'close', code: null, reason: 'only' })
  })

  it('offers the stream close paths only for WebSocketStream', () => {
    lab('WebSocket')
    expect(screen.queryByRole('button', { name: /writable\.abort/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'writer.close()' })).toBeNull()
  })

  it('runs every WebSocketStream close path with the code and reason', () => {
    const { onCommand } = lab('WebSocketStream')
    type('Close code', '4001')
    type('Reason', 'r')
    fireEvent.click(screen.getByRole('button', { name: 'close({ closeCode: 4001, reason })' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'close', code: 4001, reason: 'r' })
    fireEvent.click(screen.getByRole('button', { name: 'writable.abort(new WebSocketError(…))' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'writable.abort', code: 4001, reason: 'r' })
    fireEvent.click(screen.getByRole('button', { name: 'readable.cancel(new WebSocketError(…))' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'readable.cancel', code: 4001, reason: 'r' })
    fireEvent.click(screen.getByRole('button', { name: 'writer.close()' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'writer.close' })
  })

  it('sends and simulates messages as text or bytes, and says when the bytes do not parse', () => {
    const { onCommand } = lab('WebSocket')
    type('Message', 'hi')
    fireEvent.click(screen.getByRole('button', { name: 'Send to server' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'send', data: 'hi' })
    fireEvent.change(screen.getByLabelText('As'), { target: { value: 'hex' } })
    type('Message', 'de ad')
    fireEvent.click(screen.getByRole('button', { name: 'Simulate incoming' }))
    expect(onCommand).toHaveBeenLastCalledWith({ action: 'simulate', data: new Uint8Array([0xde, 0xad]) })
    type('Message', 'xyz')
    fireEvent.click(screen.getByRole('button', { name: 'Send to server' }))
    expect(screen.getByRole('alert').textContent).toBe('Hex needs an even number of digits.')
    expect(onCommand).toHaveBeenCalledTimes(2)
  })

  it('shows how the connection ended after a close it sent', () => {
    const connection = open('WebSocket')
    const sent: SentCommand = { connectionId: 'a', command: { action: 'close', code: 4000, reason: 'done' }, sentAt: 0, failure: null }
    const { rerender, onCommand } = lab('WebSocket', new Map(), connection)
    fireEvent.click(screen.getByRole('button', { name: 'close(4000, reason)' }))
    rerender(<CloseLab connection={connection} commands={new Map([['cmd-1', sent]])} onCommand={onCommand} />)
    expect(screen.getByRole('status').textContent).toBe('close sent; waiting for the page…')
    const { connections } = applyEvents(new Map([['a', connection]]), [
      { kind: 'command-result', id: 'a', time: 1039, commandId: 'cmd-1', action: 'close', error: null, source: { kind: 'frame', frameId: 0 }, seq: 10 },
      {
        kind: 'close-call',
        id: 'a',
        time: 1040,
        via: 'close',
        code: 4000,
        reason: 'done',
        error: null,
        origin: 'devtools',
        source: { kind: 'frame', frameId: 0 },
        seq: 11,
      },
      { kind: 'closed', id: 'a', time: 1050, code: 4000, reason: 'done', wasClean: true, error: null, source: { kind: 'frame', frameId: 0 }, seq: 12 },
    ] as TabEvent[])
    rerender(<CloseLab connection={connections.get('a')!} commands={new Map([['cmd-1', sent]])} onCommand={onCommand} />)
    expect(screen.getByRole('status').textContent).toBe('Closed in 10.0 ms: 4000 Private use "done", clean.')
  })

  it("shows a connection's outcome on that connection only, and again on returning to it", () => {
    const a = open('WebSocket')
    const b = applyEvents(new Map(), session('b', 'WebSocket').slice(0, 2)).connections.get('b')!
    const commands = new Map([
      ['cmd-1', { connectionId: 'a', command: { action: 'close', code: null, reason: null }, sentAt: 0, failure: null } as SentCommand],
    ])
    const { rerender, onCommand } = lab('WebSocket', commands, a)
    expect(screen.getByRole('status').textContent).toBe('close sent; waiting for the page…')
    rerender(<CloseLab connection={b} commands={commands} onCommand={onCommand} />)
    expect(screen.queryByRole('status')).toBeNull()
    rerender(<CloseLab connection={a} commands={commands} onCommand={onCommand} />)
    expect(screen.getByRole('status').textContent).toBe('close sent; waiting for the page…')
  })

  it('shows the outcome in the row of the button that caused it, and adds nothing above the buttons', () => {
    const connection = open('WebSocketStream')
    const sent = (action: 'send' | 'writer.close'): SentCommand => ({
      connectionId: 'a',
      command: action === 'send' ? { action, data: 'x' } : { action },
      sentAt: 0,
      failure: null,
    })
    const { rerender, onCommand, container } = lab('WebSocketStream', new Map(), connection)
    const before = [...container.querySelectorAll('.close-lab > *')].map((e) => e.className)
    rerender(<CloseLab connection={connection} commands={new Map([['c1', sent('send')]])} onCommand={onCommand} />)
    expect(
      screen
        .getByRole('status')
        .closest('.close-lab-row')!
        .contains(screen.getByRole('button', { name: 'Send to server' })),
    ).toBe(true)
    rerender(
      <CloseLab
        connection={connection}
        commands={
          new Map([
            ['c1', sent('send')],
            ['c2', sent('writer.close')],
          ])
        }
        onCommand={onCommand}
      />,
    )
    expect(
      screen
        .getByRole('status')
        .closest('.close-lab-row')!
        .contains(screen.getByRole('button', { name: 'writer.close()' })),
    ).toBe(true)
    const closed = applyEvents(new Map(), session('a', 'WebSocketStream')).connections.get('a')!
    rerender(<CloseLab connection={closed} commands={new Map()} onCommand={onCommand} />)
    expect([...container.querySelectorAll('.close-lab > *')].map((e) => e.className)).toEqual(before)
    expect(container.querySelector('.lab-state')!.textContent).toBe('This connection is closed; commands will say so.')
  })

  it('does not double the full stop after a browser message that ends one', () => {
    const connection = open('WebSocket')
    const sent: SentCommand = { connectionId: 'a', command: { action: 'close', code: 1005, reason: null }, sentAt: 0, failure: null }
    const error = "InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1005 is neither."
    const { connections } = applyEvents(new Map([['a', connection]]), [
      { kind: 'command-result', id: 'a', time: 1039, commandId: 'cmd-1', action: 'close', error, source: { kind: 'frame', frameId: 0 }, seq: 10 },
    ] as TabEvent[])
    lab('WebSocket', new Map([['cmd-1', sent]]), connections.get('a')!)
    expect(screen.getByRole('status').textContent).toBe(`close threw ${error} The connection is open.`)
  })
})
