import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Database } from '@opora/prisma/db';
import { attachmentLimits, downloadAttachment, oporaError, sizeWords, uploadAttachment, type AttachmentContents } from '@opora/schema';
import type { Logger } from 'pino';
import { clientAddress } from './client-address.ts';
import { transactionFailure } from './errors.ts';
import { spendUploadBudget, type RateLimits } from './rate-limit.ts';
import { createRequestContext } from './request-context.ts';
import { signInDoor } from './door-sign-in.ts';
import { pickLocale } from './request-scope.ts';

// Files kept with a record, over plain HTTP beside /graphql (GraphQL multipart stays off: it is
// a CSRF door). Signed in like /graphql (bearer token, or the session cookie together with the
// apollo-require-preflight header, which no form, link or image can send); the content is the
// raw request body (the browser sends the File as it is), never parsed.
//
//   POST /files?owner=<global id of a client, case, assessment, support plan, contract or consent>
//        X-File-Name: <the file's name, percent-encoded>   → 201 {"attachment": {...}}
//   GET  /files/<global id of the attachment>              → the bytes, always as an attachment
//
// An upload runs two short transactions: the first spends one of the user's uploads (the
// `upload` rate limit, 429 past it) and reads the center's limits (so the body is read only up
// to the center's own maximum, never unbounded), the second stores the file and its audit
// event. The body is read between them, with no transaction open.

export type FileTransferOptions = {
  trustedProxies?: ReadonlySet<string>;
  queryTimeoutMs?: number;
  transactionTimeoutMs?: number;
  files?: AttachmentContents;
  /** Uploads per user (the `upload` limiter); none: unlimited. */
  rateLimits?: RateLimits;
};

export async function handleFileTransfer(req: IncomingMessage, res: ServerResponse, database: Database, logger: Logger, options: FileTransferOptions = {}): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
  const requestId = randomUUID();
  const download = /^\/files\/([A-Za-z0-9_-]{1,200})$/.exec(url.pathname)?.[1];
  const upload = url.pathname === '/files';
  if (!((req.method === 'GET' && download) || (req.method === 'POST' && upload))) {
    req.resume();
    return sendError(res, 404, oporaError('NOT_FOUND', 'notFound', locale));
  }
  const door = signInDoor(req, res, database, locale, options);
  if (!door) return;
  const request = { requestId, locale, ip: clientAddress(req, options.trustedProxies ?? new Set()), userAgent: header(req, 'user-agent') ?? null, ...(options.files ? { files: options.files } : {}) };
  try {
    if (download) {
      const file = await door.asViewer(async (tx, viewer) => {
        const ctx = createRequestContext(tx, viewer, request);
        const found = await downloadAttachment(ctx, download);
        await ctx.audit.flush(tx);
        return found;
      });
      res.statusCode = 200;
      // Never shown inline: the browser saves it, does not guess its type, and would run nothing in it.
      res.setHeader('content-type', file.mediaType);
      res.setHeader('content-disposition', contentDisposition(file.fileName));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', "default-src 'none'; sandbox");
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-length', String(file.bytes.length));
      res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
      return;
    }

    const ownerId = url.searchParams.get('owner') ?? '';
    const fileName = decodeName(header(req, 'x-file-name'));
    const limits = await door.asViewer(async (tx, viewer) => {
      // Counted per user before the body is read: a flood costs neither its bytes nor a write.
      if (options.rateLimits) await spendUploadBudget(options.rateLimits, viewer, locale);
      return attachmentLimits(createRequestContext(tx, viewer, request));
    });
    const body = await readBody(req, res, limits.maxBytes, locale);
    if (body === null) return;
    const stored = await door.asViewer(async (tx, viewer) => {
      const ctx = createRequestContext(tx, viewer, request);
      const attachment = await uploadAttachment(ctx, { ownerId, fileName, bytes: body });
      await ctx.audit.flush(tx);
      return attachment;
    });
    sendJson(res, 201, { attachment: stored });
  } catch (error) {
    req.resume();
    if (error instanceof GraphQLError) {
      const code = String(error.extensions.code);
      // A transport error (over a rate limit) carries its own status and headers (Retry-After).
      const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [key, value] of http?.headers ?? []) res.setHeader(key, value);
      const status =
        http?.status ??
        (code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? (error.extensions.erased ? 410 : 404) : code === 'BAD_USER_INPUT' ? 400 : code === 'INVALID_TRANSITION' ? 409 : 500);
      return sendError(res, status, error);
    }
    const failed = transactionFailure(locale, error);
    if (failed.status === 500) logger.error({ err: error, requestId }, 'file transfer failed');
    res.statusCode = failed.status;
    if (failed.retryAfter) res.setHeader('retry-after', '1');
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(failed.body);
  }
}

/** RFC 6266: an ASCII fallback and the real name in UTF-8 (RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '_').trim() || 'document';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function decodeName(raw: string | undefined): string {
  if (!raw) return 'document';
  try {
    return decodeURIComponent(raw).slice(0, 500);
  } catch {
    return 'document';
  }
}

/** The body up to `limit` bytes; over it, a 413 with the center's limit in words (nothing read further, nothing stored). */
export async function readBody(req: IncomingMessage, res: ServerResponse, limit: number, locale: 'bg' | 'en'): Promise<Uint8Array | null> {
  const tooLarge = (size: number) => {
    const error = oporaError('BAD_USER_INPUT', 'fileTooLarge', locale, { size: sizeWords(size), max: sizeWords(limit) });
    res.setHeader('connection', 'close');
    sendError(res, 413, error, () => req.socket.destroy());
  };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.pause();
    tooLarge(declared);
    return null;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      tooLarge(size);
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}

function sendError(res: ServerResponse, status: number, error: GraphQLError, then?: () => void): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  const { http: _http, ...extensions } = error.extensions;
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }), then);
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
