import type { Scenario } from './harness.ts'

/**
 * WebSocketStream scenarios for the differential suite. Each runs in the page (its source is sent
 * there), records what a page could observe, and closes every connection it opens.
 */
declare const WebSocketError: {
  new (message?: string, init?: { closeCode?: number; reason?: string }): DOMException & { closeCode: number | null; reason: string }
}

export const shape: Scenario = async (h) => {
  const W = WebSocketStream
  const global = Object.getOwnPropertyDescriptor(globalThis, 'WebSocketStream')!
  h.log('global', { writable: global.writable, enumerable: global.enumerable, configurable: global.configurable, same: global.value === W })
  h.log('function', W.name, W.length, typeof W, Object.getPrototypeOf(W) === Function.prototype, Object.getOwnPropertyNames(W))
  for (const key of Object.getOwnPropertyNames(W)) {
    const d = Object.getOwnPropertyDescriptor(W, key)!
    h.log('static', key, d.writable, d.enumerable, d.configurable)
  }
  h.log('prototype', W.prototype.constructor === W, Object.getOwnPropertyNames(W.prototype), Object.getPrototypeOf(W.prototype) === Object.prototype)
  for (const key of Reflect.ownKeys(W.prototype)) {
    const d = Object.getOwnPropertyDescriptor(W.prototype, key)!
    const fn = d.get ?? d.value
    h.log(
      'member',
      String(key),
      typeof d.get,
      typeof d.set,
      typeof d.value,
      d.enumerable,
      d.configurable,
      d.writable,
      typeof fn === 'function' ? [fn.name, fn.length] : h.describe(fn),
    )
  }
  const openedGetter = Object.getOwnPropertyDescriptor(W.prototype, 'opened')!.get!
  for (const receiver of [{}, W.prototype, null])
    try {
      openedGetter.call(receiver)
      h.log('getter on a foreign receiver returned')
    } catch (error) {
      h.log('getter on a foreign receiver threw', h.describe(error))
    }
  try {
    ;(W as unknown as () => void)()
  } catch (error) {
    h.log('call without new', h.describe(error))
  }

  const stream = new W(h.url('/echo'))
  h.log(
    'instance',
    stream instanceof W,
    Object.getPrototypeOf(stream) === W.prototype,
    stream.constructor === W,
    Object.prototype.toString.call(stream),
    Object.keys(stream),
    stream.url.endsWith(`tag=${h.url('').split('tag=')[1]}`),
  )

  class Sub extends W {
    extra = 1
    hello() {
      return `hi ${this.extra}`
    }
  }
  const sub = new Sub(h.url('/echo'))
  h.log(
    'subclass',
    sub instanceof Sub,
    sub instanceof W,
    Object.getPrototypeOf(sub) === Sub.prototype,
    sub.hello(),
    sub.constructor === Sub,
    typeof sub.opened.then,
  )
  function Other() {}
  Other.prototype = Object.create(Array.prototype)
  const viaReflect = Reflect.construct(W, [h.url('/echo')], Other)
  h.log('Reflect.construct with another newTarget', Object.getPrototypeOf(viaReflect) === Other.prototype, viaReflect instanceof W, Array.isArray(viaReflect))
  h.log('toString', Function.prototype.toString.call(W), Function.prototype.toString.call(openedGetter))

  for (const s of [stream, sub]) {
    await s.opened
    s.close()
    await s.closed
  }
  // The Reflect.construct instance has a foreign prototype: its getters are reached through the native one.
  const native = Object.getOwnPropertyDescriptor(W.prototype, 'closed')!.get!
  await (openedGetter.call(viaReflect) as Promise<unknown>)
  W.prototype.close.call(viaReflect)
  await h.settle('foreign-prototype instance closed', native.call(viaReflect) as Promise<unknown>)
}

