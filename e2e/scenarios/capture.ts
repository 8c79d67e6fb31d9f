import type { Scenario } from './harness.ts'

/**
 * Scenarios that produce every event kind the panel shows, once each API. They run differentially like
 * the others; the test then reads what the background holds for the instrumented tab. Each logs the
 * URLs it passed, so the test can find its connections.
 */
declare const WebSocketError: {
  new (message?: string, init?: { closeCode?: number; reason?: string }): DOMException
}

export const everyWebSocketStreamEvent: Scenario = async (h) => {
  const url = (path: string, racy?: 'handshake-race') => {
    const u = h.url(path, racy)
    h.log('url', path, u)
    return u
  }
  const main = new WebSocketStream(url('/protocol'), { protocols: ['chat'] })
  const { readable, writable } = await main.opened
  const writer = writable.getWriter()
  const reader = readable.getReader()
  await writer.write('text')
  await writer.write(new Uint8Array([1, 2, 3]))
  await reader.read()
  await reader.read()
  try {
    main.close({ closeCode: 999 })
  } catch (error) {
    h.log('close(999) threw', h.describe(error))
  }
  await writer.close()
  await h.settle('main closed', main.closed)

  const deflate = new WebSocketStream(url('/deflate-echo'))
  await deflate.opened
  deflate.close({ closeCode: 4000, reason: 'bye' })
  await h.settle('deflate closed', deflate.closed)

  const aborted = new WebSocketStream(url('/echo?case=abort'))
  await h.settle('abort', (await aborted.opened).writable.abort(new WebSocketError('stop', { closeCode: 4002, reason: 'aborted' })))
  await h.settle('aborted closed', aborted.closed)

  const cancelled = new WebSocketStream(url('/echo?case=cancel'))
  await h.settle('cancel', (await cancelled.opened).readable.cancel(new WebSocketError('stop', { closeCode: 4001, reason: 'cancelled' })))
  await h.settle('cancelled closed', cancelled.closed)

  const controller = new AbortController()
  const signalled = new WebSocketStream(url('/echo?case=signal', 'handshake-race'), { signal: controller.signal })
  controller.abort()
  await h.settle('signalled closed', signalled.closed)

  const rejected = new WebSocketStream(url('/reject?status=403'))
  await h.settle('rejected opened', rejected.opened)
  await h.settle('rejected closed', rejected.closed)

  const serverClosed = new WebSocketStream(url('/close?code=4003&reason=server&after=50'))
  await h.settle('server closed', serverClosed.closed)

  const dropped = new WebSocketStream(url('/drop?after=50'))
  await h.settle('dropped closed', dropped.closed)
}

export const everyWebSocketEvent: Scenario = async (h) => {
  const url = (path: string) => {
    const u = h.url(path)
    h.log('url', path, u)
    return u
  }
  const socket = new WebSocket(url('/protocol'), ['chat'])
  const received: unknown[] = []
  socket.addEventListener('message', (e) => received.push(h.describe(e.data)))
  await new Promise((resolve) => socket.addEventListener('open', resolve))
  socket.send('text')
  socket.send(new Uint8Array([1, 2, 3]).buffer)
  socket.send(new Blob([new Uint8Array([4, 5])]))
  while (received.length < 3) await h.sleep(20)
  socket.binaryType = 'arraybuffer'
  socket.send(new Uint8Array([6]))
  while (received.length < 4) await h.sleep(20)
  h.log('received', received)
  try {
    socket.close(999)
  } catch (error) {
    h.log('close(999) threw', h.describe(error))
  }
  socket.close(4000, 'bye')
  await h.socketClosed(socket)

  const rejected = new WebSocket(url('/reject?status=403'))
  h.recordSocket(rejected)
  await h.socketClosed(rejected)
}
