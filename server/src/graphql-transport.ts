import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { Database } from '@opora/prisma/db';
import { inAggregateReads, inLazyTenant, inTenant, type TenantTx } from '@opora/prisma/tenant';
import { buildSchema, createAuthGateway, sessionTouchDue, touchSession, type AttachmentContents, type Context, type Viewer } from '@opora/schema';
import type { Logger } from 'pino';
import { bearerToken, inViewerTransaction, scopeOfViewer } from './authenticate.ts';
import { createRequestContext } from './request-context.ts';
import { errorBody, formatErrorFor, isExpectedError, transactionFailure } from './errors.ts';
import { inputVariablesPlugin } from './input-limits.ts';
import { requestLimits } from './limit-rules.ts';
import { answerDeadline, MAX_LIST_ITEMS, MAX_TOKENS, QUERY_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS } from './limits.ts';
import { aggregateAnswerPlugin, servedBody } from './aggregate-answers.ts';
import { cameOverTls, clientAddress } from './client-address.ts';
import { clearedSessionCookies, requestToken, sessionCookie } from './browser-security.ts';
import { rateLimitPlugin, type RateLimits } from './rate-limit.ts';
import { checkDocument, type TrustedDocuments } from './trusted-documents.ts';
import { endCompressed } from './compression.ts';
import { currentLocale, pickLocale, requestScope } from './request-scope.ts';
import { oneIdentityPerRequestPlugin } from './identity-gate.ts';
import { createRequestGate, defaultGateOptions, GateRefusal, requestKind, type RequestGate, type RequestGateOptions } from './request-gate.ts';
import type { Metrics, RequestClass } from './metrics.ts';


export type TransportOptions = {
  database: Database;
  logger: Logger;
  production: boolean;
  bodyLimit: number;
  /** Rate limits for expensive aggregate queries and sign-in (memory or Redis). */
  rateLimits: RateLimits;
  /** The web app's operations; in production only these run. */
  trustedDocuments: TrustedDocuments | null;
  /** Refuse documents that are not in `trustedDocuments` (production). */
  enforceTrustedDocuments: boolean;
  /** Per-request deadline: statement_timeout and the transaction's timeout. */
  queryTimeoutMs?: number;
  transactionTimeoutMs?: number;
  /** Benchmark-only switches to measure the price of the security layers. */
  unsafe?: { withoutShield?: boolean; withoutRowLevelSecurity?: boolean; shieldWrapsEveryField?: boolean };
  /** Reverse proxies whose X-Forwarded-For names the client (see client-address.ts). */
  trustedProxies?: ReadonlySet<string>;
  /** How a failed sign-in's answer waits (tests record the delay instead). */
  signInDelay?: (ms: number) => Promise<void>;
  /** Who gets the database first (default: request-gate.ts's for the engine). */
  gate?: RequestGateOptions;
  /** Where attachments' content is kept (erasing one reaches it); the database by default. */
  files?: AttachmentContents;
  /** Prometheus metrics (metrics.ts): requests by operation, errors, the gate, transactions. */
  metrics?: Metrics;
};

const NO_PROXIES: ReadonlySet<string> = new Set();

type Outcome = { status: number; headers: HeaderMap; body: string; ctx: Context };

class RollBack extends Error {
  constructor(readonly outcome: Outcome) {
    super('roll back the request');
  }
}

/**
 * GraphQL over HTTP with one database transaction per request: authentication, the tenant
 * (role + app.center_id set locally), every resolver's reads and writes, and the audit
 * events commit together. A mutation that answers with any error rolls back whole.
 */