export const constructorExceptions: Scenario = async (h) => {
  const W = WebSocketStream as unknown as new (...args: unknown[]) => WebSocketStream
  let urlToString = 0
  let protocolsGetter = 0
  let signalGetter = 0
  const urlObject = { toString: () => (urlToString++, h.url('/echo')) }
  const options = {
    get protocols() {
      protocolsGetter++
      return ['chat']
    },
    get signal() {
      signalGetter++
      return undefined
    },
  }
  const cases: Array<[string, unknown[]]> = [
    ['no arguments', []],
    ['not a URL', ['not a url']],
    ['ftp scheme', ['ftp://127.0.0.1/']],
    ['fragment', [`${h.url('/echo')}#frag`]],
    ['http scheme', [h.url('/echo').replace('ws:', 'http:')]],
    ['protocols as a string', [h.url('/echo'), { protocols: 'chat' }]],
    ['duplicate protocols', [h.url('/echo'), { protocols: ['a', 'a'] }]],
    ['invalid protocol', [h.url('/echo'), { protocols: ['bad protocol'] }]],
    ['options not an object', [h.url('/echo'), 5]],
    ['signal not a signal', [h.url('/echo'), { signal: 'nope' }]],
    ['url object', [urlObject]],
    ['options with getters', [h.url('/protocol'), options]],
  ]
  for (const [label, args] of cases) {
    try {
      const stream = new W(...args)
      h.log(label, 'constructed', stream.url.replace(/tag=[^&]*/, 'tag'))
      await h.settle(
        `${label} opened`,
        stream.opened.then((o) => o.protocol),
      )
      stream.close()
      await h.settle(`${label} closed`, stream.closed)
    } catch (error) {
      h.log(label, 'threw', h.describe(error), (error as Error).stack, Object.getOwnPropertyNames(error))
    }
  }
  h.log('page code ran', { urlToString, protocolsGetter, signalGetter })
}

export const closeExceptions: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo'))
  const attempt = (label: string, ...args: unknown[]) => {
    try {
      h.log(label, 'returned', h.describe((stream.close as (...a: unknown[]) => unknown)(...args)))
    } catch (error) {
      h.log(label, 'threw', h.describe(error), (error as Error).stack)
    }
  }
  let codeGetter = 0
  attempt('code 999 during the handshake', { closeCode: 999 })
  await stream.opened
  attempt('code 999', { closeCode: 999 })
  attempt('code 2000', { closeCode: 2000 })
  attempt('code 70000', { closeCode: 70000 })
  attempt('reason of 124 bytes', { closeCode: 1000, reason: 'x'.repeat(124) })
  attempt('not an object', 'bye')
  attempt('getter', {
    get closeCode() {
      codeGetter++
      return 999
    },
  })
  const revoked = Proxy.revocable({}, {})
  revoked.revoke()
  attempt('revoked Proxy as options', revoked.proxy)
  attempt('4000 bye', { closeCode: 4000, reason: 'bye' })
  attempt('again after close', { closeCode: 999 })
  attempt('again, valid', { closeCode: 4001 })
  await h.settle('closed', stream.closed)
  attempt('after closed, invalid', { closeCode: 1001 })
  h.log('page getters ran', codeGetter)

  const early = new WebSocketStream(h.url('/echo', 'handshake-race'))
  try {
    early.close({ closeCode: 4002, reason: 'early' })
    h.log('close before open returned')
  } catch (error) {
    h.log('close before open threw', h.describe(error))
  }
  await Promise.all([h.settle('early opened', early.opened), h.settle('early closed', early.closed)])

  const oldShape = new WebSocketStream(h.url('/echo'))
  await oldShape.opened
  ;(oldShape.close as (o: unknown) => void)({ code: 4000 })
  await h.settle('old shape closed', oldShape.closed)
}

export const openedAndClosedResults: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/deflate-echo'))
  const first = stream.opened
  h.log(
    'same promise every time',
    first === stream.opened,
    first instanceof Promise,
    first.constructor === Promise,
    Object.getPrototypeOf(first) === Promise.prototype,
  )
  const info = await first
  const again = await stream.opened
  h.log('same object every await', info === again, info.readable === again.readable, info.writable === again.writable)
  h.log('keys', Object.keys(info), Object.getPrototypeOf(info) === Object.prototype, h.describe(info))
  for (const key of Reflect.ownKeys(info)) {
    const d = Object.getOwnPropertyDescriptor(info, key)!
    h.log('opened property', String(key), d.writable, d.enumerable, d.configurable, 'value' in d)
  }
  h.log('streams', info.readable instanceof ReadableStream, info.writable instanceof WritableStream, info.readable.locked, info.writable.locked)
  const closedPromise = stream.closed
  h.log('closed same promise', closedPromise === stream.closed)
  stream.close({ closeCode: 4000, reason: 'results' })
  const result = await closedPromise
  h.log('closed result', h.describe(result), Object.keys(result), result === (await stream.closed))
}

