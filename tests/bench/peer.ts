// The peer: PostGraphile 5, the engine a team would reach for to get "a GraphQL API over
// PostgreSQL with row-level security", on Opora's own database, roles and policies. Started by
// the benchmark in processes of its own (server-process.ts, mode `peer`); never part of Opora.
//
// What it does per request, as PostGraphile's documentation sets it up:
// - the bearer token is verified in this process (HMAC-SHA256 over the payload, a secret the
//   benchmark hands it, as a JWT would be): no database round trip, and a session revoked in
//   the database is NOT refused until the token expires;
// - `pgSettings` makes PostGraphile run the request in one transaction with
//   `role = opora_app`, `app.center_id` and `app.user_id` set locally (the settings Opora's
//   row-level security reads: app_current_center(), app_current_user());
// - no permission layer, no audit of the people it returns: RLS is its only wall.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// PostGraphile 5 declares Node 22; on Node 20 Grafast needs Promise.withResolvers. Supplied here,
// in the peer's own process only (this module is loaded by no Opora process).
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
const P = Promise as unknown as { withResolvers?: WithResolvers };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export type PeerClaims = { userId: string; centerId: string; exp: number };

/** A token the peer accepts: base64url(JSON claims).base64url(HMAC-SHA256(secret, claims)). */
export function signPeerToken(secret: string, claims: PeerClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export function verifyPeerToken(secret: string, token: string): PeerClaims | null {
  const dot = token.indexOf('.');
  if (dot < 0) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PeerClaims;
  return claims.exp > Date.now() / 1000 ? claims : null;
}

export async function startPeer(connectionString: string, secret: string): Promise<{ url: string; stop: () => Promise<void> }> {
  // Loaded untyped: PostGraphile's declarations pull in @types/react (through its GraphiQL,
  // ruru), whose empty global HTMLElement would break the browser tests' types.
  const load = (specifier: string): Promise<any> => import(specifier);
  const { postgraphile } = await load('postgraphile');
  const { PostGraphileAmberPreset } = await load('postgraphile/presets/amber');
  const { makePgService } = await load('postgraphile/adaptors/pg');
  const { grafserv } = await load('postgraphile/grafserv/node');
  const { addPgTableCondition } = await load('postgraphile/utils');
  const pg = (await import('pg')).default;

  // The same pool size as Opora's (DATABASE_POOL_MAX, 10 by default).
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
  pool.on('error', () => {});

  // `condition: { statusIn: [...] }`: the caseload's "open" filter. PostGraphile's own
  // conditions are equalities; this is the documented way to add one.
  const StatusInPlugin = addPgTableCondition(
    { schemaName: 'public', tableName: 'Case' },
    'statusIn',
    (build: any) => {
      const { GraphQLList, GraphQLNonNull } = build.graphql;
      return { type: new GraphQLList(new GraphQLNonNull(build.getTypeByName('CaseStatus') as any)) };
    },
    (value: unknown, { sql, sqlTableAlias }: any) =>
      Array.isArray(value) && value.length ? sql`${sqlTableAlias}."status" = ANY(${sql.value(value as string[])}::"CaseStatus"[])` : null,
  );

  const preset = {
    extends: [PostGraphileAmberPreset],
    plugins: [StatusInPlugin],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafserv: { graphiqlOnGraphQLGET: false, graphiql: false, watch: false, maxRequestLength: 100_000 },
    grafast: {
      explain: false,
      context(requestContext: { node?: { req: import('node:http').IncomingMessage } }) {
        const header = requestContext.node?.req.headers.authorization;
        const claims = header?.startsWith('Bearer ') ? verifyPeerToken(secret, header.slice(7)) : null;
        return {
          pgSettings: {
            role: 'opora_app',
            'app.center_id': claims?.centerId ?? '',
            'app.user_id': claims?.userId ?? '',
          },
        };
      },
    },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  serv.addTo(server);
  await pgl.getSchema(); // build the schema before the benchmark asks
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pgl.release();
      await pool.end().catch(() => {});
    },
  };
}
