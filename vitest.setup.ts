import { cleanup } from '@testing-library/preact'
import { afterEach } from 'vitest'

// @testing-library/preact does not clean up on its own.
afterEach(cleanup)