export const settleOrderEchoAndClose: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo'))
  const opened = h.settle('opened', stream.opened)
  const closed = h.settle('closed', stream.closed)
  const { readable, writable } = await stream.opened
  const writer = writable.getWriter()
  const reader = readable.getReader()
  const streamsClosed = [h.settle('reader.closed', reader.closed), h.settle('writer.closed', writer.closed)]
  await h.settle('write', writer.write('hello'))
  await h.settle('read', reader.read())
  await h.settle('write binary', writer.write(new Uint8Array([1, 2, 3])))
  await h.settle('read binary', reader.read())
  stream.close({ closeCode: 4000, reason: 'done' })
  await Promise.all([opened, closed, ...streamsClosed])
}

export const settleOrderHandshakeRejected: Scenario = async (h) => {
  await h.watchStream(new WebSocketStream(h.url('/reject?status=403')))
}

export const settleOrderCloseBeforeOpen: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo', 'handshake-race'))
  const watched = h.watchStream(stream)
  stream.close({ closeCode: 4000, reason: 'never mind' })
  await watched
}

export const settleOrderAbortSignal: Scenario = async (h) => {
  const controller = new AbortController()
  const stream = new WebSocketStream(h.url('/echo', 'handshake-race'), { signal: controller.signal })
  const watched = h.watchStream(stream)
  controller.abort(new Error('page reason'))
  await watched
  const already = new WebSocketStream(h.url('/echo', 'handshake-race'), { signal: AbortSignal.abort('gone') })
  await h.watchStream(already)
  const late = new AbortController()
  const open = new WebSocketStream(h.url('/echo'), { signal: late.signal })
  await open.opened
  late.abort()
  await h.sleep(50)
  open.close({ closeCode: 4000, reason: 'after abort' })
  await h.settle('closed after a late abort', open.closed)
}

export const settleOrderServerDrop: Scenario = async (h) => {
  await h.watchStream(new WebSocketStream(h.url('/drop?after=100')))
  await h.watchStream(new WebSocketStream(h.url('/close?code=4003&reason=server&after=100')))
}

/** One microtask hop more, after the promise settled, would let the page see it later than a chain of `then`s. */
export const settleHopsOnLateAccess: Scenario = async (h) => {
  const order = async (label: string, get: () => Promise<unknown>) => {
    const seen: string[] = []
    const promise = get()
    promise.then(
      () => seen.push(label),
      () => seen.push(`${label} rejected`),
    )
    void Promise.resolve()
      .then(() => seen.push('tick 1'))
      .then(() => seen.push('tick 2'))
      .then(() => seen.push('tick 3'))
    // Waits for the promise itself, not for a time that only holds on an idle machine: a handshake slower
    // than a fixed sleep would let the close below come before the open, in both runs differently.
    await promise.then(
      () => {},
      () => {},
    )
    await h.sleep(10)
    h.log(seen)
  }
  // "After it settled" without reading the promise first: once the server has seen the handshake (or the
  // close), the page needs only a moment to settle it, however long the handshake took on a busy machine.
  const ok = new WebSocketStream(h.url('/echo'))
  await h.serverLogged('open', '/echo')
  await h.sleep(300)
  await order('opened, first read after it settled', () => ok.opened)
  await order('opened, read again', () => ok.opened)
  ok.close()
  await h.serverLogged('close', '/echo')
  await h.sleep(300)
  await order('closed, first read after it settled', () => ok.closed)
  const failed = new WebSocketStream(h.url('/reject'))
  await h.serverLogged('rejected', '/reject')
  await h.sleep(300)
  await order('failed opened, first read after it settled', () => failed.opened)
  await order('failed closed, first read after it settled', () => failed.closed)
  const fresh = new WebSocketStream(h.url('/echo'))
  await order('opened read at once', () => fresh.opened)
  fresh.close()
  await fresh.closed
}

