import { instrumentWebSocket } from './instrument-websocket.ts'
import { instrumentWebSocketStream } from './instrument-websocketstream.ts'
import { hookGetter, hookMethod } from './patch.ts'
import { bare, pristine } from './pristine.ts'
import type { Recorder } from './recorder.ts'

/**
 * Content scripts never run in the first, empty document of a frame or popup whose URL was set before
 * it was created (`f.src = url; body.appendChild(f)`, `srcdoc`, `window.open(url)`), yet the page can
 * reach that window at once and take a native WebSocket from it. When the window then loads a
 * same-origin document, both browsers keep the same Window and realm, so that constructor keeps working.
 * We therefore instrument such windows ourselves the moment the page reaches one through a getter or
 * method we can hook, with the same instrument functions, reporting through this frame's channel.
 *
 * A realm must never be instrumented twice. Instances of this script (one per document) share no state
 * but the page's objects, so each instrumented realm answers a probe: its `contentWindow` getter, called
 * with a symbol from the global registry as `this`, returns that symbol instead of throwing. When a
 * document loads into a realm we instrumented from outside, its own content script first asks us to hand
 * the realm over: we put the native constructors back so that it hooks them, not ours. Our hooks on
 * prototypes stay (they only record the sockets our constructors made, which the page may still hold),
 * and our frame hooks there go quiet, so new sockets and frames are reported by the realm's own channel.
 */

const INSTRUMENTED = Symbol.for('websocketstream-devtools: instrumented realm')
const HAND_OVER = Symbol.for('websocketstream-devtools: hand over realm')

const NativeWeakSet = WeakSet
const weakSetHas = WeakSet.prototype.has
const weakSetAdd = WeakSet.prototype.add

/** Every window and document this instance has looked at: each is probed once, however often it is reached. */
const seen: WeakSet<object> = new NativeWeakSet()
const isSeen = (value: object) => pristine.apply(weakSetHas, seen, [value]) as boolean
const see = (value: object) => void pristine.apply(weakSetAdd, seen, [value])

/** What we did to a realm we instrumented from outside, to undo it when its own content script arrives. */
interface Realm {
  handedOver: boolean
  restore: Array<() => void>
}

const CONSTRUCTORS = ['WebSocket', 'WebSocketStream']
const FRAME_ELEMENTS = ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement']

/** This realm's Function.prototype.toString as our hooks left it, taken before any page script runs. */
let hookedToString: Function | undefined

/**
 * Hooks every way we know from this realm to a child or popup window. `global` is this document's
 * window; call it after the socket hooks, whose toString hook the realms we instrument borrow.
 */
export function instrumentFrames(global: typeof globalThis, recorder: Recorder): void {
  see(global)
  const toString = pristine.getOwnPropertyDescriptor(pristine.FunctionPrototype, 'toString')?.value as unknown
  if (typeof toString === 'function') hookedToString = toString
  installHooks(global, recorder, null)
}

/**
 * Called by the content script before it instruments its own realm: if a parent or opener instrumented
 * this realm while it held its first, empty document, it gives the native constructors back now.
 */
export function takeOverRealm(global: typeof globalThis): void {
  probe(global, HAND_OVER)
}

function installHooks(global: typeof globalThis, recorder: Recorder, realm: Realm | null): void {
  const active = () => realm === null || !realm.handedOver
  const reached = (value: unknown) => {
    if (active()) recorder.guard('frame access', () => reach(value, recorder))
  }

  // Index loops only: these run again whenever the page reaches a new window, by then Array.prototype
  // may be the page's.
  for (let i = 0; i < FRAME_ELEMENTS.length; i++) {
    const name = FRAME_ELEMENTS[i]!
    const prototype = prototypeOf(global, name)
    if (!prototype) continue
    const contentWindow = pristine.getOwnPropertyDescriptor(prototype, 'contentWindow')?.get
    hookGetter(prototype, 'contentWindow', (target, self, args) => {
      if (name === 'HTMLIFrameElement' && (self === INSTRUMENTED || self === HAND_OVER)) {
        if (self === HAND_OVER && realm && !realm.handedOver) handOver(realm)
        return self
      }
      const result = pristine.apply(target, self, args)
      reached(result)
      return result
    })
    hookGetter(prototype, 'contentDocument', (target, self, args) => {
      const result = pristine.apply(target, self, args)
      // Null for a cross-origin frame: only then is there nothing to instrument.
      if (result !== null && contentWindow) reached(pristine.apply(contentWindow, self, []))
      return result
    })
  }

  const documentPrototype = prototypeOf(global, 'Document')
  if (documentPrototype) {
    hookGetter(documentPrototype, 'defaultView', (target, self, args) => {
      const result = pristine.apply(target, self, args)
      reached(result)
      return result
    })
    // document.open(url, name, features) is window.open under another name.
    hookMethod(documentPrototype, 'open', (target, self, args) => {
      const result = pristine.apply(target, self, args)
      if (result !== self) reached(result)
      return result
    })
  }

  const openHolder = pristine.hasOwn(global, 'open') ? global : prototypeOf(global, 'Window')
  if (openHolder)
    hookMethod(openHolder, 'open', (target, self, args) => {
      const result = pristine.apply(target, self, args)
      reached(result)
      return result
    })
}

