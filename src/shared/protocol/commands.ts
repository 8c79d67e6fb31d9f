import { PAYLOAD_CAP_BYTES, MAX_STRING } from './limits.ts'
import { anyNumber, nullable, object, payload, str, variant, type Infer } from './shape.ts'

// Numbers, not only safe integers: the close lab sends out-of-range codes on purpose (Chromium clamps them).
const codeAndReason = { code: nullable(anyNumber), reason: nullable(str(MAX_STRING)) }
const data = { data: payload(PAYLOAD_CAP_BYTES) }

/**
 * What the panel's close lab asks the page to do with a live connection. Codes and reasons go to the
 * browser exactly as given, so that invalid ones produce the browser's own exception.
 */
export const command = variant('action', {
  close: codeAndReason,
  'writer.close': {},
  'writable.abort': codeAndReason,
  'readable.cancel': codeAndReason,
  send: data,
  simulate: data,
})
export type Command = Infer<typeof command>
export type CommandAction = Command['action']

/** A command addressed to one connection; `commandId` ties it to its `command-result` event. */
export const commandRequestFields = { connectionId: str(64), commandId: str(64), command }
export const isCommandRequest = object(commandRequestFields)
export type CommandRequest = Infer<typeof isCommandRequest>
