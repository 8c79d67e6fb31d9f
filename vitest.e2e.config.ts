import { defineConfig } from 'vitest/config'

// End-to-end tests drive real browsers: one file at a time keeps us within two browsers on 2 cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
})
