import WebSocket from 'ws'

/**
 * A minimal Chrome DevTools Protocol client over the browser's WebSocket endpoint, with flat sessions.
 * Playwright cannot see the DevTools front-end or the panel's out-of-process iframe; this can.
 */
export class Cdp {
  private nextId = 0
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>()
  private listeners = new Set<(method: string, params: Record<string, unknown>, sessionId?: string) => void>()

  private constructor(private socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number
        result?: unknown
        error?: { message: string }
        method?: string
        params?: Record<string, unknown>
        sessionId?: string
      }
      if (message.id !== undefined) {
        const call = this.pending.get(message.id)
        this.pending.delete(message.id)
        if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`))
        else call?.resolve(message.result)
      } else if (message.method) for (const listener of this.listeners) listener(message.method, message.params ?? {}, message.sessionId)
    })
    socket.on('close', () => {
      for (const call of this.pending.values()) call.reject(new Error(`${call.method}: CDP connection closed`))
      this.pending.clear()
    })
  }

  static async connect(url: string): Promise<Cdp> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new Cdp(socket)
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.nextId
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method })
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }))
    })
  }

  on(listener: (method: string, params: Record<string, unknown>, sessionId?: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Evaluates an expression in a session and returns its value (awaiting promises). */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const result = await this.send<{ result: { value?: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      sessionId,
    )
    if (result.exceptionDetails)
      throw new Error(`evaluate failed: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}\n${expression}`)
    return result.result.value as T
  }

  close(): void {
    this.socket.close()
  }
}

export interface TargetInfo {
  targetId: string
  type: string
  url: string
  title: string
  parentId?: string
}