export function createGraphQLTransport(options: TransportOptions) {
  const { database, logger, production, metrics } = options;
  // The operation each request resolved to (its name for the metrics), by request id (Apollo
  // hands plugins a copy of the context, so the context itself is no key).
  const operations = new Map<string, { name: string | null; type: string }>();

  const operationType: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          contextValue.operationType = operation?.operation;
          if (metrics && operation) operations.set(contextValue.requestId, { name: operation.name?.value ?? null, type: operation.operation });
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!isExpectedError(error)) {
              requestScope.getStore()?.log.error({ err: error.originalError ?? error, requestId: contextValue.requestId }, 'unexpected error');
            }
          }
        },
      };
    },
  };

  // Depth, aliases, directives, cost (validation rules) and hidden field suggestions.
  const armor = requestLimits(production);
  const queryTimeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
  const transactionTimeoutMs = options.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS;

  const schema = buildSchema({ unsafeWithoutShield: options.unsafe?.withoutShield ?? false, shieldWrapsEveryField: options.unsafe?.shieldWrapsEveryField ?? false });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    hideSchemaDetailsFromClientErrors: production,
    // Trusted documents replace APQ (checked before Apollo, see checkDocument).
    persistedQueries: false,
    // graphql-js counts tokens while parsing and stops at the limit: a clean 400.
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: armor.validationRules,
    formatError: formatErrorFor(currentLocale, production),
    plugins: [
      // First: an identity change mixed with other fields is refused before anything runs.
      oneIdentityPerRequestPlugin(schema),
      operationType,
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      inputVariablesPlugin(MAX_LIST_ITEMS),
      rateLimitPlugin(options.rateLimits),
      aggregateAnswerPlugin(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      // No HTTP caching of personal data, so no cache hints: the default plugin would still
      // visit every resolved field of every answer (thousands in an aggregate table).
      ApolloServerPluginCacheControlDisabled(),
    ],
  });

  const started = apollo.start();
  const gate: RequestGate = createRequestGate(
    options.gate ?? defaultGateOptions(database.target.kind, database.limits.txMaxWaitMs, database.limits.connections),
  );
  metrics?.watchGate(() => gate.state());

  async function handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const receivedAt = performance.now();
    await started;
    const requestId = validRequestId(req.headers['x-request-id']) ?? randomUUID();
    const locale = pickLocale(header(req, 'x-opora-language'), header(req, 'accept-language'));
    const log = logger.child({ requestId });
    res.setHeader('x-request-id', requestId);

    try {
      await respond(req, res, body, receivedAt, requestId, locale, log);
    } finally {
      operations.delete(requestId);
    }
  }

  async function respond(req: IncomingMessage, res: ServerResponse, body: unknown, receivedAt: number, requestId: string, locale: 'bg' | 'en', log: Logger): Promise<void> {
    await requestScope.run({ requestId, locale, log }, async () => {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const document = checkDocument(options.trustedDocuments, options.enforceTrustedDocuments, method, body, url.search);
      if (!document.ok) {
        res.statusCode = document.code === 'PERSISTED_QUERY_NOT_FOUND' ? 404 : 403;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(errorBody(document.code, 'untrustedDocument', locale)));
        metrics?.graphql({ operation: null, type: null, status: res.statusCode, seconds: (performance.now() - receivedAt) / 1000, errorCodes: [document.code], signIn: false });
        return;
      }
      const kind = requestKind(document.body, document.search);
      const presented = requestToken(req, bearerToken);
      // Signing in needs no session: it runs without one, so nothing slow happens in an open transaction.
      const token = kind === 'signIn' ? null : presented.token;
      const viaCookie = presented.viaCookie;
      const requestClass: RequestClass = kind === 'signIn' ? 'signIn' : token ? kind : 'anonymous';
      const overTls = cameOverTls(req, options.trustedProxies ?? NO_PROXIES);
      let ctx: Context | undefined;
      let outcome: Outcome;
      let committed = false;
      let signedIn = false;
      try {
        const run = async (tx: TenantTx, viewer: Viewer | null, figures: TenantTx | null = null): Promise<Outcome> => {
          signedIn = viewer !== null;
          // The request's identity, fixed here for its whole life.
          ctx = createContext(tx, viewer, requestId, locale, req, viewer !== null || token !== null, figures);
          // "Last use" of the session for its owner's list (accounts/session-touch.ts).
          if (viewer && sessionTouchDue(viewer.sessionId)) ctx.afterRequest.push((db) => touchSession(db, viewer.sessionId));
          const httpGraphQLRequest = { method, headers, search: document.search, body: document.body };
          const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => ctx! });
          const text =
            servedBody(httpGraphQLRequest) ??
            (response.body.kind === 'complete' ? response.body.string : await collect(response.body.asyncIterator));
          const result: Outcome = { status: response.status ?? 200, headers: response.headers, body: text, ctx };
          // Nothing is ever half written: a mutation with any error commits nothing.
          if (ctx.operationType === 'mutation' && hasErrors(text)) throw new RollBack(result);
          await ctx.audit.flush(tx);
          return result;
        };
        const txOptions = {
          unsafeSkipRole: options.unsafe?.withoutRowLevelSecurity ?? false,
          statementTimeoutMs: queryTimeoutMs,
          timeout: transactionTimeoutMs,
        };
        // With a session: one transaction from the first statement (it signs the request in),
        // admitted by the gate (staff first, aggregates bounded). Without one: the transaction
        // begins only if and when the request touches the database.
        // The metrics time the wait at the gate and the transaction apart.
        const timed = async <T>(work: () => Promise<T>): Promise<T> => {
          const startedAt = performance.now();
          let result: 'commit' | 'rollback' | 'error' = 'error';
          try {
            const value = await work();
            result = 'commit';
            return value;
          } catch (error) {
            if (error instanceof RollBack) result = 'rollback';
            throw error;
          } finally {
            metrics?.transaction(requestClass, (performance.now() - startedAt) / 1000, result);
          }
        };
        const queuedAt = performance.now();
        outcome = token
          ? await gate.run(kind === 'aggregate' ? 'aggregate' : 'staff', () => {
              metrics?.gateWait(requestClass, (performance.now() - queuedAt) / 1000);
              // A network or municipal viewer's figures come from the replica, when there is one.
              return timed(() =>
                inViewerTransaction(database.prisma, token, (tx, viewer) => inAggregateReads(database.replica, scopeOfViewer(viewer), (figures) => run(tx, viewer, figures), txOptions), txOptions),
              );
            })
          : await timed(() => inLazyTenant(database.prisma, { kind: 'anonymous' }, (tx) => run(tx, null), txOptions));
        committed = true;
      } catch (error) {
        if (error instanceof RollBack) outcome = await keepReads(error.outcome, locale, log);
        else if (error instanceof GateRefusal) {
          metrics?.gateRefusal(error.reason);
          log.warn({ reason: error.reason, kind, gate: gate.state() }, 'request refused by the database gate');
          outcome = busy(locale, error.reason);
        } else {
          log.error({ err: error }, 'request failed');
          outcome = failure(locale, error);
        }
      } finally {
        await runAfterRequest(ctx, log);
      }
      res.statusCode = outcome.status;
      for (const [key, value] of outcome.headers) res.setHeader(key, value);
      // The session cookie follows what committed: a new session from sign-in; cleared on
      // sign-out, and when the cookie's session is gone (expired, revoked) so the browser
      // stops sending it.
      const cookies: string[] = [];
      if (committed && ctx?.issuedSession) cookies.push(sessionCookie(ctx.issuedSession.token, ctx.issuedSession.expiresAt, overTls));
      else if ((committed && ctx?.sessionEnded) || (viaCookie && committed && !signedIn)) cookies.push(...clearedSessionCookies(overTls));
      if (cookies.length) {
        res.setHeader('set-cookie', cookies);
        res.setHeader('cache-control', 'no-store');
      }
      // Large answers compressed when the client accepts it (#17); small ones as they are.
      await endCompressed(req, res, outcome.body);
      if (metrics) {
        const operation = operations.get(requestId);
        metrics.graphql({
          operation: operation?.name ?? null,
          type: operation?.type ?? null,
          status: outcome.status,
          seconds: (performance.now() - receivedAt) / 1000,
          errorCodes: errorCodesOf(outcome.body),
          signIn: kind === 'signIn',
        });
      }
    });
  }

  function createContext(tx: TenantTx, viewer: Viewer | null, requestId: string, locale: 'bg' | 'en', req: IncomingMessage, open: boolean, figures: TenantTx | null): Context {
    // Credentials go through their own short transactions, or through this one when it is
    // already open (a request with a session; see createAuthGateway).
    const auth = createAuthGateway(database.prisma, {
      ...(options.signInDelay ? { delay: options.signInDelay } : {}),
      ...(open ? { within: tx } : {}),
    });
    return createRequestContext(
      tx,
      viewer,
      {
        requestId,
        locale,
        ip: clientAddress(req, options.trustedProxies ?? NO_PROXIES),
        userAgent: header(req, 'user-agent') ?? null,
        deadline: answerDeadline(queryTimeoutMs, transactionTimeoutMs),
        ...(options.files ? { files: options.files } : {}),
        ...(figures ? { aggregateDb: figures } : {}),
      },
      { withoutRowLevelSecurity: options.unsafe?.withoutRowLevelSecurity ?? false },
      auth,
    );
  }

  // A rolled-back request still answered what it read (a CONFLICT's current record, the
  // fields resolved before the error): those read events are written on their own once the
  // rollback is done, the changes' events never. No audit, no answer.
  async function keepReads(outcome: Outcome, locale: 'bg' | 'en', log: Logger): Promise<Outcome> {
    try {
      await outcome.ctx.audit.flushReadsApart(database.prisma, { statementTimeoutMs: queryTimeoutMs, timeout: transactionTimeoutMs });
      return outcome;
    } catch (error) {
      log.error({ err: error }, 'read audit after rollback failed');
      return failure(locale, error);
    }
  }

  async function runAfterRequest(ctx: Context | undefined, log: Logger): Promise<void> {
    for (const work of ctx?.afterRequest ?? []) {
      try {
        await inTenant(database.prisma, { kind: 'anonymous' }, work);
      } catch (error) {
        log.error({ err: error }, 'after-request work failed');
      }
    }
  }

  // A server closed before its first request still waits for Apollo's start (it refuses stop() before).
  return { handle, stop: async () => { await started.catch(() => undefined); await apollo.stop(); } };
}

