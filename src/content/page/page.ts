// Entry of the MAIN-world content script. It runs at document_start in every frame, before any page
// script, and must leave no global behind: everything lives inside this bundle's closure. In a document
// that was open before the add-on started (Firefox injects into those) it does nothing: see document-start.ts.
import { openChannel } from './channel.ts'
import { describeError } from './describe.ts'
import { atDocumentStart } from '../document-start.ts'
import { instrumentFrames, takeOverRealm } from './instrument-frames.ts'
import { instrumentWebSocket } from './instrument-websocket.ts'
import { instrumentWebSocketStream } from './instrument-websocketstream.ts'
import { now } from './pristine.ts'
import { createRecorder } from './recorder.ts'

if (atDocumentStart()) {
  const channel = openChannel()
  const recorder = createRecorder(channel)
  // A parent may have instrumented this realm while it held its first, empty document (instrument-frames.ts).
  recorder.guard('frames', () => takeOverRealm(globalThis))
  for (const [where, instrument] of [
    ['WebSocket', instrumentWebSocket],
    ['WebSocketStream', instrumentWebSocketStream],
  ] as const) {
    try {
      instrument(globalThis, recorder)
    } catch (error) {
      channel.emit({ kind: 'instrumentation-error', time: now(), where, message: describeError(error) })
    }
  }
  recorder.guard('frames', () => instrumentFrames(globalThis, recorder))
}