export const unhandledRejections: Scenario = async (h) => {
  const runs: Array<[string, (s: WebSocketStream) => void, string]> = [
    ['getters never read, handshake rejected', () => {}, '/reject'],
    ['getters never read, server drops', () => {}, '/drop?after=50'],
    ['both read and ignored, handshake rejected', (s) => void [s.opened, s.closed], '/reject'],
    ['opened handled, closed ignored, server drops', (s) => void s.opened.catch(() => {}), '/drop?after=50'],
    ['closed handled, opened never read, handshake rejected', (s) => void s.closed.catch(() => {}), '/reject'],
    ['opened read late, after it rejected', (s) => void setTimeout(() => s.opened, 200), '/reject'],
  ]
  // Counted once the server has rejected or dropped the connection, and the page has had a moment to see it.
  const ended: Record<string, number> = {}
  for (const [label, use, path] of runs) {
    const before = h.unhandled()
    use(new WebSocketStream(h.url(path)))
    const [route = path] = path.split('?')
    ended[route] = (ended[route] ?? 0) + 1
    await h.serverLogged(route === '/reject' ? 'rejected' : 'close', route, ended[route])
    await h.sleep(250)
    h.log(label, h.unhandled() - before)
  }
}

/**
 * Nothing is read ahead of the page: the browser's network layer (as CDP reports it) receives messages
 * only as the page reads them, one ahead at most, as natively.
 */
export const readBackpressure: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/flood?n=6&size=200000&binary=1'))
  const { readable } = await stream.opened
  const reader = readable.getReader()
  // Waits for the network to have what it reads ahead, then leaves it time to read more if it would.
  const received = async (n: number) => {
    while ((await h.framesReceived()) < n) await h.sleep(20)
    await h.sleep(200)
  }
  await received(1)
  h.log('received by the network before any read', await h.framesReceived())
  for (let i = 1; i <= 3; i++) {
    const { value } = await reader.read()
    await received(i + 1)
    h.log(`after read ${i}`, (value as ArrayBuffer).byteLength, new DataView(value as ArrayBuffer).getUint32(0), await h.framesReceived())
  }
  // The closing handshake waits behind the unread messages: the page drains them. How many the server
  // sent before it saw the Close frame varies from run to run, natively too, so only their order is kept.
  stream.close({ closeCode: 4000 })
  const indexes: number[] = []
  for (let r = await reader.read(); !r.done; r = await reader.read()) indexes.push(new DataView(r.value as ArrayBuffer).getUint32(0))
  h.log(
    'read after close() in order, with none skipped',
    indexes.every((v, i) => v === 3 + i),
  )
  await h.settle('closed', stream.closed)
}

/** Messages that arrived before the server's Close frame all reach the page, and then reader.closed. */
export const messagesBeforeCloseAreDelivered: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo'))
  const { readable, writable } = await stream.opened
  const writer = writable.getWriter()
  for (const text of ['one', 'two', 'three']) await writer.write(text)
  await h.sleep(200)
  stream.close({ closeCode: 4000, reason: 'after echoes' })
  const reader = readable.getReader()
  void reader.closed.then(() => h.log('reader.closed'))
  for (;;) {
    const { done } = (await h.settle('read', reader.read())) as ReadableStreamReadResult<unknown>
    if (done) break
  }
  await h.settle('closed', stream.closed)
}

/**
 * A write's promise is the native one: while the server does not read, a small first write settles (it
 * fits in the send buffer) and the writes that overflow it settle only after the server resumes.
 * The page cannot see the server resume, so "while it pauses" is a time: the pause is long enough that a
 * handshake and a first write slowed by a busy machine still fall well inside it (on an idle one they take
 * a few ms), and times are taken from the handshake, not from the scenario's start.
 */
export const writeBackpressure: Scenario = async (h) => {
  const pauseMs = 6000
  const stream = new WebSocketStream(h.url(`/slow?pauseMs=${pauseMs}`))
  const { writable } = await stream.opened
  const writer = writable.getWriter()
  h.log('desiredSize at start', writer.desiredSize)
  const start = h.elapsed()
  const sinceOpen = () => h.elapsed() - start
  const settled: number[] = []
  const chunks = [new Uint8Array(1024), ...Array.from({ length: 12 }, (_, i) => new Uint8Array(4 * 1024 * 1024).fill(i))]
  const writes = chunks.map((chunk, i) => {
    const write = writer.write(chunk).then(() => settled.push(i))
    h.log(`desiredSize after write ${i}`, writer.desiredSize)
    return write
  })
  let readyAt = 0
  void writer.ready.then(() => (readyAt = sinceOpen()))
  await writes[0]
  h.log('first small write settled while the server pauses', sinceOpen() < pauseMs / 2)
  await Promise.all(writes)
  // The server's pause began before the page saw the handshake end: a little less than pauseMs since then.
  h.log('last write settled after the server resumed', sinceOpen() > pauseMs - 500, 'ready too', readyAt > pauseMs - 500)
  h.log(
    'writes settled in order',
    settled.every((v, i) => v === i),
    'started early',
    start < pauseMs / 2,
    'desiredSize at the end',
    writer.desiredSize,
  )
  await h.settle('writer.close', writer.close())
  await h.settle('closed', stream.closed)
}

