// The playground page. A module script, so nothing leaks into the page's globals, and no WebSocket is
// opened until the person clicks Connect: end-to-end tests drive their own sockets on this page.

const LOG_LINES = 1000
const hasStream = typeof WebSocketStream === 'function'

const after = { name: 'after', label: 'After (ms)', type: 'number', value: '0' }
const onMessage = { name: 'onmessage', label: 'On the first message instead', type: 'checkbox' }
const SCENARIOS = {
  echo: { help: 'Echoes text as text and binary as binary.', params: [] },
  close: {
    help: 'The server sends a Close frame. An empty code sends an empty Close frame.',
    params: [
      { name: 'code', label: 'Server close code', type: 'number', value: '4000' },
      { name: 'reason', label: 'Server close reason', value: 'bye' },
      after,
      onMessage,
    ],
  },
  drop: { help: 'The server drops the connection without a Close frame.', params: [after, onMessage] },
  reject: { help: 'The handshake fails with this HTTP status.', params: [{ name: 'status', label: 'HTTP status', type: 'number', value: '403' }] },
  slow: {
    help: 'The server stops reading for a while, so sends hit backpressure; then it reads everything.',
    params: [{ name: 'pauseMs', label: 'Pause (ms)', type: 'number', value: '2000' }],
  },
  flood: {
    help: 'The server sends n messages as fast as the connection takes them. Text messages start with their index.',
    params: [
      { name: 'n', label: 'Messages', type: 'number', value: '1000' },
      { name: 'size', label: 'Size (bytes)', type: 'number', value: '64' },
      { name: 'binary', label: 'Binary', type: 'checkbox' },
    ],
  },
  'silent-close': { help: 'Echoes, but never answers a Close frame, so a close can only end uncleanly.', params: [] },
  protocol: { help: 'Accepts the first offered subprotocol and echoes. The other scenarios accept none.', params: [] },
  'deflate-echo': { help: 'Echoes with permessage-deflate negotiated.', params: [] },
}

const $ = (id) => document.getElementById(id)
const ui = {
  form: $('connect-form'),
  api: $('api'),
  scenario: $('scenario'),
  help: $('scenario-help'),
  params: $('params'),
  protocols: $('protocols'),
  url: $('url'),
  current: $('current'),
  text: $('text'),
  hex: $('hex'),
  closeCode: $('close-code'),
  closeReason: $('close-reason'),
  streamControls: $('stream-controls'),
  clientLog: $('client-log'),
  serverLog: $('server-log'),
  serverLogState: $('server-log-state'),
}

let nextId = 1
/** The connection the Send and Close controls act on; earlier ones keep running and logging. */
let current = null

// ---- Connect form ----

if (!hasStream) {
  const option = ui.api.querySelector('option[value="WebSocketStream"]')
  option.disabled = true
  option.textContent = 'WebSocketStream (not in this browser)'
  ui.api.value = 'WebSocket'
}

for (const name of Object.keys(SCENARIOS)) ui.scenario.append(new Option(name, name))

function renderParams() {
  const { help, params } = SCENARIOS[ui.scenario.value]
  ui.help.textContent = help
  ui.params.replaceChildren(ui.params.querySelector('legend'))
  ui.params.hidden = params.length === 0
  for (const param of params) {
    const label = document.createElement('label')
    const input = document.createElement('input')
    input.name = param.name
    input.type = param.type ?? 'text'
    if (param.value !== undefined) input.value = param.value
    label.append(param.label, ' ', input)
    ui.params.append(label)
  }
  renderUrl()
}

function scenarioUrl() {
  const url = new URL(`/${ui.scenario.value}`, location.href)
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  for (const input of ui.params.querySelectorAll('input')) {
    if (input.type === 'checkbox') {
      if (input.checked) url.searchParams.set(input.name, '1')
    } else if (input.value !== '') {
      url.searchParams.set(input.name, input.value)
    }
  }
  return url.href
}

function renderUrl() {
  ui.url.textContent = scenarioUrl()
}

ui.scenario.addEventListener('change', renderParams)
ui.params.addEventListener('input', renderUrl)
ui.form.addEventListener('submit', (event) => {
  event.preventDefault()
  const protocols = ui.protocols.value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  connect(ui.api.value, scenarioUrl(), protocols)
})
renderParams()

