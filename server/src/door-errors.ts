// How the signed-in download doors (/reports, /audit) answer a failure: a coded GraphQL error
// as its HTTP status (with its headers; figures still being prepared: 503, try again in a
// moment), anything else as /graphql answers a passed deadline or a lost database.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { transactionFailure } from './errors.ts';

export function sendDoorFailure(res: ServerResponse, error: unknown, locale: 'bg' | 'en', log: { logger: Logger; requestId: string; what: string }): void {
  if (error instanceof GraphQLError) {
    const code = String(error.extensions.code);
    const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    for (const [key, value] of http?.headers ?? []) res.setHeader(key, value);
    if (code === 'AGGREGATE_PREPARING') res.setHeader('retry-after', '5');
    const status =
      http?.status ??
      (code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : code === 'NOT_FOUND' ? 404 : code === 'BAD_USER_INPUT' ? 400 : code === 'AGGREGATE_PREPARING' ? 503 : 500);
    return sendError(res, status, error);
  }
  const failed = transactionFailure(locale, error);
  if (failed.status === 500) log.logger.error({ err: error, requestId: log.requestId }, log.what);
  res.statusCode = failed.status;
  if (failed.retryAfter) res.setHeader('retry-after', '1');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(failed.body);
}

export function sendError(res: ServerResponse, status: number, error: GraphQLError): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  const { http: _http, ...extensions } = error.extensions;
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }));
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
