import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@opora/prisma/db';
import type { Logger } from 'pino';
import { createGraphQLTransport, type TransportOptions } from './graphql-transport.ts';
import { serveWeb } from './web.ts';

export type OporaServerOptions = {
  database: Database;
  logger: Logger;
  production?: boolean;
  bodyLimit?: number;
  /** Directory of the built web app; served at / when it exists. */
  webDir?: string | null;
  unsafe?: TransportOptions['unsafe'];
};

export type OporaServer = {
  server: Server;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
};

/** The HTTP service: /graphql, /healthz (alive), /readyz (database reachable), the web app. */
export function createOporaServer(options: OporaServerOptions): OporaServer {
  const bodyLimit = options.bodyLimit ?? 512 * 1024;
  const transport = createGraphQLTransport({
    database: options.database,
    logger: options.logger,
    production: options.production ?? false,
    bodyLimit,
    ...(options.unsafe ? { unsafe: options.unsafe } : {}),
  });

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  });
  // Slow or stuck clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      try {
        await options.database.prisma.$queryRawUnsafe('SELECT 1');
        return sendJson(res, 200, { status: 'ready' });
      } catch {
        return sendJson(res, 503, { status: 'unavailable' });
      }
    }
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
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await transport.stop();
    },
  };
}

const BODY_REJECTED = Symbol('body rejected');

/** Reads a JSON body up to the limit; answers 413 / 400 itself and returns BODY_REJECTED. */
async function readJsonBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    req.resume();
    return BODY_REJECTED;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      req.destroy();
      return BODY_REJECTED;
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  if (!type.includes('application/json')) return raw.toString('utf8');
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return JSON.parse(text.decode(raw));
  } catch {
    sendJson(res, 400, {
      errors: [{ message: 'Malformed JSON body / Невалиден JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    return BODY_REJECTED;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
