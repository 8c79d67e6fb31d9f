import { describe, expectTypeOf, it } from 'vitest'
import type { RowField } from './columns.ts'
import type { MessagePageEvent } from './events.ts'

describe('message columns', () => {
  it('have a place for every field of the message shape', () => {
    // A field added to the message shape fails this until the codec carries it (see RowField).
    expectTypeOf<keyof MessagePageEvent>().toEqualTypeOf<RowField>()
  })
})
