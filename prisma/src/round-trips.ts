import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fewer round trips per request on PostgreSQL (issue #21): work that must happen at a
 * transaction's start or end rides on the BEGIN and COMMIT the transaction sends anyway, as one
 * simple-protocol message of several statements. PostgreSQL (13 and later) starts, times and
 * checks permissions for each statement of such a message on its own, so a statement_timeout or
 * a role set in one statement holds for the next exactly as if each were a message of its own.
 *
 * The pool's connections do the sending (adapters.ts, `withRoundTrips`); PGlite (no round trip
 * to save) and a transaction with an isolation level (`SET TRANSACTION` must come first) do not,
 * and then `sent` stays false and the caller runs its statements itself.
 *
 * Simple-protocol messages take no parameters: everything in them is built from constants or
 * from values quoted by `sqlLiteral` (never a client's text pasted in).
 */
export type RoundTrips = {
  /** Statements sent after BEGIN, in its message (constants and `sqlLiteral` values only). */
  prelude: string;
  /** Whether the prelude went with BEGIN (on PostgreSQL through the pool's connections). */
  sent: boolean;
  /** The connection that sent it: the epilogue rides only on that connection's COMMIT. */
  connection?: object;
  /** Statements to send in COMMIT's message, before COMMIT (set by `deferToCommit`). */
  epilogue?: string[];
  /** COMMIT or ROLLBACK went: nothing more may be deferred. */
  ended?: boolean;
};

export const roundTrips = new AsyncLocalStorage<RoundTrips>();

// A transaction client → its round trips, so a deferred statement joins the right COMMIT even
// when another transaction (the replica's) is open in the same request.
const byTransaction = new WeakMap<object, RoundTrips>();

export function bindRoundTrips(tx: object, trips: RoundTrips): void {
  byTransaction.set(tx, trips);
}

/**
 * Sends `sql` in the same message as this transaction's COMMIT, before it, when the
 * transaction's BEGIN went through a connection that can (true); otherwise does nothing and
 * answers false, and the caller runs the statement itself. A failed epilogue fails the commit:
 * the transaction rolls back whole, as if the statement had failed on its own.
 */
export function deferToCommit(tx: object, sql: string): boolean {
  const trips = byTransaction.get(tx);
  if (!trips?.sent || !trips.connection || trips.ended) return false;
  (trips.epilogue ??= []).push(sql);
  return true;
}

/**
 * A value as an SQL literal, for the statements above: NULL, a safe integer, or a string quoted
 * the way PostgreSQL reads it whatever `standard_conforming_strings` says (pg's escapeLiteral).
 * A string with a NUL byte, which PostgreSQL text cannot hold and which would cut the message
 * short, is refused: the caller sends that statement with parameters instead.
 */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('sqlLiteral: not a safe integer');
    return String(value);
  }
  if (value.includes('\0')) throw new TypeError('sqlLiteral: NUL in text');
  let quoted = "'";
  let backslash = false;
  for (const c of value) {
    if (c === "'") quoted += "''";
    else if (c === '\\') {
      quoted += '\\\\';
      backslash = true;
    } else quoted += c;
  }
  quoted += "'";
  return backslash ? `E${quoted}` : quoted;
}
