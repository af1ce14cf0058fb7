import { describe, expect, it } from 'vitest';
import { databaseFailure } from '@opora/server/errors.ts';

// PgBouncer answers with errors of its own while it cannot reach PostgreSQL (a failover, a
// restart of the database): they mean "the database is away, try again", not a fault of the
// server, so the client gets SERVICE_UNAVAILABLE (retryable) rather than INTERNAL_SERVER_ERROR.
// The messages are the ones `pnpm test:topology` met when the standby was promoted, as Prisma
// (driver adapter pg) wraps them.
const prismaWrapped = (code: string, message: string) => {
  const error = new Error(`Database error. Code: \`${code}\`. Message: \`${message}\``) as Error & { code: string };
  error.name = 'PrismaClientKnownRequestError';
  error.code = 'P2010';
  return error;
};

describe('PgBouncer refusals are the database being away', () => {
  it.each([
    ['08P01', 'server login has been failing, try again later (server_login_retry)'],
    ['08P01', 'pgbouncer cannot connect to server'],
    ['08P01', 'no more connections allowed (max_client_conn)'],
    ['08P01', 'query_wait_timeout'],
    ['08P01', 'server conn crashed?'],
  ])('%s %s → unavailable', (code, message) => {
    expect(databaseFailure(prismaWrapped(code, message))).toBe('unavailable');
    expect(databaseFailure(new Error('outer', { cause: prismaWrapped(code, message) }))).toBe('unavailable');
  });

  it('another protocol error stays a fault', () => {
    expect(databaseFailure(prismaWrapped('08P01', 'invalid message format'))).toBeNull();
  });
});
