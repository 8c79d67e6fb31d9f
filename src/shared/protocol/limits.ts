// Bounds on what crosses a context boundary. Plain numbers, so the page script can clip to them
// (src/content/page/recorder.ts) without taking the validators into its bundle.

/** Bytes of one payload we keep; the full size is always recorded in `size`. */
export const PAYLOAD_CAP_BYTES = 1024 * 1024
/** The longest page-chosen string (url, reason, stack, error) an event may carry. */
export const MAX_STRING = 64 * 1024
export const MAX_EVENTS_PER_BATCH = 10_000
export const MAX_PROTOCOLS = 64
export const MAX_PROTOCOL_LENGTH = 1024
