import { createOporaServer, createLogger, createRateLimits, prepareAggregateDecisions, type OporaServer, type OporaServerOptions } from '@opora/server';
import { settledDecisions } from '@opora/schema';
import type { Database } from '@opora/prisma/db';
import { openTestDatabase } from './test-database.ts';

export const DEMO_PASSWORD = 'opora-demo';
export const DEMO = {
  plovdivManager: 'manager@plovdiv.opora.test',
  plovdivWorker: 'worker@plovdiv.opora.test',
  kazanlakManager: 'manager@kazanlak.opora.test',
  kazanlakPsychologist: 'psychologist@kazanlak.opora.test',
  kazanlakMobile: 'mobile@kazanlak.opora.test',
  networkAnalyst: 'analyst@network.opora.test',
  kazanlakViewer: 'viewer@kazanlak.municipality.opora.test',
  plovdivViewer: 'viewer@plovdiv.municipality.opora.test',
} as const;

export type GraphQLResponse<T = Record<string, any>> = {
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
};

export type TestApiOptions = {
  unsafe?: { withoutShield?: boolean; withoutRowLevelSecurity?: boolean };
  /** Production mode: no introspection, no stack traces, trusted documents enforced. */
  production?: boolean;
  logger?: OporaServerOptions['logger'];
  /** Serve this database instead of a private copy of the seeded template (stop() closes it too). */
  database?: Database;
} & Pick<
  OporaServerOptions,
  | 'bodyLimit'
  | 'rateLimits'
  | 'trustedDocuments'
  | 'enforceTrustedDocuments'
  | 'queryTimeoutMs'
  | 'transactionTimeoutMs'
  | 'webDir'
  | 'trustedProxies'
  | 'signInDelay'
  | 'gate'
  | 'demoAccounts'
  | 'files'
>;

/** A real Opora server over HTTP on a private copy of the seeded database. */
export class TestApi {
  /** SQL statements seen since the last `countStatements` started. */
  private statements: string[] | null = null;
  /** Messages sent to PostgreSQL since the last `countRoundTrips` started. */
  private trips: string[] | null = null;

  private constructor(
    readonly db: Database,
    readonly app: OporaServer,
    readonly url: string,
  ) {}

  static async start(options: TestApiOptions = {}): Promise<TestApi> {
    let self: TestApi | undefined;
    const { unsafe, logger, database, ...server } = options;
    const db = database ?? (await openTestDatabase({ onQuery: (sql) => self?.statements?.push(sql), onRoundTrip: (sql) => self?.trips?.push(sql) }));
    const log = logger ?? createLogger(process.env.OPORA_TEST_LOG ?? 'silent');
    const app = createOporaServer({
      database: db,
      logger: log,
      // Every test signs in from 127.0.0.1: rate limits stay out of the way unless a test
      // brings its own (tests/src/hardening/limits.test.ts).
      rateLimits: createRateLimits({ logger: log, signIn: { points: 1_000_000, durationS: 60 }, aggregate: { points: 1_000_000, durationS: 60 }, upload: { points: 1_000_000, durationS: 60 } }),
      ...(unsafe ? { unsafe } : {}),
      ...server,
    });
    const url = await app.listen(0, '127.0.0.1');
    self = new TestApi(db, app, url);
    return self;
  }

  /** Runs `work` and returns the SQL statements Prisma sent for it (COMMIT included). */
  countStatements(work: () => Promise<unknown>): Promise<string[]> {
    return this.recording('statements', work);
  }

  /** Runs `work` and returns the messages it sent to PostgreSQL (several statements may ride in one); none on PGlite. */
  countRoundTrips(work: () => Promise<unknown>): Promise<string[]> {
    return this.recording('trips', work);
  }

  private async recording(list: 'statements' | 'trips', work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    this[list] = seen;
    try {
      await work();
      return seen;
    } finally {
      this[list] = null;
    }
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.db.close();
  }

  async post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: GraphQLResponse }> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text) as GraphQLResponse };
    } catch {
      throw new Error(`not JSON (HTTP ${res.status}): ${text.slice(0, 300)}`);
    }
  }

  async gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string | null,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const { json } = await this.post({ query, variables }, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
    return json as GraphQLResponse<T>;
  }

  /**
   * Like gql, but fails the test on any error. A municipal system still being decided
   * (AGGREGATE_PREPARING, "try again in a moment") is asked again, as the message says: on a
   * busy machine the first decision can outlast a request's deadline.
   */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string | null): Promise<T> {
    let result = await this.gql<T>(query, variables, token);
    for (let i = 0; i < 100 && result.errors?.length && result.errors.every((e) => e.extensions?.code === 'AGGREGATE_PREPARING'); i++) {
      result = await this.gql<T>(query, variables, token);
    }
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as T;
  }

  /** As the server does at start: every municipal dashboard's systems decided (and kept) before the test reads them. */
  async prepareAggregates(): Promise<void> {
    await prepareAggregateDecisions(this.db, createLogger('silent'));
    await settledDecisions();
  }

  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const data = await this.ok<{ login: { token: string } }>(
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
      { email, password },
    );
    return data.login.token;
  }
}

export function errorCodes(result: GraphQLResponse): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}
