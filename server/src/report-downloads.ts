import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@opora/prisma/db';
import { oporaError } from '@opora/schema';
import { clientAddress } from './client-address.ts';
import { REPORT_NAMES, TABLE_SCREENS, aggregateTableFile, reportCsv, type ReportName, type TableScreen } from '@opora/schema';
import type { Logger } from 'pino';
import { scopeOfViewer } from './authenticate.ts';
import { inAggregateReads } from '@opora/prisma/tenant';
import { answerDeadline, QUERY_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS } from './limits.ts';
import { createRequestContext } from './request-context.ts';
import { header, sendDoorFailure, sendError } from './door-errors.ts';
import { signInDoor } from './door-sign-in.ts';
import { pickLocale } from './request-scope.ts';
import { spendAggregateBudget, type RateLimits } from './rate-limit.ts';
import { csvDocument } from './csv.ts';
import { tableCsv, tableXlsx } from './table-files.ts';

// GET /reports/<name>.csv?year=…[&centerId=…]: a report draft as CSV. Signed in like /graphql
// (bearer token or session cookie); one transaction as the viewer's database role; the same
// suppressed figures as the GraphQL result (built by the schema, written here); audited as EXPORT,
// and it spends the viewer's aggregate budget like the expensive GraphQL root fields (one per download).
// GET /reports/tables/<screen>.xlsx|.csv?indicator=…&from=…&to=…[&by=…]: one table of the network or
// municipal screen (schema: aggregate-exports.ts), through the same door: the same sign-in, budget,
// audit and AGGREGATE_PREPARING answer.

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function handleReportDownload(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  trustedProxies: ReadonlySet<string> = new Set(),
  deadlines: { queryTimeoutMs?: number; transactionTimeoutMs?: number } = {},
  rateLimits?: RateLimits,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  const name = /^\/reports\/([a-z-]+)\.csv$/.exec(url.pathname)?.[1] as ReportName | undefined;
  const table = /^\/reports\/tables\/([a-z-]+)\.(csv|xlsx)$/.exec(url.pathname);
  const screen = table?.[1] as TableScreen | undefined;
  const format = table?.[2] as 'csv' | 'xlsx' | undefined;
  const known = (name && REPORT_NAMES.includes(name)) || (screen && TABLE_SCREENS.includes(screen));
  if (req.method !== 'GET' || !known) return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
  const door = signInDoor(req, res, database, locale, deadlines);
  if (!door) return;
  const { requestId, txOptions } = door;
  try {
    // The figures come from the replica when there is one (as on /graphql); the audit stays here.
    const csv = await door.asViewer((tx, viewer) => inAggregateReads(database.replica, scopeOfViewer(viewer), async (figures) => {
      const ip = clientAddress(req, trustedProxies);
      if (rateLimits) await spendAggregateBudget(rateLimits, viewer, ip, 1, locale);
      const ctx = createRequestContext(tx, viewer, {
        requestId,
        locale,
        ip,
        userAgent: header(req, 'user-agent') ?? null,
        deadline: answerDeadline(deadlines.queryTimeoutMs ?? QUERY_TIMEOUT_MS, deadlines.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS),
        ...(figures ? { aggregateDb: figures } : {}),
      });
      if (screen) {
        const file = await aggregateTableFile(ctx, screen, url.searchParams);
        ctx.audit.record('EXPORT', file.audit.entityType, file.audit.entityId, { ...file.audit.detail, format: format! });
        await ctx.audit.flush(tx);
        return format === 'xlsx'
          ? { filename: `${file.filename}.xlsx`, type: XLSX_TYPE, body: await tableXlsx(file) }
          : { filename: `${file.filename}.csv`, type: 'text/csv; charset=utf-8', body: tableCsv(file) };
      }
      const result = await reportCsv(ctx, name!, url.searchParams);
      ctx.audit.record('EXPORT', result.audit.entityType, result.audit.entityId, result.audit.detail);
      await ctx.audit.flush(tx);
      return { filename: result.filename, type: 'text/csv; charset=utf-8', body: csvDocument(result.rows) };
    }, txOptions));
    res.statusCode = 200;
    res.setHeader('content-type', csv.type);
    res.setHeader('content-disposition', `attachment; filename="${csv.filename}"`);
    res.setHeader('cache-control', 'no-store');
    res.end(csv.body);
  } catch (error) {
    sendDoorFailure(res, error, locale, { logger, requestId, what: 'report download failed' });
  }
}

