import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '@opora/schema';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  AGGREGATE_POINTS,
  AGGREGATE_WINDOW_S,
  isExpensiveRootField,
  SIGN_IN_POINTS,
  SIGN_IN_WINDOW_S,
  UPLOAD_POINTS,
  UPLOAD_WINDOW_S,
} from './limits.ts';
import type { MessageKey } from '@opora/common/messages';
import { transportError } from './errors.ts';

export type RateLimitOptions = {
  /** Shared between server processes through Redis when set; in memory otherwise. */
  redisUrl?: string | undefined;
  /** Key prefix in Redis (tests use a fresh one per run). */
  prefix?: string;
  aggregate?: { points: number; durationS: number };
  signIn?: { points: number; durationS: number };
  upload?: { points: number; durationS: number };
  logger: Logger;
};

export type LimiterName = 'aggregate' | 'signIn' | 'upload';

export type RateLimits = {
  store: 'redis' | 'memory';
  aggregate: RateLimiterAbstract;
  signIn: RateLimiterAbstract;
  upload: RateLimiterAbstract;
  /** Who hears of each refusal (the server's metrics). */
  readonly refusalListeners: Set<(limiter: LimiterName) => void>;
  close(): Promise<void>;
};

/**
 * The limiters: expensive aggregate queries per viewer, sign-in attempts per address, file
 * uploads per user.
 * With Redis each limiter keeps an in-memory insurance limiter: if Redis fails, limits keep
 * holding per process instead of failing open or failing every request.
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  const aggregate = options.aggregate ?? { points: AGGREGATE_POINTS, durationS: AGGREGATE_WINDOW_S };
  const signIn = options.signIn ?? { points: SIGN_IN_POINTS, durationS: SIGN_IN_WINDOW_S };
  const upload = options.upload ?? { points: UPLOAD_POINTS, durationS: UPLOAD_WINDOW_S };
  const prefix = options.prefix ?? 'opora';
  if (!options.redisUrl) {
    return {
      store: 'memory',
      aggregate: new RateLimiterMemory({ keyPrefix: `${prefix}:aggregate`, points: aggregate.points, duration: aggregate.durationS }),
      signIn: new RateLimiterMemory({ keyPrefix: `${prefix}:sign-in`, points: signIn.points, duration: signIn.durationS }),
      upload: new RateLimiterMemory({ keyPrefix: `${prefix}:upload`, points: upload.points, duration: upload.durationS }),
      refusalListeners: new Set(),
      close: async () => {},
    };
  }
  const redis = new Redis(options.redisUrl, {
    // Fail fast while Redis is away (the insurance limiter answers) instead of queueing.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) options.logger.warn({ err: error }, 'redis unavailable: rate limits fall back to this process');
    reported = true;
  });
  redis.on('ready', () => (reported = false));
  const make = (name: string, limit: { points: number; durationS: number }) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${name}`,
      points: limit.points,
      duration: limit.durationS,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${prefix}:${name}:local`, points: limit.points, duration: limit.durationS }),
    });
  return {
    store: 'redis',
    aggregate: make('aggregate', aggregate),
    signIn: make('sign-in', signIn),
    upload: make('upload', upload),
    refusalListeners: new Set(),
    close: async () => {
      redis.disconnect();
    },
  };
}

/** Root fields of the operation, through fragments at the root. */
export function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const names: string[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments[selection.name.value];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

/** Mutations that guess a secret (a password, a one-time code): limited per address together. */
// A current password asked again (changePassword, newRecoveryCodes, disableTwoFactor) is a guess too.
const SIGN_IN_FIELDS = new Set(['login', 'setPasswordWithCode', 'changePassword', 'newRecoveryCodes', 'disableTwoFactor']);

/** Refuses expensive aggregate queries and sign-in floods beyond their limits (429). */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue: ctx }) {
          if (!operation) return;
          const roots = rootFieldNames(operation, document);
          if (operation.operation === 'mutation') {
            const attempts = roots.filter((r) => SIGN_IN_FIELDS.has(r)).length;
            if (attempts) await consume(limits, 'signIn', `address:${ctx.ip ?? 'unknown'}`, attempts, ctx.locale);
            return;
          }
          if (operation.operation !== 'query') return;
          const expensive = roots.filter(isExpensiveRootField).length;
          if (!expensive) return;
          await spendAggregateBudget(limits, ctx.viewer, ctx.ip, expensive, ctx.locale);
        },
      };
    },
  };
}

/**
 * Spends `points` of the viewer's aggregate budget, one budget per viewer whatever the door:
 * the expensive GraphQL root fields and the /reports downloads draw on the same key.
 * Over budget: TOO_MANY_REQUESTS (429, Retry-After).
 */
export function spendAggregateBudget(
  limits: RateLimits,
  viewer: { userId: string } | null,
  ip: string | null,
  points: number,
  locale: 'bg' | 'en',
): Promise<void> {
  const who = viewer ? `user:${viewer.userId}` : `address:${ip ?? 'unknown'}`;
  return consume(limits, 'aggregate', who, points, locale);
}

/**
 * Spends one upload of the user's budget (POST /files), before the body is read.
 * Over budget: TOO_MANY_REQUESTS (429, Retry-After) saying so in both languages.
 */
export function spendUploadBudget(limits: RateLimits, viewer: { userId: string }, locale: 'bg' | 'en'): Promise<void> {
  return consume(limits, 'upload', `user:${viewer.userId}`, 1, locale, 'tooManyUploads');
}

async function consume(limits: RateLimits, name: LimiterName, key: string, points: number, locale: 'bg' | 'en', message: MessageKey = 'tooManyRequests'): Promise<void> {
  try {
    await limits[name].consume(key, points);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    for (const listener of limits.refusalListeners) listener(name);
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw transportError('TOO_MANY_REQUESTS', message, locale, {
      params: { seconds },
      status: 429,
      headers: { 'retry-after': String(seconds) },
      extra: { retryAfterSeconds: seconds },
    });
  }
}
