// Opora's configuration: every environment variable the server, the schema and the data layer
// read, with its type, its default and its meaning, validated with zod. The one place where the
// environment is read (`process.env` appears nowhere else in prisma/, schema/ or server/, except
// OPORA_SUPPRESSION_K, which schema/src/aggregates reads itself with the same rule). README's
// configuration table is checked against VARIABLES by common/test/config.test.ts.
//
// A wrong value is an error naming the variable: `loadConfig()` checks all of them when the
// server starts (main.ts stops with the message), `setting(name)` one of them where it is used.
// An empty value counts as unset. Node only (the web has no environment).
import { isIP } from 'node:net';
import { z } from 'zod';

type Env = Record<string, string | undefined>;

const postgresUrl = (name: string) => z.string().regex(/^postgres(ql)?:\/\//, `${name} must be a postgresql:// URL`);

/** OPORA_TRUSTED_PROXIES: comma-separated IP addresses (IPv4-mapped IPv6 included). */
function isIpList(value: string): boolean {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((a) => isIP(a) !== 0);
}

type Variable = { type: z.ZodType; default: string; meaning: string };

/** Every variable: its zod type (with the default applied), and README's `default` and `meaning` cells. */
export const VARIABLES = {
  PORT: {
    type: z.coerce.number().int().min(0).max(65535).default(4000),
    default: "`4000`",
    meaning:
      "HTTP port (API and web)",
  },
  HOST: {
    type: z.string().default('0.0.0.0'),
    default: "`0.0.0.0`",
    meaning:
      "listen address",
  },
  DATABASE_URL: {
    type: postgresUrl('DATABASE_URL').optional(),
    default: "—",
    meaning:
      "PostgreSQL (`postgresql://…`); when absent, embedded PGlite",
  },
  DATABASE_POOL_MAX: {
    type: z.coerce.number().int().min(1).max(1000).default(10),
    default: "`10`",
    meaning:
      "PostgreSQL pool size (bounded; connect timeout 5 s)",
  },
  DATABASE_TX_MAX_WAIT_MS: {
    type: z.coerce.number().int().min(1).max(600_000).default(5_000),
    default: "`5000`",
    meaning:
      "longest wait for a connection before a clear error",
  },
  DATABASE_TX_TIMEOUT_MS: {
    type: z.coerce.number().int().min(1).max(3_600_000).default(15_000),
    default: "`15000`",
    meaning:
      "longest request transaction",
  },
  DATABASE_NAMED_STATEMENTS: {
    type: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
    default: "on",
    meaning:
      "`0`: no server-side prepared statements (needed behind PgBouncer in transaction mode before 1.21, or without `max_prepared_statements`)",
  },
  DATABASE_MIGRATION_URL: {
    type: postgresUrl('DATABASE_MIGRATION_URL').optional(),
    default: "—",
    meaning:
      "the owner's connection for migrations and the seed at start, when `DATABASE_URL` is the non-superuser runtime login (see \"Production database roles\")",
  },
  DATABASE_REPLICA_URL: {
    type: postgresUrl('DATABASE_REPLICA_URL').optional(),
    default: "—",
    meaning:
      "a streaming standby (PostgreSQL only) for the network and municipal figures: their reads go there, everything else to `DATABASE_URL`",
  },
  OPORA_DATA_DIR: {
    type: z.string().optional(),
    default: "`.opora-data/pglite`",
    meaning:
      "PGlite data directory",
  },
  OPORA_DEMO: {
    type: z.enum(['0', '1', 'true', 'false']).optional(),
    default: "on for PGlite, off for PostgreSQL",
    meaning:
      "load the demo centers and accounts into an empty database",
  },
  OPORA_SESSION_TTL_MINUTES: {
    type: z.coerce.number().int().min(1).max(525_600).default(720),
    default: "`720`",
    meaning:
      "sign-in token lifetime",
  },
  OPORA_BODY_LIMIT: {
    type: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(512 * 1024),
    default: "`524288`",
    meaning:
      "largest request body in bytes",
  },
  OPORA_FILE_MAX_BYTES: {
    type: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(25 * 1024 * 1024),
    default: "`26214400`",
    meaning:
      "largest attached file in bytes (the body limit of `POST /files`); a center may set a smaller limit for itself, never a larger one",
  },
  OPORA_FILE_STORE: {
    type: z.enum(['database', 's3']).default('database'),
    default: "`database`",
    meaning:
      "where new attachments' content goes: `database` (a table under row-level security, in every backup) or `s3` (an S3-compatible object store, under a random key; the metadata stays in the database). `pnpm files:move` moves existing files either way",
  },
  OPORA_S3_ENDPOINT: {
    type: z.string().regex(/^https?:\/\//, 'OPORA_S3_ENDPOINT must be an http(s):// URL').optional(),
    default: "—",
    meaning:
      "the object store's URL (path-style requests); absent: AWS S3 in `OPORA_S3_REGION`",
  },
  OPORA_S3_REGION: {
    type: z.string().regex(/^[a-z0-9-]{2,40}$/).default('us-east-1'),
    default: "`us-east-1`",
    meaning:
      "the object store's region",
  },
  OPORA_S3_BUCKET: {
    type: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'OPORA_S3_BUCKET must be a bucket name').optional(),
    default: "—",
    meaning:
      "the bucket attachments go to (required with `OPORA_FILE_STORE=s3` or `pnpm files:move --to s3`)",
  },
  OPORA_S3_ACCESS_KEY_ID: {
    type: z.string().optional(),
    default: "—",
    meaning:
      "the object store's access key",
  },
  OPORA_S3_SECRET_ACCESS_KEY: {
    type: z.string().optional(),
    default: "—",
    meaning:
      "the object store's secret key",
  },
  OPORA_SECRET_KEY: {
    type: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'OPORA_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32)')
      .optional(),
    default: "a key file, `.opora-data/secret.key`",
    meaning:
      "the key (32 bytes, base64) that encrypts each second-factor secret at rest; without it one is made in `.opora-data/secret.key` at first use. Set it, the same on every server, when the servers do not share that disk",
  },
  NODE_ENV: {
    type: z.enum(['development', 'production', 'test']).default('development'),
    default: "`development`",
    meaning:
      "`production`: no introspection, no sandbox, no stack traces, trusted documents only",
  },
  LOG_LEVEL: {
    type: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    default: "`info`",
    meaning:
      "pino log level",
  },
  REDIS_URL: {
    type: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL').optional(),
    default: "—",
    meaning:
      "`redis://…`: rate limits shared by every server process; in memory when absent",
  },
  OPORA_RATE_LIMIT_PREFIX: {
    type: z.string().regex(/^[A-Za-z0-9:_-]{1,60}$/).default('opora'),
    default: "`opora`",
    meaning:
      "namespace of the rate-limit keys in Redis",
  },
  OPORA_AGGREGATE_RATE_LIMIT: {
    type: z.coerce.number().int().min(1).max(100_000).default(120),
    default: "`120`",
    meaning:
      "expensive aggregate queries (network, municipal, yearly reports), `/reports/*.csv` and `/documents/*.pdf` downloads, one budget per viewer per minute",
  },
  OPORA_SIGN_IN_RATE_LIMIT: {
    type: z.coerce.number().int().min(1).max(100_000).default(60),
    default: "`60`",
    meaning:
      "sign-in attempts per client address per minute (before the database throttle)",
  },
  OPORA_UPLOAD_RATE_LIMIT: {
    type: z.coerce.number().int().min(1).max(100_000).default(30),
    default: "`30`",
    meaning:
      "files uploaded (`POST /files`) per signed-in user per minute, refused or not; a phone photographing a paper file page by page stays well inside",
  },
  OPORA_QUERY_TIMEOUT_MS: {
    type: z.coerce.number().int().min(100).max(600_000).default(8_000),
    default: "`8000`",
    meaning:
      "per-request deadline: `statement_timeout` (the transaction gets 2 s more) → `QUERY_TIMEOUT`",
  },
  OPORA_TRUSTED_DOCUMENTS: {
    type: z.string().optional(),
    default: "`web/dist/trusted-documents.json`",
    meaning:
      "the web app's operations, the only ones production runs; `off` accepts any document",
  },
  OPORA_TRUSTED_PROXIES: {
    type: z.string().refine(isIpList, 'OPORA_TRUSTED_PROXIES must list IP addresses, comma-separated').optional(),
    default: "—",
    meaning:
      "reverse proxies (comma-separated IP addresses) whose `X-Forwarded-For` names the client, for sign-in limits, rate limits and the audit trail; the right-most address no trusted proxy added is the client; without it the header is ignored",
  },
  OPORA_AGGREGATE_REFRESH_S: {
    type: z.coerce.number().int().min(0).max(86_400).default(60),
    default: "`60`",
    meaning:
      "seconds between background refreshes of the aggregate rollups (changed months; the current month hourly). A reader rebuilds only the latest changes, when they are at most 16 center-months; past that it reads the rollups as of their `refreshedAt` and this refresh catches up. `0` turns it off: then schedule `SELECT aggregate_refresh()` some other way",
  },
  OPORA_REMINDER_EVERY_S: {
    type: z.coerce.number().int().min(0).max(86_400).default(300),
    default: "`300`",
    meaning:
      "seconds between runs of the reminder job (ИОП/ИПП due in 3 days or overdue, plan reviews, contracts ending: one notification each, safe in several processes) and of the mail sender; `0` turns both off",
  },
  OPORA_SMTP_URL: {
    type: z.string().regex(/^smtps?:\/\//, 'OPORA_SMTP_URL must be an smtp:// or smtps:// URL').optional(),
    default: "—",
    meaning:
      "SMTP server for notification e-mail (`smtp://user:pass@host:587`, `smtps://…` for TLS); no e-mail when absent. Each mail names a case number and a link, never a person",
  },
  OPORA_MAIL_FROM: {
    type: z.string().default('Opora <no-reply@opora.local>'),
    default: "`Opora <no-reply@opora.local>`",
    meaning:
      "the From address of notification e-mail",
  },
  OPORA_PUBLIC_URL: {
    type: z.string().url('OPORA_PUBLIC_URL must be a URL').default('http://localhost:4000'),
    default: "`http://localhost:4000`",
    meaning:
      "the address people open Opora at, for the links in e-mail",
  },
  OPORA_RETENTION_EVERY_H: {
    type: z.coerce.number().int().min(0).max(24 * 31).default(24),
    default: "`24`",
    meaning:
      "hours between runs of the retention job (GDPR): in each center with a retention rule (`Center.retentionYears`, 10 by default, set by its manager) every person whose every case closed more than that many years ago, none open, is anonymised, each person all or nothing (see README, Data rights); the first run a minute after start; `0` turns it off",
  },
  OPORA_BACKUP_EVERY_H: {
    type: z.coerce.number().int().min(0).max(24 * 7).default(24),
    default: "`24`",
    meaning:
      "hours between the server's own backups of the embedded database (a PostgreSQL-compatible SQL dump, taken while it serves; the first one an hour after start); `0` turns them off. On PostgreSQL use `npm run backup` from cron (pg_dump)",
  },
  OPORA_BACKUP_KEEP: {
    type: z.coerce.number().int().min(1).max(1000).default(14),
    default: "`14`",
    meaning: "how many backups `OPORA_BACKUP_DIR` keeps (the oldest are removed after each new one)",
  },
  OPORA_BACKUP_DIR: {
    type: z.string().min(1).optional(),
    default: "`.opora-data/backups`",
    meaning: "where backups are written (`opora-<UTC time>.sql.gz`) and where `npm run restore` looks first",
  },
  OPORA_METRICS_PORT: {
    type: z.coerce.number().int().min(1).max(65535).optional(),
    default: "—",
    meaning:
      "a port of its own for Prometheus metrics (`GET /metrics`), on `OPORA_METRICS_HOST`; no such port when absent. With several server processes it answers for all of them",
  },
  OPORA_METRICS_HOST: {
    type: z.string().min(1).default('127.0.0.1'),
    default: "`127.0.0.1`",
    meaning:
      "listen address of the metrics port (keep it private: a firewall or an internal interface)",
  },
  OPORA_METRICS_TOKEN: {
    type: z.string().min(24, 'OPORA_METRICS_TOKEN must be at least 24 characters').regex(/^[\x21-\x7e]+$/, 'OPORA_METRICS_TOKEN must be printable ASCII without spaces').optional(),
    default: "—",
    meaning:
      "a bearer token (24 characters or more) for the metrics: when set, the API port also serves `GET /metrics` to `Authorization: Bearer <token>` and the metrics port asks for it too. Without it `/metrics` on the API port does not exist",
  },
  OPORA_WORKERS: {
    type: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
    default: "`1`",
    meaning:
      "server processes sharing the port (node:cluster), or `auto` for one per core; PostgreSQL only (PGlite lives in one process). The primary migrates and seeds, then restarts a worker that dies",
  },
  OPORA_SUPPRESSION_K: {
    type: z.coerce.number().int().min(3).max(100).default(5),
    default: "`5`",
    meaning:
      "the smallest count the aggregate figures (network, municipal, yearly reports) show; smaller counts are suppressed. A deployment may raise it, never below `3`",
  },
} satisfies Record<string, Variable>;

export type VariableName = keyof typeof VARIABLES;
export type Settings = { [K in VariableName]: z.output<(typeof VARIABLES)[K]['type']> };

/** One variable, validated; a wrong value throws an error that names it. */
export function setting<K extends VariableName>(name: K, env: Env = process.env): Settings[K] {
  const parsed = VARIABLES[name].type.safeParse(present(env[name]));
  if (!parsed.success) throw new ConfigError([issueText(name, env[name], parsed.error.issues[0]?.message)]);
  return parsed.data as Settings[K];
}

/** Every variable at once (the server's start): all wrong values in one error, each named. */
export function readSettings(env: Env = process.env): Settings {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of Object.keys(VARIABLES) as VariableName[]) {
    const parsed = VARIABLES[name].type.safeParse(present(env[name]));
    if (parsed.success) out[name] = parsed.data;
    else problems.push(issueText(name, env[name], parsed.error.issues[0]?.message));
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Settings;
}

export type Config = Settings & { demo: boolean; production: boolean };

/** The server's configuration, validated once at start: a wrong value stops it with a message naming the variable. */
export function loadConfig(env: Env = process.env): Config {
  const c = readSettings(env);
  const demo = c.OPORA_DEMO === undefined ? !c.DATABASE_URL : c.OPORA_DEMO === '1' || c.OPORA_DEMO === 'true';
  return { ...c, demo, production: c.NODE_ENV === 'production' };
}

/** The default of a variable that has one (e.g. the limits the server falls back on without configuration). */
export function defaultOf<K extends VariableName>(name: K): Settings[K] {
  return setting(name, {});
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function issueText(name: string, raw: string | undefined, message: string | undefined): string {
  const why = message && message.includes(name) ? message : `${message ?? 'invalid value'}`;
  return `${name}: ${why} (got "${raw ?? ''}")`;
}