export const writerCloseWaitsForHandshake: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo'))
  const { writable } = await stream.opened
  const closing = h.settle('writer.close', writable.getWriter().close())
  const closed = h.settle('closed', stream.closed)
  await Promise.all([closing, closed])

  const silent = new WebSocketStream(h.url('/silent-close'))
  const writer = (await silent.opened).writable.getWriter()
  let settled = false
  void writer.close().then(
    () => (settled = true),
    () => (settled = true),
  )
  await h.sleep(500)
  h.log('writer.close() settled without the server Close frame', settled)
}

export const cancelAndAbortReasons: Scenario = async (h) => {
  const open = async (label: string) => {
    const stream = new WebSocketStream(h.url(`/echo?case=${label}`))
    return { stream, ...(await stream.opened) }
  }
  let s = await open('cancel-wse')
  await h.settle('cancel(WebSocketError)', s.readable.cancel(new WebSocketError('stop', { closeCode: 4001, reason: 'cancelled' })))
  await h.settle('closed', s.stream.closed)

  s = await open('abort-wse')
  await h.settle('abort(WebSocketError)', s.writable.abort(new WebSocketError('stop', { closeCode: 4002, reason: 'aborted' })))
  await h.settle('closed', s.stream.closed)

  s = await open('cancel-string')
  await h.settle('cancel(string)', s.readable.getReader().cancel('plain'))
  await h.settle('closed', s.stream.closed)

  s = await open('abort-error')
  await h.settle('writer.abort(Error)', s.writable.getWriter().abort(new Error('plain')))
  await h.settle('closed', s.stream.closed)

  const dropped = new WebSocketStream(h.url('/drop?after=50'))
  const unsendable = await dropped.closed.catch((e: unknown) => e)
  s = await open('cancel-1006')
  await h.settle('cancel(WebSocketError 1006)', s.readable.cancel(unsendable))
  const writer = s.writable.getWriter()
  await h.settle('write after the refused cancel', writer.write('still open?'))
  s.stream.close({ closeCode: 4004, reason: 'finally' })
  await h.settle('closed', s.stream.closed)

  s = await open('reader-cancel-1006')
  await h.settle('reader.cancel(WebSocketError 1006)', s.readable.getReader().cancel(unsendable))
  await h.settle('writable.abort(WebSocketError 1006)', s.writable.abort(unsendable))
  await h.settle('write after the refused abort', s.writable.getWriter().write('errored?'))
  s.stream.close({ closeCode: 4006 })
  await h.settle('closed', s.stream.closed)

  s = await open('writer-abort-1006')
  const refused = s.writable.getWriter()
  await h.settle('writer.abort(WebSocketError 1006)', refused.abort(unsendable))
  await h.settle('write through the same writer', refused.write('errored?'))
  s.stream.close({ closeCode: 4007 })
  await h.settle('closed', s.stream.closed)

  s = await open('abort-locked')
  s.writable.getWriter()
  await h.settle('abort() on a locked writable', s.writable.abort(new WebSocketError('x', { closeCode: 4005 })))
  s.stream.close()
  await h.settle('closed', s.stream.closed)
}

