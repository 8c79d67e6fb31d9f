import { MAX_PROTOCOL_LENGTH, MAX_PROTOCOLS, MAX_STRING, type PageEvent } from '../../shared/protocol/index.ts'
import type { Channel, Slot } from './channel.ts'
import { createControls, type Controls } from './controls.ts'
import { describeError } from './describe.ts'
import { now, pristine } from './pristine.ts'

/** What every hook shares: connection ids, timestamps, the channel, and failing open. */
export interface Recorder {
  newId(): string
  emit(event: PageEvent): void
  reserve(): Slot
  frameUrl(): string
  stack(): string
  /** Runs our own bookkeeping; an error in it is reported to the panel and never reaches the page. */
  guard(where: string, work: () => void): void
  /** The live connections the panel's close lab can act on. */
  controls: Controls
}

export function createRecorder(channel: Channel): Recorder {
  // Unique within the tab: every frame draws its own prefix.
  const prefix = pristine.stringSlice(pristine.numberToString(pristine.random(), 36), 2, 10)
  let counter = 0
  const emit = (event: PageEvent) => channel.emit(bounded(event))
  const guard = (where: string, work: () => void) => {
    try {
      if (__WSS_TEST_FAULTS__) throw new Error(`forced fault in ${where}`)
      work()
    } catch (error) {
      try {
        channel.emit({ kind: 'instrumentation-error', time: now(), where, message: describeError(error) })
      } catch {
        // Nothing more can be done without risking the page.
      }
    }
  }
  const controls = createControls(emit, guard)
  channel.onCommand(controls.run)
  const recorder: Recorder = {
    newId: () => `${prefix}-${++counter}`,
    emit,
    reserve: channel.reserve,
    frameUrl: () => pristine.documentUrl(pristine.document),
    stack: captureStack,
    guard,
    controls,
  }
  return recorder
}

/** The page-given strings of an event other than a message (payloads have their own cap, payload.ts). */
const TEXT_FIELDS = ['url', 'resolvedUrl', 'frameUrl', 'stack', 'reason', 'error', 'message'] as const

/**
 * Clips what the page chose (a 100,000-character url or close reason, 100 subprotocols) to what the
 * protocol accepts, so that the event is shown shortened instead of being dropped as malformed along
 * with everything that refers to it. Own properties only: a page may add getters to Object.prototype.
 */
function bounded(event: PageEvent): PageEvent {
  if (event.kind === 'message') return event
  const fields = event as unknown as Record<string, unknown>
  for (let i = 0; i < TEXT_FIELDS.length; i++) {
    const key = TEXT_FIELDS[i]!
    const value = pristine.hasOwn(fields, key) ? fields[key] : undefined
    if (typeof value === 'string' && value.length > MAX_STRING) fields[key] = `${pristine.stringSlice(value, 0, MAX_STRING - 1)}…`
  }
  if (event.kind === 'connection') {
    const kept: string[] = []
    for (let i = 0; i < event.protocols.length && i < MAX_PROTOCOLS; i++) kept[i] = pristine.stringSlice(event.protocols[i]!, 0, MAX_PROTOCOL_LENGTH)
    event.protocols = kept
  }
  return event
}

/**
 * The page's call stack at the hook (the "initiator"), without our own frames. V8 formats `stack`
 * through a page-settable Error.prepareStackTrace; we only read it when that hook is not set.
 */
function captureStack(): string {
  const prepare = pristine.getOwnPropertyDescriptor(pristine.Error, 'prepareStackTrace')
  if (prepare && !(pristine.hasOwn(prepare, 'value') && prepare.value === undefined)) return ''
  const stack = new pristine.Error().stack
  if (typeof stack !== 'string') return ''
  return pageFrames(stack)
}

/**
 * The lines of an `Error().stack` taken in our hooks that belong to the page. Ours are
 * `at … (chrome-extension://…)` in Chromium and `name@<anonymous code>:1:N` in Firefox, which names a
 * MAIN-world content script that way (page code cannot: a `//# sourceURL` stops at the space). Firefox
 * also ends the stack with an empty line.
 */
export function pageFrames(stack: string): string {
  // Index loops only: a page may replace Array.prototype[Symbol.iterator].
  const lines = pristine.split(stack, '\n')
  let kept = ''
  for (let i = 0; i < lines.length; i++) {
    const line = pristine.trim(lines[i]!)
    if (line === '' || line === 'Error' || pristine.includes(line, '-extension://') || pristine.includes(line, '@<anonymous code>:')) continue
    kept += (kept ? '\n' : '') + line
  }
  return kept
}