// ---- Connections ----

function connect(api, url, protocols) {
  const id = nextId++
  const note = (text) => appendLine(ui.clientLog, `#${id} ${text}`)
  note(`new ${api}(${url}${protocols.length ? `, ${JSON.stringify(protocols)}` : ''})`)
  try {
    const controls = api === 'WebSocketStream' ? openStream(url, protocols, note) : openSocket(url, protocols, note)
    current = { note, ...controls }
  } catch (error) {
    note(`constructor threw ${describeError(error)}`)
    return
  }
  ui.current.textContent = `(#${id}, ${api})`
  ui.streamControls.hidden = api !== 'WebSocketStream'
}

function openSocket(url, protocols, note) {
  const ws = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url)
  ws.binaryType = 'arraybuffer'
  ws.addEventListener('open', () => note(`open protocol=${JSON.stringify(ws.protocol)} extensions=${JSON.stringify(ws.extensions)}`))
  ws.addEventListener('message', (event) => note(`received ${describeData(event.data)}`))
  ws.addEventListener('error', () => note('error event'))
  ws.addEventListener('close', (event) => note(`close event code=${event.code} reason=${JSON.stringify(event.reason)} wasClean=${event.wasClean}`))
  return {
    send: (data) => call(note, `send(${describeData(data)})`, () => ws.send(data)),
    close: (code, reason) => call(note, `close(${code}, ${JSON.stringify(reason)})`, () => ws.close(code, reason)),
    closePlain: () => call(note, 'close()', () => ws.close()),
  }
}

function openStream(url, protocols, note) {
  const wss = new WebSocketStream(url, protocols.length ? { protocols } : undefined)
  let writer
  let reader
  wss.opened.then(
    ({ extensions, protocol, readable, writable }) => {
      note(`opened protocol=${JSON.stringify(protocol)} extensions=${JSON.stringify(extensions)}`)
      writer = writable.getWriter()
      reader = readable.getReader()
      readLoop(reader, note)
    },
    (error) => note(`opened rejected ${describeError(error)}`),
  )
  wss.closed.then(
    ({ closeCode, reason }) => note(`closed resolved closeCode=${closeCode} reason=${JSON.stringify(reason)}`),
    (error) => note(`closed rejected ${describeError(error)}`),
  )
  /** Writer and reader exist only once opened has resolved. */
  const whenOpen = (label, action) => (writer ? call(note, label, action) : note(`${label}: not open yet`))
  const closeInit = (code, reason) => (code === undefined ? { reason } : { closeCode: code, reason })
  /** writer.abort() or reader.cancel() with a WebSocketError, whose code and reason go into the Close frame. */
  const failWith = (method, code, reason) => {
    const init = closeInit(code, reason)
    whenOpen(`${method}(new WebSocketError(…, ${JSON.stringify(init)}))`, () => {
      const error = new WebSocketError('from the playground', init)
      return method === 'writer.abort' ? writer.abort(error) : reader.cancel(error)
    })
  }
  return {
    send: (data) => whenOpen(`writer.write(${describeData(data)})`, () => writer.write(data)),
    close: (code, reason) => {
      const options = closeInit(code, reason)
      call(note, `close(${JSON.stringify(options)})`, () => wss.close(options))
    },
    closePlain: () => call(note, 'close()', () => wss.close()),
    writerClose: () => whenOpen('writer.close()', () => writer.close()),
    writerAbort: (code, reason) => failWith('writer.abort', code, reason),
    readerCancel: (code, reason) => failWith('reader.cancel', code, reason),
  }
}

async function readLoop(reader, note) {
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      note(`received ${describeData(value)}`)
    }
    note('readable done')
  } catch (error) {
    note(`readable errored ${describeError(error)}`)
  }
}

/** Runs an API call, logging a synchronous throw or how its promise settles. */
function call(note, label, action) {
  let result
  try {
    result = action()
  } catch (error) {
    note(`${label} threw ${describeError(error)}`)
    return
  }
  if (typeof result?.then === 'function') {
    note(`${label} pending`)
    result.then(
      () => note(`${label} resolved`),
      (error) => note(`${label} rejected ${describeError(error)}`),
    )
  } else {
    note(label)
  }
}