export const writesThatMustReject: Scenario = async (h) => {
  const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer
  const cases: Array<[string, () => unknown]> = [
    ['resizable buffer', () => new Resizable(8, { maxByteLength: 16 })],
    ['view on a resizable buffer', () => new Uint8Array(new Resizable(8, { maxByteLength: 16 }))],
    ['shared buffer', () => new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer],
    [
      'detached buffer',
      () => {
        const buffer = new ArrayBuffer(8)
        structuredClone(buffer, { transfer: [buffer] })
        return buffer
      },
    ],
  ]
  for (const [label, make] of cases) {
    const stream = new WebSocketStream(h.url('/echo'))
    const writer = (await stream.opened).writable.getWriter()
    await h.settle(label, writer.write(make() as never))
    h.log('desiredSize after', writer.desiredSize)
    await h.settle('next write', writer.write('next'))
    stream.close({ closeCode: 4000 })
    await h.settle('closed', stream.closed)
  }
  const stream = new WebSocketStream(h.url('/echo'))
  const writer = (await stream.opened).writable.getWriter()
  stream.close()
  // Natively a write right after close() is still taken (the Close frame goes out after it)...
  await h.settle('write right after close()', writer.write('late'))
  await h.settle('closed', stream.closed)
  // ...but once the connection has closed, writes fail.
  await h.settle('write after closed', writer.write('too late'))
}

export const valuesAreNotConverted: Scenario = async (h) => {
  const calls = { toString: 0, valueOf: 0, toStringTag: 0, blobText: 0, blobArrayBuffer: 0, proxyTraps: 0 }
  const blobText = Blob.prototype.text
  const blobArrayBuffer = Blob.prototype.arrayBuffer
  Blob.prototype.text = function () {
    calls.blobText++
    return blobText.call(this)
  }
  Blob.prototype.arrayBuffer = function () {
    calls.blobArrayBuffer++
    return blobArrayBuffer.call(this)
  }
  const stream = new WebSocketStream(h.url('/echo'))
  const { readable, writable } = await stream.opened
  const writer = writable.getWriter()
  const reader = readable.getReader()
  const values: unknown[] = [
    { toString: () => (calls.toString++, 'from toString'), valueOf: () => (calls.valueOf++, 1) },
    {
      get [Symbol.toStringTag]() {
        calls.toStringTag++
        return 'Tagged'
      },
    },
    new Blob(['blob text']),
    new Proxy({}, { get: (t, k, r) => (calls.proxyTraps++, Reflect.get(t, k, r)), getPrototypeOf: (t) => (calls.proxyTraps++, Reflect.getPrototypeOf(t)) }),
    42,
    new DataView(new Uint8Array([9, 8, 7, 6]).buffer, 1, 2),
  ]
  for (const value of values) {
    await h.settle('write', writer.write(value as never))
    await h.settle('echo', reader.read())
  }
  Blob.prototype.text = blobText
  Blob.prototype.arrayBuffer = blobArrayBuffer
  h.log('page code ran', calls)
  writer.releaseLock()
  stream.close({ closeCode: 4000 })
  await stream.closed
}

/** The ways pages commonly use the streams: pipeTo, async iteration, tee, writable.close(), BYOB. */
export const streamUsagePatterns: Scenario = async (h) => {
  const stream = new WebSocketStream(h.url('/echo'))
  const { readable, writable } = await stream.opened
  h.log('locked before use', readable.locked, writable.locked)
  try {
    readable.getReader({ mode: 'byob' })
  } catch (error) {
    h.log('BYOB reader', h.describe(error))
  }
  const source = new ReadableStream({
    start(controller) {
      for (const text of ['a', 'b', 'c']) controller.enqueue(text)
      controller.close()
    },
  })
  await h.settle('pipeTo with preventClose', source.pipeTo(writable, { preventClose: true }))
  const seen: unknown[] = []
  // Leaving the loop cancels the readable, which closes the connection (no code: 1005).
  for await (const message of readable as unknown as AsyncIterable<unknown>) {
    seen.push(message)
    if (seen.length === 3) break
  }
  h.log('iterated', seen, 'locked after', readable.locked, writable.locked)
  await h.settle('closed', stream.closed)

  const teed = new WebSocketStream(h.url('/echo?case=tee'))
  const opened = await teed.opened
  const [left, right] = opened.readable.tee()
  const writer = opened.writable.getWriter()
  await writer.write('x')
  const [a, b] = await Promise.all([left.getReader().read(), right.getReader().read()])
  h.log('both branches', a.value, b.value)
  writer.releaseLock()
  await h.settle('writable.close()', opened.writable.close())
  await h.settle('tee closed', teed.closed)
}
