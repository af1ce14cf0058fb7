import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Database } from '@opora/prisma/db';
import { oporaError } from '@opora/schema';
import { clientAddress } from './client-address.ts';
import { REPORT_NAMES, reportCsv, type ReportName } from '@opora/schema/modules/report-drafts.ts';
import type { Logger } from 'pino';
import { bearerToken, inViewerTransaction } from './authenticate.ts';
import { transactionFailure } from './errors.ts';
import { hasCsrfHeader, requestToken } from './browser-security.ts';
import { errorBody } from './messages.ts';
import { QUERY_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS } from './limits.ts';
import { createRequestContext } from './request-context.ts';
import { pickLocale } from './request-scope.ts';

// GET /reports/<name>.csv?year=…[&centerId=…]: a report draft as CSV. Signed in like /graphql
// (bearer token or session cookie); one transaction as the viewer's database role; the same suppressed
// figures as the GraphQL result (built by the schema, streamed here); audited as EXPORT.

export async function handleReportDownload(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  trustedProxies: ReadonlySet<string> = new Set(),
  deadlines: { queryTimeoutMs?: number; transactionTimeoutMs?: number } = {},
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  const name = /^\/reports\/([a-z-]+)\.csv$/.exec(url.pathname)?.[1] as ReportName | undefined;
  if (req.method !== 'GET' || !name || !REPORT_NAMES.includes(name)) return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
  // Signed in by the bearer token or the session cookie; cookie sign-in needs a header no
  // cross-site link or form can send (see browser-security.ts).
  const { token, viaCookie } = requestToken(req, bearerToken);
  if (viaCookie && !hasCsrfHeader(req)) {
    res.statusCode = 400;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(errorBody('BAD_REQUEST', 'csrfRequired', locale)));
    return;
  }
  const requestId = randomUUID();
  try {
    if (!token) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
    const csv = await inViewerTransaction(database.prisma, token, async (tx, viewer) => {
      if (!viewer) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
      const ctx = createRequestContext(tx, viewer, { requestId, locale, ip: clientAddress(req, trustedProxies), userAgent: header(req, 'user-agent') ?? null });
      const result = await reportCsv(ctx, name, url.searchParams);
      ctx.audit.record('EXPORT', result.audit.entityType, result.audit.entityId, result.audit.detail);
      await ctx.audit.flush(tx);
      return result;
    }, { statementTimeoutMs: deadlines.queryTimeoutMs ?? QUERY_TIMEOUT_MS, timeout: deadlines.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS });
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${csv.filename}"`);
    res.setHeader('cache-control', 'no-store');
    // A BOM so spreadsheet programs read the Cyrillic as UTF-8.
    res.write('\uFEFF');
    for (const row of csv.rows) res.write(`${row.map(csvCell).join(',')}\r\n`);
    res.end();
  } catch (error) {
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code);
      const status = code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : 500;
      return sendError(res, status, error);
    }
    // The same coded answers as /graphql for a passed deadline or a lost database.
    const failed = transactionFailure(locale, error);
    if (failed.status === 500) logger.error({ err: error, requestId }, 'report download failed');
    res.statusCode = failed.status;
    if (failed.retryAfter) res.setHeader('retry-after', '1');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(failed.body);
  }
}

function csvCell(value: string): string {
  // Quote everything that needs it; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function sendError(res: ServerResponse, status: number, error: GraphQLError): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions: error.extensions }] }));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
