import { handleAuditExport } from './audit-export.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@opora/prisma/db';
import type { Logger } from 'pino';
import { createGraphQLTransport, type TransportOptions } from './graphql-transport.ts';
import type { MessageKey } from '@opora/common/messages';
import { errorBody } from './errors.ts';
import { createRateLimits, type RateLimits } from './rate-limit.ts';
import { pickLocale } from './request-scope.ts';
import type { TrustedDocuments } from './trusted-documents.ts';
import { serveWeb } from './web.ts';
import { cameOverTls, parseTrustedProxies } from './client-address.ts';
import { setSecurityHeaders } from './browser-security.ts';
import { handleReportDownload } from './report-downloads.ts';
import { handleDocumentDownload } from './document-downloads.ts';
import { handleCalendarFeed } from './calendar-feed.ts';
import { handleFileTransfer } from './file-transfers.ts';
import { handleHistoryImport } from './history-import.ts';
import type { AttachmentContents } from '@opora/schema';
import { DEMO_PASSWORD, type DemoAccount } from '@opora/prisma/seed';
import { createMetrics, serveMetrics, type Metrics } from './metrics.ts';
import { keepAggregateDecisions } from './aggregate-decisions.ts';

export type OporaServerOptions = {
  database: Database;
  logger: Logger;
  production?: boolean;
  bodyLimit?: number;
  /** Directory of the built web app; served at / when it exists. */
  webDir?: string | null;
  unsafe?: TransportOptions['unsafe'];
  /** Rate limiters; default: in memory (main.ts passes Redis-backed ones when REDIS_URL is set). */
  rateLimits?: RateLimits;
  /** The web app's operations (web/dist/trusted-documents.json). */
  trustedDocuments?: TrustedDocuments | null;
  /** Refuse every other document. Default: on in production. */
  enforceTrustedDocuments?: boolean;
  queryTimeoutMs?: number;
  transactionTimeoutMs?: number;
  /** Reverse proxies whose X-Forwarded-For names the client (see client-address.ts). */
  trustedProxies?: readonly string[];
  /** How a failed sign-in's answer waits (default: a timer; tests record the delay). */
  signInDelay?: TransportOptions['signInDelay'];
  /** Who gets the database first (default: one transaction at a time on PGlite, staff first). */
  gate?: TransportOptions['gate'];
  /** Demo mode with the demo data loaded: the accounts the sign-in page lists (GET /demo-accounts). */
  demoAccounts?: readonly DemoAccount[] | null;
  /** Where attachments' content is kept (object-store.ts builds it from the configuration); the database by default. */
  files?: AttachmentContents;
  /** Prometheus metrics (metrics.ts); made here when a token asks for them and none is given. */
  metrics?: Metrics | null;
  /** OPORA_METRICS_TOKEN: the API port serves GET /metrics to this bearer token; without one, no /metrics here. */
  metricsToken?: string | null;
};

export type OporaServer = {
  server: Server;
  metrics: Metrics | null;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
};

