// Every request Chromium makes, told apart by who asked: a web page, or the extension (its service worker,
// its pages, the panel in DevTools). Playwright sees the tabs' requests; the service worker and the panel's
// iframe inside DevTools only show to CDP, attached to each as soon as DevTools lists it.
import type { BrowserContext, Page } from 'playwright-core'
import type { RequestRecord, RequestRecording } from './browser.ts'
import type { Cdp, TargetInfo } from './cdp.ts'

export async function recordRequests(context: BrowserContext, cdp: Cdp, extensionId: string): Promise<RequestRecording> {
  const own = `chrome-extension://${extensionId}/`
  const records: RequestRecord[] = []
  let recording = true
  const record = (url: string, byExtension: boolean) => recording && records.push({ url, byExtension })
  const fromTab = (page: Page | null) => (url: string) => record(url, page?.url().startsWith(own) ?? false)

  const onRequest = (request: { url(): string; frame(): { page(): Page } }) => {
    let page: Page | null = null
    try {
      page = request.frame().page()
    } catch {
      // A service worker's request has no frame: the CDP sessions below record those.
      return
    }
    fromTab(page)(request.url())
  }
  const watched = new WeakSet<Page>()
  const watchSockets = (page: Page) => {
    if (watched.has(page)) return
    watched.add(page)
    page.on('websocket', (ws) => fromTab(page)(ws.url()))
  }
  context.on('request', onRequest)
  context.on('page', watchSockets)
  for (const page of context.pages()) watchSockets(page)

  const sessions = new Map<string, string>()
  const attach = async (target: TargetInfo) => {
    if (!['service_worker', 'iframe'].includes(target.type) || !target.url.startsWith(own) || sessions.has(target.targetId)) return
    sessions.set(target.targetId, '')
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: target.targetId, flatten: true })
    sessions.set(target.targetId, sessionId)
    await cdp.send('Network.enable', {}, sessionId)
  }
  const stopListening = cdp.on((method, params, sessionId) => {
    if (method === 'Target.targetCreated' || method === 'Target.targetInfoChanged') void attach(params.targetInfo as TargetInfo).catch(() => {})
    else if (sessionId && [...sessions.values()].includes(sessionId)) {
      if (method === 'Network.requestWillBeSent') record((params.request as { url: string }).url, true)
      else if (method === 'Network.webSocketCreated') record(params.url as string, true)
    }
  })
  await cdp.send('Target.setDiscoverTargets', { discover: true })
  for (const target of (await cdp.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos) await attach(target)

  return {
    async stop() {
      recording = false
      stopListening()
      context.off('request', onRequest)
      context.off('page', watchSockets)
      // A tab's WebSocket listener stays on it, muted.
      await cdp.send('Target.setDiscoverTargets', { discover: false })
      for (const sessionId of sessions.values()) if (sessionId) await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {})
      return records
    },
  }
}
