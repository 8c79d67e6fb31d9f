// Once per e2e run: the loopback proxy every browser of the run is pointed at (drivers/loopback-proxy.ts).
// The launchers find it through the environment, which the test workers inherit. At the end it lists what
// it refused: nothing left the machine, but a browser asked.
import { describeRefusals, PROXY_ENV, startLoopbackProxy } from '../drivers/loopback-proxy.ts'

export default async function setup() {
  const proxy = await startLoopbackProxy()
  process.env[PROXY_ENV] = proxy.address
  return async () => {
    await proxy.close()
    if (proxy.refused.size > 0)
      console.error(`The browsers of this run asked for hosts off loopback, refused by the test proxy: ${describeRefusals(proxy.refused)}`)
  }
}