// ---- Send and close controls ----

function withCurrent(action) {
  return () => {
    if (current) action(current)
    else appendLine(ui.clientLog, 'Not connected: press Connect first')
  }
}

function closeInputs() {
  const code = ui.closeCode.value.trim()
  return [code === '' ? undefined : Number(code), ui.closeReason.value]
}

$('send-text').addEventListener(
  'click',
  withCurrent((c) => c.send(ui.text.value)),
)
$('send-binary').addEventListener(
  'click',
  withCurrent((c) => {
    const bytes = parseHex(ui.hex.value)
    if (bytes) c.send(bytes)
    else c.note('binary message: the hex field needs pairs of hex digits, e.g. "00 ff"')
  }),
)
$('close-with').addEventListener(
  'click',
  withCurrent((c) => c.close(...closeInputs())),
)
$('close-plain').addEventListener(
  'click',
  withCurrent((c) => c.closePlain()),
)
$('writer-close').addEventListener(
  'click',
  withCurrent((c) => c.writerClose?.()),
)
$('writer-abort').addEventListener(
  'click',
  withCurrent((c) => c.writerAbort?.(...closeInputs())),
)
$('reader-cancel').addEventListener(
  'click',
  withCurrent((c) => c.readerCancel?.(...closeInputs())),
)
$('clear-client-log').addEventListener('click', () => ui.clientLog.replaceChildren())

function parseHex(text) {
  const digits = text.replace(/\s+/g, '')
  if (!/^(?:[0-9a-f]{2})*$/i.test(digits)) return null
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

// ---- Server log, live ----

const serverEvents = new EventSource('/log/stream')
serverEvents.addEventListener('open', () => (ui.serverLogState.textContent = '(live)'))
serverEvents.addEventListener('error', () => (ui.serverLogState.textContent = '(reconnecting…)'))
serverEvents.addEventListener('reset', () => ui.serverLog.replaceChildren())
serverEvents.addEventListener('message', (event) => {
  const entry = JSON.parse(event.data)
  appendLine(ui.serverLog, describeServerEntry(entry), entry.time)
})
$('clear-server-log').addEventListener('click', () => fetch('/log/clear', { method: 'POST' }))

function describeServerEntry(e) {
  const head = `#${e.connection} ${e.scenario} ${e.event}`
  switch (e.event) {
    case 'open':
      return `${head} ${e.url} offered=${JSON.stringify(e.protocols)} protocol=${JSON.stringify(e.protocol)} extensions=${JSON.stringify(e.extensions)}`
    case 'rejected':
      return `${head} ${e.url} status=${e.status} ${e.error}`
    case 'message':
      return e.binary ? `${head} binary ${e.size} bytes ${e.hex}` : `${head} text ${e.size} bytes ${JSON.stringify(e.text)}`
    case 'close':
      return `${head} code=${e.code} reason=${JSON.stringify(e.reason)} wasClean=${e.wasClean}`
    default:
      return `${head} ${e.error ?? ''}`
  }
}

// ---- Rendering ----

/** All data goes in through textContent, never as markup. */
function appendLine(list, text, time = Date.now()) {
  const item = document.createElement('li')
  const stamp = document.createElement('time')
  stamp.textContent = new Date(time).toISOString().slice(11, 23)
  item.append(stamp, ' ', text)
  list.append(item)
  while (list.childElementCount > LOG_LINES) list.firstElementChild.remove()
  list.scrollTop = list.scrollHeight
}

function describeData(data) {
  if (typeof data === 'string') {
    const shown = data.length > 200 ? `${data.slice(0, 200)}…` : data
    return `text ${JSON.stringify(shown)} (${data.length} chars)`
  }
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
  const hex = Array.from(bytes.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ')
  return `binary ${bytes.length} bytes [${hex}${bytes.length > 32 ? ' …' : ''}]`
}

function describeError(error) {
  if (!(error instanceof Error)) return String(error) // DOMException and WebSocketError included
  const close = 'closeCode' in error ? ` closeCode=${error.closeCode} reason=${JSON.stringify(error.reason)}` : ''
  return `${error.name}: ${error.message}${close}`
}
