import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '@opora/prisma/db';
import { AGGREGATE_ROLE, applySettings } from '@opora/prisma/tenant';

// Prometheus metrics (prom-client): what an operator watches and alerts on (docs/deployment.md,
// "Metrics and alerts"). One registry per server, so tests may run several in one process. Never
// public: served on a port of its own (OPORA_METRICS_PORT, bound to OPORA_METRICS_HOST) and/or on
// the API port behind a bearer token (OPORA_METRICS_TOKEN); without the token the API port has no
// /metrics at all. No label carries a person, a center or anything a client chose freely: an
// operation's name is a label only while there are at most MAX_OPERATIONS of them (the web app
// sends a few dozen; production runs only those), any later one counts as "other".

const MAX_OPERATIONS = 300;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const ERROR_CODE = /^[A-Z][A-Z_]{0,59}$/;

export type RequestClass = 'staff' | 'aggregate' | 'signIn' | 'anonymous';
export type GraphQLResult = 'ok' | 'error' | 'refused' | 'failed';
type Pool = NonNullable<Database['adapterFactory']['pool']>;
type GateState = { running: number; runningAggregate: number; waitingStaff: number; waitingAggregate: number };

export type Metrics = {
  readonly registry: Registry;
  /** An answer on the API port: which door (graphql, reports, …) and its status. */
  http(route: string, status: number): void;
  /** A GraphQL request's answer: its operation, type, how long it took and the error codes it carried. */
  graphql(answer: { operation: string | null; type: string | null; status: number; seconds: number; errorCodes: readonly string[]; signIn: boolean }): void;
  /** A limiter refused a request (429). */
  rateLimitRefusal(limiter: 'signIn' | 'aggregate' | 'upload'): void;
  /** The request gate refused a request (503), or admitted one after `seconds` of waiting. */
  gateRefusal(reason: string): void;
  gateWait(requestClass: RequestClass, seconds: number): void;
  /** A request's database transaction, from its first statement to its commit or rollback. */
  transaction(requestClass: RequestClass, seconds: number, outcome: 'commit' | 'rollback' | 'error'): void;
  /** A background refresh of the aggregate rollups. */
  rollupRefresh(outcome: 'ok' | 'error', seconds: number): void;
  /** A backup the server took of the embedded database (scheduled, or asked by `npm run backup`). */
  backup(outcome: 'ok' | 'error', seconds: number): void;
  /** Where the request gate's state is read (the GraphQL transport registers its gate). */
  watchGate(state: () => GateState): void;
  /** The Prometheus text of every metric. */
  text(): Promise<string>;
};

