// The one vocabulary of every message that crosses a context boundary. Each kind is declared once, as a
// shape (shape.ts) whose type is inferred from it: events.ts (what the page records, and the tab log's
// entries), commands.ts (the close lab's commands), envelopes.ts (each hop's messages), columns.ts (the
// message-column codec), limits.ts (bounds the page clips to).
export * from './columns.ts'
export * from './commands.ts'
export * from './envelopes.ts'
export * from './events.ts'
export * from './limits.ts'
export type { Infer, Shape } from './shape.ts'