/** A window the page just obtained: instrument its realm unless it is cross-origin or already ours. */
function reach(value: unknown, recorder: Recorder): void {
  if (typeof value !== 'object' || value === null || isSeen(value)) return
  see(value)
  if (!isSameOriginWindow(value) || probe(value, INSTRUMENTED)) return
  instrumentRealm(value as typeof globalThis, recorder)
}

function instrumentRealm(global: typeof globalThis, parent: Recorder): void {
  const recorder = recorderFor(global, parent)
  const realm: Realm = { handedOver: false, restore: [] }
  const natives: Array<PropertyDescriptor | undefined> = []
  for (let i = 0; i < CONSTRUCTORS.length; i++) natives[i] = pristine.getOwnPropertyDescriptor(global, CONSTRUCTORS[i]!)
  recorder.guard('WebSocket', () => instrumentWebSocket(global, recorder))
  recorder.guard('WebSocketStream', () => instrumentWebSocketStream(global, recorder))
  for (let i = 0; i < CONSTRUCTORS.length; i++) {
    const name = CONSTRUCTORS[i]!
    const native = natives[i]?.value as unknown
    const hooked = pristine.getOwnPropertyDescriptor(global, name)?.value as unknown
    if (typeof native === 'function' && hooked !== native) realm.restore[realm.restore.length] = () => restoreConstructor(global, name, native, hooked)
  }
  hookToString(global)
  installHooks(global, parent, realm)
}

function handOver(realm: Realm): void {
  realm.handedOver = true
  for (let i = 0; i < realm.restore.length; i++) realm.restore[i]!()
}

/** Puts the native constructor back where ours still stands; a value the page put there since is left alone. */
function restoreConstructor(global: object, name: string, native: Function, hooked: unknown): void {
  const descriptor = pristine.getOwnPropertyDescriptor(global, name)
  if (descriptor && pristine.hasOwn(descriptor, 'value') && descriptor.value === hooked)
    pristine.defineProperty(global, name, bare({ ...descriptor, value: native }))
  const prototype = pristine.getOwnPropertyDescriptor(native, 'prototype')?.value as object | undefined
  const constructor = prototype && pristine.getOwnPropertyDescriptor(prototype, 'constructor')
  if (prototype && constructor && pristine.hasOwn(constructor, 'value') && constructor.value === hooked)
    pristine.defineProperty(prototype, 'constructor', bare({ ...constructor, value: native }))
}

/**
 * The realm's Function.prototype.toString prints our hooks as the native functions they stand for, as
 * this realm's does: functions are printed by ours (strings carry no realm), anything else goes to the
 * realm's own, so its TypeError stays the realm's.
 */
function hookToString(global: typeof globalThis): void {
  const functionPrototype = prototypeOf(global, 'Function')
  const ours = hookedToString
  if (!functionPrototype || !ours) return
  hookMethod(functionPrototype, 'toString', (target, self, args) =>
    typeof self === 'function' ? pristine.apply(ours, self, args) : pristine.apply(target, self, args),
  )
}

/** Events of a realm we instrumented go through our channel, with that realm's document as their frame. */
function recorderFor(global: typeof globalThis, parent: Recorder): Recorder {
  // `document` is an unforgeable own accessor of every Window; it follows the realm into a reused window.
  const documentOf = pristine.getOwnPropertyDescriptor(global, 'document')?.get
  return bare({
    ...parent,
    frameUrl: () => (documentOf ? pristine.documentUrl(pristine.apply(documentOf, global, []) as Document) : parent.frameUrl()),
  })
}

/** Whether the realm behind `global` answers `key` (see the top of this file); false for a native getter. */
function probe(global: object, key: symbol): boolean {
  const prototype = prototypeOf(global, 'HTMLIFrameElement')
  const get = prototype && pristine.getOwnPropertyDescriptor(prototype, 'contentWindow')?.get
  if (typeof get !== 'function') return false
  try {
    return pristine.apply(get, key, []) === key
  } catch {
    return false
  }
}

/**
 * A WindowProxy we may script. `document` is an unforgeable own accessor of every Window and, unlike
 * `window` or `frames`, not on the short list a cross-origin WindowProxy exposes: there it throws.
 */
function isSameOriginWindow(value: object): boolean {
  try {
    return typeof pristine.getOwnPropertyDescriptor(value, 'document')?.get === 'function'
  } catch {
    return false
  }
}

/** `global[name].prototype`, read through data properties only, so no page getter runs. */
function prototypeOf(global: object, name: string): object | undefined {
  const constructor = pristine.getOwnPropertyDescriptor(global, name)
  if (!constructor || !pristine.hasOwn(constructor, 'value') || typeof constructor.value !== 'function') return undefined
  const prototype = pristine.getOwnPropertyDescriptor(constructor.value as object, 'prototype')
  const value = prototype?.value as unknown
  // Function.prototype is itself a function.
  return (typeof value === 'object' && value !== null) || typeof value === 'function' ? value : undefined
}