function failure(locale: 'bg' | 'en', error: unknown): Outcome {
  const { status, retryAfter, body } = transactionFailure(locale, error);
  const headers = new HeaderMap([['content-type', 'application/json; charset=utf-8']]);
  if (retryAfter) headers.set('retry-after', '1');
  return { status, headers, body, ctx: undefined as unknown as Context };
}

// The gate's refusal: the embedded database is busy with other requests (aggregate queue full, or a turn took too long).
function busy(locale: 'bg' | 'en', reason: GateRefusal['reason']): Outcome {
  const headers = new HeaderMap([
    ['content-type', 'application/json; charset=utf-8'],
    ['retry-after', '1'],
  ]);
  const body = JSON.stringify(errorBody('SERVICE_UNAVAILABLE', 'busy', locale, {}, { reason, retryAfterSeconds: 1 }));
  return { status: 503, headers, body, ctx: undefined as unknown as Context };
}

/** The codes of an answer's errors (extensions.code), read only when it has any. */
function errorCodesOf(text: string): string[] {
  if (!text.includes('"errors"')) return [];
  try {
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    return Array.isArray(parsed.errors) ? parsed.errors.map((e) => (typeof e?.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR')) : [];
  } catch {
    return [];
  }
}

function hasErrors(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown[] };
    return Array.isArray(parsed.errors) && parsed.errors.length > 0;
  } catch {
    return true;
  }
}

async function collect(iterator: AsyncIterableIterator<string>): Promise<string> {
  let text = '';
  for await (const chunk of iterator) text += chunk;
  return text;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function validRequestId(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^[A-Za-z0-9._-]{8,100}$/.test(v) ? v : null;
}