/** The HTTP service: /graphql, /healthz (alive), /readyz (database reachable), the web app. */
export function createOporaServer(options: OporaServerOptions): OporaServer {
  const bodyLimit = options.bodyLimit ?? 512 * 1024;
  const production = options.production ?? false;
  const ownRateLimits = options.rateLimits ? null : createRateLimits({ logger: options.logger });
  const trustedProxies: ReadonlySet<string> = new Set(parseTrustedProxies((options.trustedProxies ?? []).join(',')));
  const metrics = options.metrics ?? (options.metricsToken ? createMetrics({ database: options.database }) : null);
  const rateLimits = options.rateLimits ?? ownRateLimits!;
  const onRefusal = metrics?.rateLimitRefusal;
  if (onRefusal) rateLimits.refusalListeners.add(onRefusal);
  const transport = createGraphQLTransport({
    database: options.database,
    logger: options.logger,
    production,
    bodyLimit,
    rateLimits: options.rateLimits ?? ownRateLimits!,
    trustedDocuments: options.trustedDocuments ?? null,
    enforceTrustedDocuments: options.enforceTrustedDocuments ?? production,
    ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
    ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
    ...(options.unsafe ? { unsafe: options.unsafe } : {}),
    ...(options.signInDelay ? { signInDelay: options.signInDelay } : {}),
    ...(options.gate ? { gate: options.gate } : {}),
    ...(options.files ? { files: options.files } : {}),
    ...(metrics ? { metrics } : {}),
    trustedProxies,
  });

  // Municipal systems decided by the workers are kept in this server's database.
  const forgetDecisionStore = keepAggregateDecisions(options.database, options.logger);

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'internal', localeOf(req)));
      else res.destroy();
    });
  });
  // Slow or stuck clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  // An idle connection is kept longer than clients keep theirs (Node's fetch: 4 s; proxies up to
  // 60 s), so the client always closes first: a server that closes first races a request the
  // client is just sending on that socket, which then fails with ECONNRESET (seen under load).
  server.keepAliveTimeout = 65_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (metrics) res.once('finish', () => metrics.http(door(path ?? '/'), res.statusCode));
    // Every answer: CSP, frame-ancestors, Referrer-Policy, Permissions-Policy, nosniff, and
    // HSTS over TLS. Only the development API's landing page (Apollo Sandbox) runs without CSP.
    setSecurityHeaders(req, res, cameOverTls(req, trustedProxies), {
      withoutCsp: !production && path === '/graphql' && req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html'),
    });
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    // Never public: only to the bearer token, and only when one is configured.
    if (path === '/metrics') {
      if (!metrics || !options.metricsToken) return sendJson(res, 404, { error: 'not found' });
      return serveMetrics(req, res, metrics.text, options.metricsToken);
    }
    // Outside demo mode the accounts do not exist, so nothing names them.
    if (path === '/demo-accounts') return options.demoAccounts ? sendJson(res, 200, { password: DEMO_PASSWORD, accounts: options.demoAccounts }) : sendJson(res, 404, { error: 'not found' });
    if (path === '/readyz') {
      try {
        await options.database.prisma.$queryRawUnsafe('SELECT 1');
        return sendJson(res, 200, { status: 'ready' });
      } catch {
        return sendJson(res, 503, { status: 'unavailable' });
      }
    }
    if (path?.startsWith('/reports/'))
      return handleReportDownload(req, res, options.database, options.logger, trustedProxies, {
        ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
        ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
      }, options.rateLimits ?? ownRateLimits!);
    if (path === '/audit/export.xlsx')
      return handleAuditExport(req, res, options.database, options.logger, trustedProxies, {
        ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
        ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
      });
    if (path?.startsWith('/documents/'))
      return handleDocumentDownload(req, res, options.database, options.logger, trustedProxies, {
        ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
        ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
      }, options.rateLimits ?? ownRateLimits!);
    if (path === '/import' || path?.startsWith('/import/'))
      return handleHistoryImport(req, res, options.database, options.logger, { trustedProxies, rateLimits: options.rateLimits ?? ownRateLimits! });
    if (path?.startsWith('/calendar/'))
      return handleCalendarFeed(req, res, options.database, options.logger, trustedProxies, options.rateLimits ?? ownRateLimits!);
    if (path === '/files' || path?.startsWith('/files/'))
      return handleFileTransfer(req, res, options.database, options.logger, {
        trustedProxies,
        ...(options.queryTimeoutMs ? { queryTimeoutMs: options.queryTimeoutMs } : {}),
        ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
        ...(options.files ? { files: options.files } : {}),
        rateLimits: options.rateLimits ?? ownRateLimits!,
      });
    if (path === '/graphql') {
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('allow', 'GET, POST');
        return sendJson(res, 405, { errors: [{ message: 'Method not allowed', extensions: { code: 'BAD_REQUEST' } }] });
      }
      const body = req.method === 'POST' ? await readJsonBody(req, res, bodyLimit) : undefined;
      if (body === BODY_REJECTED) return;
      return transport.handle(req, res, body);
    }
    if (options.webDir && (req.method === 'GET' || req.method === 'HEAD')) {
      if (await serveWeb(options.webDir, path ?? '/', req, res)) return;
    }
    sendJson(res, 404, { error: 'not found' });
  }

  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}`);
        });
      }),
    metrics,
    close: async () => {
      if (onRefusal) rateLimits.refusalListeners.delete(onRefusal);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await transport.stop();
      forgetDecisionStore();
      await ownRateLimits?.close();
    },
  };
}

const BODY_REJECTED = Symbol('body rejected');

/** The door a request came through, as the metrics name it (a fixed few: never the path itself). */
function door(path: string): string {
  if (path === '/graphql') return 'graphql';
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path === '/metrics') return 'metrics';
  if (path === '/files' || path.startsWith('/files/')) return 'files';
  if (path === '/import' || path.startsWith('/import/')) return 'import';
  if (path.startsWith('/calendar/')) return 'calendar';
  const first = /^\/(reports|documents|assets)\//.exec(path)?.[1];
  if (first) return first === 'assets' ? 'web' : first;
  return path === '/' || !path.includes('.') ? 'web' : 'other';
}

function localeOf(req: IncomingMessage): 'bg' | 'en' {
  const first = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return pickLocale(first('x-opora-language'), first('accept-language'));
}

/** Reads a JSON body up to the limit; answers 413 / 400 itself and returns BODY_REJECTED. */
async function readJsonBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  const refuse = (status: number, code: string, key: MessageKey) =>
    sendJson(res, status, errorBody(code, key, localeOf(req)));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    refuse(413, 'PAYLOAD_TOO_LARGE', 'payloadTooLarge');
    // Don't read a body we refused; close once the answer is out.
    res.setHeader('connection', 'close');
    req.resume();
    return BODY_REJECTED;
  }
  const raw = await new Promise<Buffer | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Over the limit while streaming (no or a false content-length): answer, then drop
      // the connection once the answer is flushed, without reading the rest.
      req.off('data', onData);
      req.pause();
      res.setHeader('connection', 'close');
      res.statusCode = 413;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', 'payloadTooLarge', localeOf(req))), () => req.socket.destroy());
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
  if (raw === null) return BODY_REJECTED;
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('application/json')) return raw.toString('utf8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    refuse(400, 'BAD_REQUEST', 'invalidUtf8');
    return BODY_REJECTED;
  }
  try {
    return JSON.parse(text);
  } catch {
    refuse(400, 'BAD_REQUEST', 'malformedJson');
    return BODY_REJECTED;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
