import cluster from 'node:cluster';
import { setUpServerWorkers } from './cluster-workers.ts';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@opora/prisma/db';
import { databaseTargetFromEnv } from '@opora/prisma/database-config';
import { applyMigrations, migrationsUpToDate } from '@opora/prisma/migrate';
import { inTenant } from '@opora/prisma/tenant';
import { DEMO_PASSWORD, demoAccountsOf, seedIfEmpty, type DemoAccount } from '@opora/prisma/seed';
import { createOporaServer } from './app.ts';
import { configuredAttachmentContents } from './object-store.ts';
import { scheduleBackups } from './backups.ts';
import { scheduleReminders, smtpMailer } from './reminders.ts';
import { prepareAggregateDecisions, redecideAfterRefresh } from './aggregate-decisions.ts';
import { parseTrustedProxies } from './client-address.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { AGGREGATE_WINDOW_S, SIGN_IN_WINDOW_S, UPLOAD_WINDOW_S } from './limits.ts';
import { createRateLimits } from './rate-limit.ts';
import { loadTrustedDocuments } from './trusted-documents.ts';
import { clusterMetrics, createMetrics, shareWithPrimary, startMetricsServer } from './metrics.ts';
import { publishSignedOffReports, runRetention } from '@opora/schema';

// `pnpm start`: migrate, load the demo data into an empty database (demo mode), serve.
const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const logger = createLogger(config.LOG_LEVEL, undefined, { pretty: !config.production });
const target = databaseTargetFromEnv();
const workers = config.OPORA_WORKERS === 'auto' ? availableParallelism() : config.OPORA_WORKERS;
if (workers > 1 && target.kind !== 'postgres') logger.warn({ workers }, 'OPORA_WORKERS needs PostgreSQL (PGlite lives in one process): serving with one process');
const clustered = workers > 1 && target.kind === 'postgres';
/** Named on the sign-in page and the running line: set once the database is prepared (demo mode only). */
let demoAccounts: readonly DemoAccount[] | null = null;

if (clustered && cluster.isPrimary) {
  // The primary migrates and seeds once, then only supervises: the workers share the port
  // (node:cluster hands connections round-robin) and keep no state a sibling would need.
  const database = openDatabase(target);
  await prepare(database);
  await database.close();
  let stopping = false;
  setUpServerWorkers();
  const fork = () => cluster.fork().on('exit', (code, signal) => {
    if (stopping) return;
    logger.error({ code, signal }, 'a server process exited: starting another');
    setTimeout(fork, 1_000).unref();
  });
  for (let i = 0; i < workers; i++) fork();
  logger.info({ workers }, 'Opora is starting its server processes');
  // One metrics port for the whole cluster: the primary asks every worker for its metrics.
  const metricsPort = config.OPORA_METRICS_PORT
    ? await startMetricsServer({ port: config.OPORA_METRICS_PORT, host: config.OPORA_METRICS_HOST, token: config.OPORA_METRICS_TOKEN ?? null, text: clusterMetrics().text })
    : null;
  if (metricsPort) logger.info({ metrics: metricsPort.url }, `metrics (every server process) at ${metricsPort.url}`);
  const stopAll = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down the server processes');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const force = setTimeout(() => process.exit(1), 12_000);
    force.unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
} else {
  await serve();
}

async function prepare(database: ReturnType<typeof openDatabase>): Promise<void> {
  // Migrations and the seed run as the owner: over DATABASE_MIGRATION_URL when the server's own
  // login is the non-superuser runtime login (docs/security.md, "Production database roles").
  const owner = config.DATABASE_MIGRATION_URL ? openDatabase({ kind: 'postgres', url: config.DATABASE_MIGRATION_URL }) : database;
  try {
    // The schema engine (seconds to load) runs only when a migration is pending or changed.
    if (await migrationsUpToDate(owner.prisma)) logger.info('database schema is up to date');
    else {
      logger.info('applying database migrations…');
      const applied = await applyMigrations(owner.adapterFactory);
      logger.info({ applied: applied.length }, applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
    }
    const started = Date.now();
    const seeded = await seedIfEmpty(owner.prisma, {
      demo: config.demo,
      progress: (step) => logger.info(step),
    });
    if (seeded.seeded) logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'database was empty: catalogue' + (config.demo ? ' and demo data loaded' : ' loaded'));
    // The sign-in page and the start line name the demo accounts only when they exist here.
    demoAccounts = await demoAccountsOf(owner.prisma, config.demo);
    // Yearly reports signed off before their published copy existed (migration
    // 20261205091000_yearly_report_published) get it now, from their own frozen figures; until
    // then no network or municipal reader is shown them. Runs as the runtime role, per center.
    const published = await publishSignedOffReports(database.prisma);
    if (published) logger.info({ reports: published }, 'yearly reports: published copies made for reports signed off before them');
  } finally {
    if (owner !== database) await owner.close();
  }
}

