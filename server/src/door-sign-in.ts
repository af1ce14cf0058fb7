// How the signed-in download doors (/reports, /documents, /files, /audit) sign a request in, as
// /graphql does: the bearer token, or the session cookie together with a header no cross-site link
// or form can send (browser-security.ts); then each step runs in one transaction as the viewer,
// within the request's deadlines. No token, or a session that ended, is UNAUTHENTICATED. How the
// doors answer a failure is door-errors.ts.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@opora/prisma/db';
import type { TenantTx } from '@opora/prisma/tenant';
import { oporaError, type Viewer } from '@opora/schema';
import { bearerToken, inViewerTransaction } from './authenticate.ts';
import { hasCsrfHeader, requestToken } from './browser-security.ts';
import { errorBody } from './errors.ts';
import { QUERY_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS } from './limits.ts';

export type DoorDeadlines = { queryTimeoutMs?: number; transactionTimeoutMs?: number };

export type SignedInDoor = {
  requestId: string;
  /** The request's deadlines as a transaction's options (for a second database, the replica's). */
  txOptions: { statementTimeoutMs: number; timeout: number };
  /** Runs `work` in one transaction as the signed-in viewer (UNAUTHENTICATED without one). */
  asViewer<T>(work: (tx: TenantTx, viewer: Viewer) => Promise<T>): Promise<T>;
};

/**
 * The request's sign-in, or null when the door has already answered: a session cookie without
 * the CSRF header is refused (400) before anything is read as anyone.
 */
export function signInDoor(req: IncomingMessage, res: ServerResponse, database: Database, locale: 'bg' | 'en', deadlines: DoorDeadlines = {}): SignedInDoor | null {
  const { token, viaCookie } = requestToken(req, bearerToken);
  if (viaCookie && !hasCsrfHeader(req)) {
    req.resume();
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(errorBody('BAD_REQUEST', 'csrfRequired', locale)));
    return null;
  }
  const options = { statementTimeoutMs: deadlines.queryTimeoutMs ?? QUERY_TIMEOUT_MS, timeout: deadlines.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS };
  return {
    requestId: randomUUID(),
    txOptions: options,
    async asViewer(work) {
      if (!token) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
      return inViewerTransaction(
        database.prisma,
        token,
        async (tx, viewer) => {
          if (!viewer) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
          return work(tx, viewer);
        },
        options,
      );
    },
  };
}
