/**
 * How long a test waits for something it caused before it fails. A bound, not a pace: every wait polls for
 * the event itself, so a passing wait costs only as long as the event takes, and this is generous enough
 * for a 2-core machine shared with another browser job.
 */
export const EVENT_TIMEOUT_MS = 20_000

/** Polls `check` until it returns something other than undefined, null or false, and returns that. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = EVENT_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false) return value
      lastError = undefined
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Rejects with `message` if `promise` has not settled within `ms`: for calls that can hang, not for waits. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
