// `npm run playground [-- --port N]`: serves the playground until Ctrl+C.
import { parseArgs } from 'node:util'
import { startPlayground } from './server.ts'

const DEFAULT_PORT = 8686

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const rawPort = values.port ?? process.env.PLAYGROUND_PORT ?? String(DEFAULT_PORT)
const port = Number(rawPort)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${rawPort}`)
  process.exit(2)
}

const playground = await startPlayground({ port }).catch((error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use; try --port N` : error)
  process.exit(1)
})
console.log(`WebSocket playground: ${playground.url}`)

let stopping = false
async function stop(signal: NodeJS.Signals): Promise<void> {
  // A second Ctrl+C means "now", even if some connection is slow to go away.
  if (stopping) process.exit(130)
  stopping = true
  console.log(`\n${signal}: stopping the playground`)
  await playground.close()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
