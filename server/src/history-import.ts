import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Database } from '@opora/prisma/db';
import { checkImport, IMPORT_SHEETS, importHistoryAnswer, importTemplateCsv, importTemplateXlsx, oporaError, runImport, type ImportSheetKind } from '@opora/schema';
import type { Logger } from 'pino';
import { bearerToken, inViewerTransaction } from './authenticate.ts';
import { hasCsrfHeader, requestToken } from './browser-security.ts';
import { clientAddress } from './client-address.ts';
import { errorBody, transactionFailure } from './errors.ts';
import { contentDisposition, readBody } from './file-transfers.ts';
import { spendUploadBudget, type RateLimits } from './rate-limit.ts';
import { createRequestContext } from './request-context.ts';
import { pickLocale } from './request-scope.ts';

// A center's history brought in from a file (schema/src/import/), beside /files and signed in
// the same way (bearer token, or the session cookie with the apollo-require-preflight header):
//
//   GET  /import/template.xlsx              → the template, one sheet per record kind
//   GET  /import/template/<kind>.csv         → one kind's CSV template (clients, cases, sessions, …)
//   POST /import/check   X-File-Name: <name> → 200 the dry run's report: refused rows, probable duplicates, counts
//   POST /import         X-File-Name: <name> → 201 imported (counts), or 422 with the report and nothing written
//
// Only the center's manager (`importHistoryAnswer`, permissions/rules.ts). An upload spends one
// of the user's uploads (the `upload` rate limit) before its body is read, and the body is read
// up to IMPORT_MAX_BYTES with no transaction open. The import is one transaction in the center's
// tenant (RLS applies): a file of ten years (1,630 cases, 18,760 sessions) needs longer than a
// screen's request, hence its own deadlines.

/** Ten years of a center's sessions as XLSX are about 2 MB; CSV a little more. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
const IMPORT_STATEMENT_TIMEOUT_MS = 120_000;
const IMPORT_TRANSACTION_TIMEOUT_MS = 300_000;

export async function handleHistoryImport(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  options: { trustedProxies?: ReadonlySet<string>; rateLimits?: RateLimits } = {},
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  const requestId = randomUUID();
  const csvKind = /^\/import\/template\/([A-Za-z]+)\.csv$/.exec(url.pathname)?.[1] as ImportSheetKind | undefined;
  const template = req.method === 'GET' && (url.pathname === '/import/template.xlsx' || (csvKind && IMPORT_SHEETS.some((s) => s.kind === csvKind)));
  const upload = req.method === 'POST' && (url.pathname === '/import' || url.pathname === '/import/check');
  if (!template && !upload) {
    req.resume();
    return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
  }
  const { token, viaCookie } = requestToken(req, bearerToken);
  if (viaCookie && !hasCsrfHeader(req)) {
    req.resume();
    return sendJson(res, 400, errorBody('BAD_REQUEST', 'csrfRequired', locale));
  }
  const request = { requestId, locale, ip: clientAddress(req, options.trustedProxies ?? new Set()), userAgent: header(req, 'user-agent') ?? null };
  const txOptions = { statementTimeoutMs: IMPORT_STATEMENT_TIMEOUT_MS, timeout: IMPORT_TRANSACTION_TIMEOUT_MS };
  try {
    if (!token) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
    // Who may: the manager (checked in the schema's import too); an upload spends its budget first.
    await inViewerTransaction(database.prisma, token, async (tx, viewer) => {
      if (!viewer) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
      const ctx = createRequestContext(tx, viewer, request);
      const allowed = importHistoryAnswer(ctx);
      if (allowed !== true) throw allowed;
      if (upload && options.rateLimits) await spendUploadBudget(options.rateLimits, viewer, locale);
    });
    if (template) {
      const xlsx = !csvKind;
      const bytes = xlsx ? await importTemplateXlsx() : new TextEncoder().encode(importTemplateCsv(csvKind!));
      const name = xlsx ? 'opora-vnasyane-shablon.xlsx' : `opora-vnasyane-${csvKind}.csv`;
      res.statusCode = 200;
      res.setHeader('content-type', xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', contentDisposition(name));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'no-store');
      res.end(Buffer.from(bytes));
      return;
    }
    const fileName = decodeName(header(req, 'x-file-name'));
    const body = await readBody(req, res, IMPORT_MAX_BYTES, locale);
    if (body === null) return;
    const dryRun = url.pathname === '/import/check';
    const started = performance.now();
    const result = await inViewerTransaction(database.prisma, token, async (tx, viewer) => {
      if (!viewer) throw oporaError('UNAUTHENTICATED', 'unauthenticated', locale);
      const ctx = createRequestContext(tx, viewer, request);
      const answer = dryRun ? { ...(await checkImport(ctx, body, fileName)).report, imported: false } : await runImport(ctx, body, fileName);
      await ctx.audit.flush(tx);
      return answer;
    }, txOptions);
    const ms = Math.round(performance.now() - started);
    logger.info({ requestId, dryRun, ms, counts: result.counts, refused: result.refused.length }, 'history import');
    if (dryRun) return sendJson(res, 200, { report: result, ms });
    if (!result.imported) {
      const rows = new Set(result.refused.map((r) => `${r.sheet}:${r.row}`)).size;
      const error = oporaError('BAD_USER_INPUT', 'importRefused', locale, { count: rows });
      return sendJson(res, 422, { errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT', messageBg: error.extensions.messageBg, messageEn: error.extensions.messageEn } }], report: result });
    }
    sendJson(res, 201, { report: result, ms });
  } catch (error) {
    req.resume();
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code);
      const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [key, value] of http?.headers ?? []) res.setHeader(key, value);
      const status = http?.status ?? (code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : 500);
      return sendError(res, status, error);
    }
    const failed = transactionFailure(locale, error);
    if (failed.status === 500) logger.error({ err: error, requestId }, 'history import failed');
    res.statusCode = failed.status;
    if (failed.retryAfter) res.setHeader('retry-after', '1');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(failed.body);
  }
}

function decodeName(raw: string | undefined): string {
  if (!raw) return 'import';
  try {
    return decodeURIComponent(raw).slice(0, 200);
  } catch {
    return 'import';
  }
}

function sendError(res: ServerResponse, status: number, error: GraphQLError): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  const { http: _http, ...extensions } = error.extensions;
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
