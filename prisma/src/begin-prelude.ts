import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Settings a transaction needs before its first statement, sent in the same round trip as its
 * BEGIN: `beginPrelude.run({ sql, sent: false }, () => prisma.$transaction(…))`. On PostgreSQL
 * the pool's connections send such a BEGIN as one simple-protocol message of two statements
 * (`BEGIN; SELECT set_config(…)`), each started and timed by PostgreSQL on its own, so a
 * statement_timeout set there bounds the transaction's next statement exactly as a statement
 * of its own would. `sent` says whether it went; where it did not (PGlite, or a transaction
 * begun outside this context), the caller sends `sql` itself. `sql` takes no parameters: it
 * must be built from constants only.
 */
export type BeginPrelude = { sql: string; sent: boolean };
export const beginPrelude = new AsyncLocalStorage<BeginPrelude>();
