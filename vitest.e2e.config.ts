import { defineConfig } from 'vitest/config'

// End-to-end tests drive real browsers: one file at a time keeps us within two browsers on 2 cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // Starts the proxy that keeps every browser of the run on loopback and lists what it refused.
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    // Bounds, not paces (every wait polls for its event): generous enough for a 2-core machine shared with
    // another job, where one differential scenario alone may take most of a minute.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
})
