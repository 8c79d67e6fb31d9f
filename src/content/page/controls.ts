import type { CommandAction, CommandRequest, PageEvent } from '../../shared/protocol/index.ts'
import { describeError } from './describe.ts'
import { bare, now, pristine } from './pristine.ts'

type Payload = string | Uint8Array
type StreamPath = 'writer.close' | 'writable.abort' | 'readable.cancel'

/**
 * What the panel's close lab can do to one live connection. Each method calls the real, native API
 * with the arguments exactly as given and throws (or returns a promise that rejects with) the
 * browser's own exception; a method a connection's API does not have is left out.
 */
export interface Control {
  close(code: number | null, reason: string | null): void
  send(data: Payload): Promise<unknown> | void
  simulate(data: Payload): void
  'writer.close'?(): Promise<unknown>
  'writable.abort'?(code: number | null, reason: string | null): Promise<unknown>
  'readable.cancel'?(code: number | null, reason: string | null): Promise<unknown>
}

export interface Controls {
  register(id: string, control: Control): void
  /** A closed connection is let go, so that we do not keep the page's sockets alive. */
  unregister(id: string): void
  run(request: CommandRequest): void
}

/** `emit` and `guard` are the recorder's: results go out as events, and our own failures never reach the page. */
export function createControls(emit: (event: PageEvent) => void, guard: (where: string, work: () => void) => void): Controls {
  // Prototype-less, so no page-defined Object.prototype property can pose as a connection.
  const live: Record<string, Control> = bare({})

  function answer(id: string, commandId: string, action: CommandAction, error: string | null): void {
    emit({ kind: 'command-result', id, time: now(), commandId, action, error })
  }

  return {
    register(id, control) {
      live[id] = control
    },
    unregister(id) {
      delete live[id]
    },
    run({ connectionId, commandId, command }) {
      const done = (error: string | null) => guard('command', () => answer(connectionId, commandId, command.action, error))
      const control = pristine.hasOwn(live, connectionId) ? live[connectionId]! : undefined
      if (!control) return done('This connection is not live in the page any more.')
      let result: Promise<unknown> | void
      try {
        switch (command.action) {
          case 'close':
            result = control.close(command.code, command.reason)
            break
          case 'send':
            result = control.send(command.data)
            break
          case 'simulate':
            result = control.simulate(command.data)
            break
          case 'writer.close':
            result = streamPath(control, 'writer.close')()
            break
          case 'writable.abort':
          case 'readable.cancel':
            result = streamPath(control, command.action)(command.code, command.reason)
            break
        }
      } catch (error) {
        return done(describeError(error))
      }
      if (result === undefined) return done(null)
      pristine.then(
        result,
        () => done(null),
        (error) => done(describeError(error)),
      )
    },
  }
}

/** A WebSocketStream path, bound to its control; a WebSocket has none and says so in the panel. */
function streamPath<K extends StreamPath>(control: Control, path: K): NonNullable<Control[K]> {
  const method = control[path]
  if (!method) throw new pristine.Error(`A WebSocket has no ${path}(); that path is WebSocketStream's.`)
  return ((...args: unknown[]) => pristine.apply(method as (...a: unknown[]) => unknown, control, args)) as NonNullable<Control[K]>
}