async function serve(): Promise<void> {
  logger.info(
    { database: target.kind === 'postgres' ? 'postgresql' : `pglite ${target.dataDir}`, ...(config.DATABASE_REPLICA_URL ? { figures: 'replica' } : {}) },
    'opening database',
  );
  const database = openDatabase(target, { replicaUrl: config.DATABASE_REPLICA_URL ?? null });
  // A cluster worker finds the database prepared by its primary.
  if (!clustered) await prepare(database);
  else demoAccounts = await demoAccountsOf(database.prisma, config.demo);

  const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const rateLimits = createRateLimits({
    redisUrl: config.REDIS_URL,
    prefix: config.OPORA_RATE_LIMIT_PREFIX,
    aggregate: { points: config.OPORA_AGGREGATE_RATE_LIMIT, durationS: AGGREGATE_WINDOW_S },
    signIn: { points: config.OPORA_SIGN_IN_RATE_LIMIT, durationS: SIGN_IN_WINDOW_S },
    upload: { points: config.OPORA_UPLOAD_RATE_LIMIT, durationS: UPLOAD_WINDOW_S },
    logger,
  });
  const trustedOff = config.OPORA_TRUSTED_DOCUMENTS === 'off';
  const manifest = trustedOff ? null : path.resolve(config.OPORA_TRUSTED_DOCUMENTS ?? path.join(webDir, 'trusted-documents.json'));
  const trustedDocuments = manifest ? loadTrustedDocuments(manifest) : null;
  if (config.production && !trustedOff && !trustedDocuments) {
    logger.warn({ manifest }, 'production without a trusted-documents manifest: every GraphQL document is refused (build the web app, or set OPORA_TRUSTED_DOCUMENTS=off)');
  }
  logger.info(
    { rateLimits: rateLimits.store, trustedDocuments: trustedDocuments?.size ?? 0, enforced: config.production && !trustedOff },
    'limits',
  );
  // Prometheus metrics: on a port of their own and/or on this port behind a bearer token, never public.
  const metrics = config.OPORA_METRICS_PORT || config.OPORA_METRICS_TOKEN ? createMetrics({ database }) : null;
  if (metrics && clustered) shareWithPrimary(metrics);
  const app = createOporaServer({
    database,
    metrics,
    metricsToken: config.OPORA_METRICS_TOKEN ?? null,
    logger,
    production: config.production,
    bodyLimit: config.OPORA_BODY_LIMIT,
    webDir: existsSync(webDir) ? webDir : null,
    rateLimits,
    trustedDocuments,
    enforceTrustedDocuments: config.production && !trustedOff,
    queryTimeoutMs: config.OPORA_QUERY_TIMEOUT_MS,
    trustedProxies: parseTrustedProxies(config.OPORA_TRUSTED_PROXIES),
    transactionTimeoutMs: config.OPORA_QUERY_TIMEOUT_MS + 2_000,
    demoAccounts,
    // The database by default; OPORA_FILE_STORE=s3 sends new files to the object store.
    files: configuredAttachmentContents(),
  });
  const url = await app.listen(config.PORT, config.HOST);
  const metricsPort = metrics && config.OPORA_METRICS_PORT && !clustered
    ? await startMetricsServer({ port: config.OPORA_METRICS_PORT, host: config.OPORA_METRICS_HOST, token: config.OPORA_METRICS_TOKEN ?? null, text: metrics.text })
    : null;
  if (metricsPort) logger.info({ metrics: metricsPort.url }, `metrics at ${metricsPort.url}`);
  else if (metrics && config.OPORA_METRICS_TOKEN && !clustered) logger.info(`metrics at ${url}/metrics (bearer token)`);
  const demoLine = demoAccounts ? ` — demo accounts (password ${DEMO_PASSWORD}): ${demoAccounts.map((a) => a.email).join(', ')}` : '';
  logger.info({ url, graphql: `${url}/graphql`, web: existsSync(webDir) }, `Opora is running at ${url}${demoLine}`);
  // Viewers open on figures already decided (one process prepares them; the others read them back).
  const preparer = !clustered || cluster.worker?.id === 1;
  if (preparer) prepareAggregateDecisions(database, logger).catch((error: unknown) => logger.error({ err: error }, 'preparing aggregate figures failed'));
  const stopBackups = scheduleBackups(database, logger, {
    everyHours: config.OPORA_BACKUP_EVERY_H,
    keep: config.OPORA_BACKUP_KEEP,
    ...(metrics ? { onBackup: metrics.backup } : {}),
  });

  // Reminders (due dates, contracts ending) and their e-mail: every process may run them (each
  // notification and mail is created and sent once, whichever process gets there first).
  const stopReminders = scheduleReminders(database.prisma, logger, {
    everyS: config.OPORA_REMINDER_EVERY_S,
    mailer: config.OPORA_SMTP_URL ? smtpMailer({ url: config.OPORA_SMTP_URL, from: config.OPORA_MAIL_FROM, publicUrl: config.OPORA_PUBLIC_URL }) : null,
  });

  // The rollups are kept current off the read path too: readers then find little or nothing to
  // rebuild. Several processes may run it at once; the refresh skips months another is doing.
  let refreshing = false;
  const refreshEvery = config.OPORA_AGGREGATE_REFRESH_S * 1000;
  const refresh = refreshEvery ? setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    const startedAt = performance.now();
    const took = () => (performance.now() - startedAt) / 1000;
    inTenant(database.prisma, { kind: 'anonymous' }, (tx) => tx.$queryRawUnsafe<{ rebuilt: number }[]>('SELECT aggregate_refresh() AS rebuilt'), { timeout: 600_000 })
      .then(async ([row]) => {
        metrics?.rollupRefresh('ok', took());
        if (!row?.rebuilt) return;
        logger.info({ months: row.rebuilt }, 'aggregate rollups refreshed');
        // The systems viewers asked for, and every dashboard's, go to the workers again (off any request).
        await redecideAfterRefresh(database, logger);
        if (preparer) await prepareAggregateDecisions(database, logger);
      })
      .catch((error: unknown) => {
        metrics?.rollupRefresh('error', took());
        logger.error({ err: error }, 'aggregate refresh failed');
      })
      .finally(() => (refreshing = false));
  }, refreshEvery) : null;
  refresh?.unref();

  // Retention (GDPR, schema/src/support/retention.ts): one process runs it (the preparer), a
  // minute after start and then every OPORA_RETENTION_EVERY_H hours; each person all or nothing.
  let retaining = false;
  const retentionEvery = config.OPORA_RETENTION_EVERY_H * 3_600_000;
  const retain = () => {
    if (retaining) return;
    retaining = true;
    runRetention(database.prisma)
      .then((report) => {
        if (report.persons) logger.info(report, 'retention: persons anonymised');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'retention run failed'))
      .finally(() => (retaining = false));
  };
  const retentionStart = retentionEvery && preparer ? setTimeout(retain, 60_000) : null;
  retentionStart?.unref();
  const retention = retentionEvery && preparer ? setInterval(retain, retentionEvery) : null;
  retention?.unref();

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (refresh) clearInterval(refresh);
    if (retention) clearInterval(retention);
    if (retentionStart) clearTimeout(retentionStart);
    if (stopping) return;
    stopBackups();
    stopReminders();
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await metricsPort?.close();
      await app.close();
      await rateLimits.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
