import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Database } from '@opora/prisma/db';
import { buildDocument, oporaError, renderDocx, renderPdf, type Context } from '@opora/schema';
import { clientAddress } from './client-address.ts';
import { errorBody, transactionFailure } from './errors.ts';
import { spendAggregateBudget, type RateLimits } from './rate-limit.ts';
import { createRequestContext } from './request-context.ts';
import { signInDoor } from './door-sign-in.ts';
import { pickLocale } from './request-scope.ts';

// GET /documents/<kind>/<globalId>.pdf?lang=en (or .json for a kind that carries data: subject-access)&from=…&to=… : a printable document as PDF
// (schema/src/documents). POST with a JSON object of the same arguments for those a URL should
// not carry (a referral's reason). Signed in like /reports (bearer token, or the session cookie
// with a header no cross-site form can send); one transaction as the viewer's database role;
// one point of the viewer's request budget. The kind checks access under the GraphQL rules and
// records who was read (READ of each person, EXPORT of the document's subject): those events
// are committed with the transaction, or written apart if it fails after reading. The PDF is
// rendered after the commit, so the audit stands even if rendering fails.

const PATH = /^\/documents\/([a-z-]{1,40})\/([A-Za-z0-9_=-]{1,200})\.(pdf|docx|json)$/;
// Word (.docx) only for the kinds written to be edited on: the yearly report and the municipal analysis.
const DOCX_KINDS = new Set(['yearly-report', 'municipal-analysis']);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BODY_LIMIT = 16 * 1024;
const PARAMS = ['lang', 'from', 'to', 'partner', 'reason'] as const;

export async function handleDocumentDownload(
  req: IncomingMessage,
  res: ServerResponse,
  database: Database,
  logger: Logger,
  trustedProxies: ReadonlySet<string> = new Set(),
  deadlines: { queryTimeoutMs?: number; transactionTimeoutMs?: number } = {},
  rateLimits?: RateLimits,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = PATH.exec(url.pathname);
  const headerLocale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  if (!match || (req.method !== 'GET' && req.method !== 'POST')) return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', headerLocale));
  const [, kind, id, format] = match as unknown as [string, string, string, 'pdf' | 'docx' | 'json'];
  if (format === 'docx' && !DOCX_KINDS.has(kind)) return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', headerLocale));

  const params: Record<string, string | undefined> = {};
  for (const name of PARAMS) {
    const v = url.searchParams.get(name);
    if (v !== null) params[name] = v;
  }
  if (req.method === 'POST') {
    const body = await readBody(req);
    if (body === null) return sendJson(res, 400, errorBody('BAD_REQUEST', 'malformedJson', headerLocale));
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string' && (PARAMS as readonly string[]).includes(name)) params[name] = value;
  }
  // The document's language: Bulgarian unless English is asked for; errors follow it too.
  const lang = params.lang === 'en' ? 'en' : 'bg';
  const locale = params.lang === 'en' || params.lang === 'bg' ? params.lang : headerLocale;

  const door = signInDoor(req, res, database, locale, deadlines);
  if (!door) return;
  const { requestId, txOptions: options } = door;
  let ctx: Context | null = null;
  try {
    const built = await door.asViewer(
      async (tx, viewer) => {
        const ip = clientAddress(req, trustedProxies);
        if (rateLimits) await spendAggregateBudget(rateLimits, viewer, ip, 1, locale);
        ctx = createRequestContext(tx, viewer, { requestId, locale, ip, userAgent: header(req, 'user-agent') ?? null });
        const result = await buildDocument(ctx, kind, id, lang, params);
        await ctx.audit.flush(tx);
        return result;
      },
    );
    // A kind that carries its content as data (the subject-access export) is also served as JSON.
    if (format === 'json') {
      if (built.data === undefined) return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
      const json = Buffer.from(JSON.stringify(built.data, null, 2), 'utf8');
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${built.filename.replace(/\.pdf$/, '')}.json"`);
      res.setHeader('content-length', String(json.length));
      res.setHeader('cache-control', 'no-store');
      return void res.end(json);
    }
    const pdf = format === 'docx' ? await renderDocx(built.document) : await renderPdf(built.document);
    res.statusCode = 200;
    res.setHeader('content-type', format === 'docx' ? DOCX_TYPE : 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="${format === 'docx' ? built.filename.replace(/\.pdf$/, '.docx') : built.filename}"`);
    res.setHeader('content-length', String(pdf.length));
    res.setHeader('cache-control', 'no-store');
    res.end(pdf);
  } catch (error) {
    // The transaction rolled back after reading someone: those reads are written on their own.
    const pending = ctx as Context | null;
    if (pending?.audit.pending) {
      await pending.audit.flushReadsApart(database.prisma, options).catch((e: unknown) => logger.error({ err: e, requestId }, 'document read audit failed'));
    }
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code);
      const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [key, value] of http?.headers ?? []) res.setHeader(key, value);
      const status =
        http?.status ??
        ({ UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 400, INVALID_TRANSITION: 409 } as Record<string, number>)[code] ??
        500;
      return sendError(res, status, error);
    }
    const failed = transactionFailure(locale, error);
    if (failed.status === 500) logger.error({ err: error, requestId }, 'document download failed');
    res.statusCode = failed.status;
    if (failed.retryAfter) res.setHeader('retry-after', '1');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(failed.body);
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end (the answer needs the socket), keeping at most the limit.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
  }
  if (size > BODY_LIMIT) return null;
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
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
