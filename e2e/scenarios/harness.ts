/**
 * What a scenario script gets, inside the page: a trace to record into, and tools to describe values
 * without depending on object identity across browsers. `createHarness` and every scenario are sent to
 * the page as source text, so they must not refer to anything outside their own body.
 */
export interface Harness {
  /**
   * A ws: URL of a playground scenario, tagged so the server log of this run can be picked out.
   * `racy`: the connection is closed or aborted during its handshake, where Chromium itself varies from
   * run to run in whether the server sees it at all (and whether it closes with 1006 or only at unload),
   * so it is left out of the compared server log.
   */
  url(pathAndQuery: string, racy?: 'handshake-race'): string
  /** Appends one entry to the trace. */
  log(...values: unknown[]): void
  /** A JSON-able description of a value: errors by class, name, message and close details; objects by keys. */
  describe(value: unknown): unknown
  /** Records `label` and the outcome when the promise settles; the returned promise never rejects. */
  settle(label: string, promise: Promise<unknown>): Promise<unknown>
  /** Milliseconds since the scenario started. */
  elapsed(): number
  sleep(ms: number): Promise<void>
  /** Messages the browser's network layer reports received on this page so far (CDP, outside the page). */
  framesReceived(): Promise<number>
  /**
   * Resolves once the playground's log (GET /log) has `count` entries of `event` ('open', 'close',
   * 'rejected', …) for connections of this run to `path`: a wait for what the server saw, where the
   * page has no event of its own to wait for.
   */
  serverLogged(event: string, path: string, count?: number): Promise<void>
  /**
   * Records when a WebSocketStream's opened, closed, reader.closed, writer.closed and (with `read`) a
   * pending read settle, and whether the streams failed with the very object `closed` rejected with.
   */
  watchStream(stream: WebSocketStream, read?: boolean): Promise<unknown>
  /** Records every event of a WebSocket, through listeners and on* handlers, with what the page sees of it. */
  recordSocket(socket: WebSocket, label?: string): void
  /** Resolves on the socket's close event. */
  socketClosed(socket: WebSocket): Promise<unknown>
  /** unhandledrejection events so far; each is also in the trace when it happens. */
  unhandled(): number
}

export type Scenario = (h: Harness) => Promise<void>

export interface HarnessOptions {
  wsBase: string
  tag: string
  framesBinding: string
}

export function createHarness({ wsBase, tag, framesBinding }: HarnessOptions): Harness & { trace: unknown[] } {
  const trace: unknown[] = []
  const start = performance.now()
  let unhandled = 0

  function describe(value: unknown, depth = 0): unknown {
    if (value === undefined) return 'undefined'
    if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value
    if (typeof value === 'bigint' || typeof value === 'symbol') return String(value)
    if (typeof value === 'function') return { function: value.name, length: value.length }
    const object = value as Record<string, unknown>
    const className = Object.getPrototypeOf(object)?.constructor?.name ?? null
    if (value instanceof DOMException || value instanceof Error) {
      const described: Record<string, unknown> = { error: className, name: object.name, message: object.message }
      if ('closeCode' in object) described.closeCode = object.closeCode
      if ('reason' in object) described.reason = object.reason
      return described
    }
    // Bytes by length and first 16 bytes: enough to tell messages apart, small enough to diff.
    if (value instanceof ArrayBuffer) return { ArrayBuffer: value.byteLength, head: [...new Uint8Array(value, 0, Math.min(16, value.byteLength))] }
    if (ArrayBuffer.isView(value))
      return { [className ?? 'view']: value.byteLength, head: [...new Uint8Array(value.buffer, value.byteOffset, Math.min(16, value.byteLength))] }
    if (depth > 1 || value instanceof ReadableStream || value instanceof WritableStream || value instanceof Blob) return { object: className }
    const entries: Record<string, unknown> = {}
    for (const key of Object.keys(object)) entries[key] = describe(object[key], depth + 1)
    return { object: className, keys: Object.keys(object), entries }
  }

  addEventListener('unhandledrejection', (event) => {
    unhandled++
    trace.push(['unhandledrejection', describe(event.reason)])
  })

  const harness = {
    trace,
    url(pathAndQuery: string, racy?: 'handshake-race') {
      return `${wsBase}${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}tag=${tag}${racy ? `&${racy}` : ''}`
    },
    log(...values: unknown[]) {
      trace.push(values.length === 1 ? values[0] : values)
    },
    describe: (value: unknown) => describe(value),
    settle(label: string, promise: Promise<unknown>) {
      return promise.then(
        (value) => {
          trace.push([label, 'fulfilled', describe(value)])
          return value
        },
        (error: unknown) => {
          trace.push([label, 'rejected', describe(error)])
          return error
        },
      )
    },
    elapsed: () => performance.now() - start,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    framesReceived: () => (globalThis as unknown as Record<string, () => Promise<number>>)[framesBinding]!(),
    async serverLogged(event: string, path: string, count = 1) {
      const logUrl = `${wsBase.replace(/^ws/, 'http')}/log`
      for (;;) {
        const { entries } = (await (await fetch(logUrl)).json()) as { entries: Array<{ event: string; url?: string; connection: number }> }
        // Only a connection's open (or rejection) carries its url; its later entries, its number.
        const ours = new Set(entries.filter((e) => e.url?.startsWith(path) && e.url.includes(`tag=${tag}`)).map((e) => e.connection))
        const seen = entries.filter((e) => e.event === event && ours.has(e.connection)).length
        if (seen >= count) return
        await new Promise<void>((resolve) => setTimeout(resolve, 20))
      }
    },
    unhandled: () => unhandled,
    recordSocket(socket: WebSocket, label = '') {
      const seen = (event: Event) => {
        const e = event as Partial<MessageEvent & CloseEvent>
        return {
          type: event.type,
          trusted: event.isTrusted,
          phase: event.eventPhase,
          readyState: socket.readyState,
          ...('data' in event ? { data: describe(e.data), lastEventId: e.lastEventId } : {}),
          ...('code' in event ? { code: e.code, reason: e.reason, wasClean: e.wasClean } : {}),
        }
      }
      for (const type of ['open', 'message', 'error', 'close']) socket.addEventListener(type, (event) => trace.push([`${label}listener`, seen(event)]))
      socket.onopen = (event) => trace.push([`${label}onopen`, event.type])
      socket.onmessage = (event) => trace.push([`${label}onmessage`, event.type])
      socket.onerror = (event) => trace.push([`${label}onerror`, event.type])
      socket.onclose = (event) => trace.push([`${label}onclose`, event.type])
    },
    socketClosed: (socket: WebSocket) => new Promise((resolve) => socket.addEventListener('close', resolve)),
    watchStream(stream: WebSocketStream, read = true): Promise<unknown> {
      const opened = harness.settle('opened', stream.opened)
      const closed = harness.settle('closed', stream.closed)
      const streams = stream.opened.then(
        async ({ readable, writable }) => {
          const reader = readable.getReader()
          const writer = writable.getWriter()
          const pending = read ? harness.settle('pending read', reader.read()) : null
          const settled = await Promise.all([harness.settle('reader.closed', reader.closed), harness.settle('writer.closed', writer.closed), pending])
          const error = await stream.closed.catch((e: unknown) => e)
          trace.push(['same objects as closed', settled.map((v) => v === error)])
        },
        () => {},
      )
      return Promise.all([opened, closed, streams])
    },
  }
  return harness
}
