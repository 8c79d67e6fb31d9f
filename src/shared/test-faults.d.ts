/**
 * True only in the fault-injection build (`vite build --mode chrome-faults`, output dist/chrome-faults),
 * where every guarded step of the instrumentation throws on purpose; false everywhere else, so the
 * minifier removes each use from the shipped bundles.
 */
declare const __WSS_TEST_FAULTS__: boolean
