// The measured page of bench section 1 (bench/overhead.ts). Nothing is attached to it: it asks the bench
// for its plan (held until the configuration is set up), runs the echo loops itself and posts the times.
const params = new URLSearchParams(location.search)
const run = params.get('run')
const wsUrl = params.get('ws')
const report = (body) => fetch(`/result?run=${run}`, { method: 'POST', body: JSON.stringify(body) })

const WORDS = ['alpha', 'bravo', 'delta', 'echo', 'kilo', 'lima', 'oscar', 'sierra', 'tango', 'zulu', 'true', 'false', 'null']

/**
 * Distinct JSON-like texts of exactly `size` bytes (ASCII): random words and numbers, neither
 * compressible like 'x'.repeat(n) nor base64-looking.
 */
function payloads(size, n = 64) {
  const pick = (k) => Math.floor(Math.random() * k)
  return Array.from({ length: n }, (_, seq) => {
    let text = `{"seq":${seq},"items":[`
    while (text.length < size) text += pick(3) ? `"${WORDS[pick(WORDS.length)]}",` : `${pick(100000)},`
    return `${text.slice(0, size - 2)}]}`
  })
}

/** `count` echoes with at most `outstanding` in flight; ms from the first send to the last echo. */
async function echoStream({ size, count, outstanding }) {
  const pool = payloads(size)
  const stream = new WebSocketStream(wsUrl)
  const { readable, writable } = await stream.opened
  const writer = writable.getWriter()
  const reader = readable.getReader()
  const start = performance.now()
  let sent = Math.min(outstanding, count)
  for (let i = 0; i < sent; i++) void writer.write(pool[i % pool.length])
  for (let received = 0; received < count; received++) {
    const { value } = await reader.read()
    if (value.length !== size) throw new Error(`echo of ${value.length} characters, expected ${size}`)
    if (sent < count) void writer.write(pool[sent++ % pool.length])
  }
  const ms = performance.now() - start
  stream.close()
  await stream.closed
  return ms
}

async function echoSocket({ size, count, outstanding }) {
  const pool = payloads(size)
  const socket = new WebSocket(wsUrl)
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true })
    socket.addEventListener('error', () => reject(new Error(`could not open ${wsUrl}`)), { once: true })
  })
  let sent = Math.min(outstanding, count)
  let received = 0
  const start = performance.now()
  const done = new Promise((resolve, reject) => {
    socket.addEventListener('message', ({ data }) => {
      if (data.length !== size) reject(new Error(`echo of ${data.length} characters, expected ${size}`))
      if (sent < count) socket.send(pool[sent++ % pool.length])
      if (++received === count) resolve()
    })
  })
  for (let i = 0; i < sent; i++) socket.send(pool[i])
  await done
  const ms = performance.now() - start
  const closed = new Promise((resolve) => socket.addEventListener('close', resolve, { once: true }))
  socket.close()
  await closed
  return ms
}

try {
  const tasks = await (await fetch(`/plan?run=${run}`)).json()
  const results = []
  for (const task of tasks) {
    const ms = await (task.api === 'WebSocketStream' ? echoStream : echoSocket)(task)
    results.push({ ...task, ms, visibility: document.visibilityState })
  }
  await report({ results })
} catch (error) {
  await report({ error: String(error?.stack ?? error) })
}
