import { defineConfig } from 'vitest/config'

export default defineConfig({
  define: { __WSS_TEST_FAULTS__: 'false' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'playground/**/*.test.ts', 'build/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['./vitest.setup.ts'],
  },
})