export function createMetrics(options: { database: Database; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const { database } = options;
  const operations = new Set<string>();
  const operationLabel = (name: string | null): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATIONS) return 'other';
    operations.add(name);
    return name;
  };

  const httpRequests = new Counter({
    name: 'opora_http_requests_total',
    help: 'Answers on the API port by door (graphql, reports, documents, files, calendar, health, web, metrics, other) and status class.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const graphqlRequests = new Counter({
    name: 'opora_graphql_requests_total',
    help: 'GraphQL requests by operation name and type, and result: ok, error (an answer with errors), refused (429/503: a limit or the gate), failed (5xx).',
    labelNames: ['operation', 'type', 'result'] as const,
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'opora_graphql_errors_total',
    help: 'Errors in GraphQL answers by operation and error code (extensions.code).',
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'opora_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to its answer, by operation and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const signInFailures = new Counter({
    name: 'opora_sign_in_failures_total',
    help: 'Sign-in attempts (login) answered with an error, by error code (UNAUTHENTICATED: wrong email or password; TOO_MANY_REQUESTS: a limit).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const rateLimitRefusals = new Counter({
    name: 'opora_rate_limit_refusals_total',
    help: 'Requests refused by a rate limit (429): signIn (per address) or aggregate (per viewer; GraphQL, /reports and /documents).',
    labelNames: ['limiter'] as const,
    registers: [registry],
  });
  const gateRefusals = new Counter({
    name: 'opora_request_gate_refusals_total',
    help: 'Requests the database gate refused (503): queueFull (too many aggregate requests waiting) or waitedTooLong.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const gateWait = new Histogram({
    name: 'opora_request_gate_wait_seconds',
    help: 'Time a signed-in request waited for its turn at the database (the gate: one transaction at a time on PGlite, bounded aggregate work on PostgreSQL).',
    labelNames: ['class'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const transactions = new Histogram({
    name: 'opora_db_transaction_duration_seconds',
    help: "A request's database transaction from its start to commit or rollback, by request class and outcome.",
    labelNames: ['class', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refreshes = new Histogram({
    name: 'opora_aggregate_refresh_duration_seconds',
    help: 'Background refreshes of the aggregate rollups, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });

  const backups = new Counter({
    name: 'opora_backups_total',
    help: "Backups of the embedded database taken by the server, by outcome (PostgreSQL's are pg_dump's, outside the server).",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const lastBackup = new Gauge({
    name: 'opora_backup_last_success_timestamp_seconds',
    help: 'When this server process last wrote a backup of the embedded database (Unix time); 0 until its first one (an hour after start).',
    registers: [registry],
    aggregator: 'max',
  });

  let gateState: (() => GateState) | null = null;
  new Gauge({
    name: 'opora_request_gate_requests',
    help: 'Requests at the database gate now: running or waiting, by class.',
    labelNames: ['state', 'class'] as const,
    registers: [registry],
    aggregator: 'sum',
    collect() {
      const s = gateState?.();
      if (!s) return;
      this.set({ state: 'running', class: 'staff' }, s.running - s.runningAggregate);
      this.set({ state: 'running', class: 'aggregate' }, s.runningAggregate);
      this.set({ state: 'waiting', class: 'staff' }, s.waitingStaff);
      this.set({ state: 'waiting', class: 'aggregate' }, s.waitingAggregate);
    },
  });

  // The connection pool (PostgreSQL); PGlite is one connection, which the gate above queues for.
  const pool = database.adapterFactory.pool;
  new Gauge({
    name: 'opora_db_pool_connections',
    help: 'Database connections: in use (busy), idle, the pool size (max), and requests waiting for a connection (waiting). PGlite: one connection, max 1.',
    labelNames: ['state'] as const,
    registers: [registry],
    aggregator: 'sum',
    collect() {
      if (pool) {
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      } else if (gateState) {
        const s = gateState();
        this.set({ state: 'busy' }, s.running);
        this.set({ state: 'idle' }, s.running ? 0 : 1);
        this.set({ state: 'waiting' }, s.waitingStaff + s.waitingAggregate);
      }
      this.set({ state: 'max' }, database.limits.connections);
    },
  });
  const poolWait = new Histogram({
    name: 'opora_db_pool_wait_seconds',
    help: 'Time to get a connection from the PostgreSQL pool (DATABASE_POOL_MAX); past DATABASE_TX_MAX_WAIT_MS a request fails.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  if (pool) timePoolWaits(pool, (seconds) => poolWait.observe(seconds));

  // The rollups' freshness, read when scraped (a small indexed query, as the aggregate role).
  let rollups: { age: number; stale: number; dirty: number } | null = null;
  const readRollups = async () => {
    try {
      const [row] = await database.prisma.$transaction(async (tx) => {
        await applySettings(tx, { role: AGGREGATE_ROLE, centerId: '', userId: '', statementTimeoutMs: 2_000 });
        return tx.$queryRawUnsafe<{ age: number | null; stale: number | null; dirty: number }[]>(
          `SELECT extract(epoch FROM now() - max("refreshedAt"))::float8 AS age,
                  extract(epoch FROM now() - min("refreshedAt") FILTER (WHERE "version" > "refreshedVersion"))::float8 AS stale,
                  count(*) FILTER (WHERE "version" > "refreshedVersion")::int AS dirty
             FROM "RollupMonth"`,
        );
      }, { maxWait: 2_000, timeout: 5_000 });
      rollups = { age: Math.max(0, row?.age ?? 0), stale: Math.max(0, row?.stale ?? 0), dirty: row?.dirty ?? 0 };
    } catch {
      rollups = null; // the database is busy or away: the gauges are left out of this scrape
    }
  };
  new Gauge({
    name: 'opora_aggregate_rollup_age_seconds',
    help: "Seconds since the aggregate rollups were last rebuilt (now − max(refreshedAt)): what the network and municipal figures' refreshedAt says.",
    registers: [registry],
    aggregator: 'max',
    async collect() {
      await readRollups();
      if (rollups) this.set(rollups.age);
      else this.reset();
    },
  });
  new Gauge({
    name: 'opora_aggregate_rollup_stale_seconds',
    help: 'Seconds the oldest changed month has waited for its rebuild (0 when none waits): how far behind the records the figures may be.',
    registers: [registry],
    aggregator: 'max',
    collect() {
      if (rollups) this.set(rollups.stale);
      else this.reset();
    },
  });
  new Gauge({
    name: 'opora_aggregate_rollup_dirty_months',
    help: 'Center-months changed since their last rebuild.',
    registers: [registry],
    aggregator: 'max',
    collect() {
      if (rollups) this.set(rollups.dirty);
      else this.reset();
    },
  });

  return {
    registry,
    http(route, status) {
      httpRequests.inc({ route, status: `${Math.floor(status / 100)}xx` });
    },
    graphql({ operation, type, status, seconds, errorCodes, signIn }) {
      const op = operationLabel(operation);
      const kind = type ?? 'unknown';
      const result: GraphQLResult = status === 429 || status === 503 ? 'refused' : status >= 500 ? 'failed' : errorCodes.length ? 'error' : 'ok';
      graphqlRequests.inc({ operation: op, type: kind, result });
      graphqlDuration.observe({ operation: op, type: kind }, seconds);
      for (const code of new Set(errorCodes)) {
        const label = ERROR_CODE.test(code) ? code : 'OTHER';
        graphqlErrors.inc({ operation: op, code: label });
        if (signIn) signInFailures.inc({ code: label });
      }
    },
    rateLimitRefusal: (limiter) => rateLimitRefusals.inc({ limiter }),
    gateRefusal: (reason) => gateRefusals.inc({ reason }),
    gateWait: (requestClass, seconds) => gateWait.observe({ class: requestClass }, seconds),
    transaction: (requestClass, seconds, outcome) => transactions.observe({ class: requestClass, outcome }, seconds),
    rollupRefresh: (outcome, seconds) => refreshes.observe({ outcome }, seconds),
    backup(outcome) {
      backups.inc({ outcome });
      if (outcome === 'ok') lastBackup.set(Date.now() / 1000);
    },
    watchGate(state) {
      gateState = state;
    },
    text: () => registry.metrics(),
  };
}

// pg's Pool has no wait measure of its own: time each checkout (both of its call forms; Prisma's
// adapter uses the promise for transactions and pool.query, which takes the callback form).
function timePoolWaits(pool: Pool, observe: (seconds: number) => void): void {
  const marked = pool as Pool & { __oporaTimed?: boolean };
  if (marked.__oporaTimed) return;
  marked.__oporaTimed = true;
  const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown;
  (pool as unknown as { connect: typeof connect }).connect = (callback?: (...args: unknown[]) => void) => {
    const started = performance.now();
    const done = () => observe((performance.now() - started) / 1000);
    if (callback) {
      return connect((...args: unknown[]) => {
        done();
        callback(...args);
      });
    }
    return (connect() as Promise<unknown>).then((client) => {
      done();
      return client;
    });
  };
}

/** Whether the request carries the metrics token (`Authorization: Bearer …`), compared in constant time. */
export function hasMetricsToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  const presented = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return presented.length > 0 && timingSafeEqual(digest(presented), digest(token));
}

/** Answers GET /metrics: 401 without the token when one is required, else the metrics. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, text: () => Promise<string>, token: string | null | undefined): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, HEAD');
    return void res.end();
  }
  if (token && !hasMetricsToken(req, token)) {
    res.statusCode = 401;
    res.setHeader('www-authenticate', 'Bearer realm="opora-metrics"');
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    return void res.end('metrics: a bearer token is required\n');
  }
  const body = await text();
  res.statusCode = 200;
  res.setHeader('content-type', Registry.PROMETHEUS_CONTENT_TYPE);
  res.setHeader('cache-control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The metrics port: GET /metrics only (token when configured), nothing else. */
export async function startMetricsServer(options: { port: number; host: string; token?: string | null; text: () => Promise<string> }): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.statusCode = 404;
      return void res.end();
    }
    serveMetrics(req, res, options.text, options.token).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
  };
}

/** In a cluster: the primary's view of every worker's metrics (each worker shares its registry). */
export function clusterMetrics(): { text: () => Promise<string> } {
  const aggregator = new AggregatorRegistry();
  return { text: () => aggregator.clusterMetrics() };
}

/** In a cluster worker: answer the primary's requests for this worker's metrics. */
export function shareWithPrimary(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  new AggregatorRegistry(); // installs the worker's listener
}
