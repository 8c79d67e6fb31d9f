// WebSocketStream is not in TypeScript's DOM library yet. Declared from the shape Chromium ships
// (see docs/websocketstream.md); tests and the playground use it, the instrumentation
// treats it as unknown because Firefox does not have it.

interface WebSocketOpenInfo {
  extensions: string
  protocol: string
  readable: ReadableStream<string | ArrayBuffer>
  writable: WritableStream<string | BufferSource>
}

interface WebSocketCloseInfo {
  closeCode?: number
  reason?: string
}

interface WebSocketStreamOptions {
  protocols?: string[]
  signal?: AbortSignal
}

declare class WebSocketStream {
  constructor(url: string, options?: WebSocketStreamOptions)
  readonly url: string
  readonly opened: Promise<WebSocketOpenInfo>
  readonly closed: Promise<Required<WebSocketCloseInfo>>
  close(closeInfo?: WebSocketCloseInfo): void
}

declare class WebSocketError extends DOMException {
  constructor(message?: string, init?: WebSocketCloseInfo)
  readonly closeCode: number | null
  readonly reason: string
}
