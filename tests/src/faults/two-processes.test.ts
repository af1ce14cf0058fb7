import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { buildPlainSchema } from '@opora/schema';
import { DEMO, DEMO_PASSWORD, type GraphQLResponse } from '../support/api.ts';
import { testEngine, withDatabase } from '../support/engine.ts';
import { loadOperations } from '../../load/operations.ts';
import { freePort } from '../support/ports.ts';

// Two real server processes (`node --import tsx server/src/main.ts`) on one fresh
// PostgreSQL database and one Redis behave as one: a session opened on one works on the
// other, an idempotency key claimed on one is honoured by the other, and rate limits count
// requests to both.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const REDIS_URL = process.env.OPORA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const onPostgres = testEngine() === 'postgres';
const redisUp = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = new Socket();
  socket.setTimeout(1000);
  socket.once('connect', () => (socket.destroy(), resolve(true)));
  socket.once('error', () => resolve(false));
  socket.once('timeout', () => (socket.destroy(), resolve(false)));
  socket.connect(Number(port || 6379), hostname);
});
if (!onPostgres) console.log('[two-processes] skipped: DATABASE_URL is not set (needs PostgreSQL)');
else if (!redisUp) console.log(`[two-processes] skipped: no Redis at ${REDIS_URL}`);

const SIGN_IN_LIMIT = 6;
const AGGREGATE_LIMIT = 4;


type Node = { url: string; child: ChildProcess; log: string[] };

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repo,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => log.push(String(d)));
  child.stderr!.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log.join('').slice(-2000)}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return { url, child, log };
    if (Date.now() > deadline) throw new Error(`server did not start: ${log.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function gql(node: Node, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ status: number; json: GraphQLResponse }> {
  const res = await fetch(`${node.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, json: (await res.json()) as GraphQLResponse };
}

async function login(node: Node, email: string): Promise<string> {
  const { json } = await gql(node, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: DEMO_PASSWORD });
  if (!json.data?.login) throw new Error(JSON.stringify(json.errors));
  return json.data.login.token as string;
}

describe.skipIf(!onPostgres || !redisUp)('two server processes, one PostgreSQL, one Redis', () => {
  let a: Node;
  let b: Node;
  let database: string;
  let analyst: string;
  beforeAll(async () => {
    database = `${inject('opora_template')}_f2p${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database} TEMPLATE ${inject('opora_template')}`);
    await admin.end();
    const env = {
      DATABASE_URL: withDatabase(process.env.DATABASE_URL!, database),
      REDIS_URL,
      OPORA_RATE_LIMIT_PREFIX: `opora-test-${randomBytes(4).toString('hex')}`,
      OPORA_SIGN_IN_RATE_LIMIT: String(SIGN_IN_LIMIT),
      OPORA_AGGREGATE_RATE_LIMIT: String(AGGREGATE_LIMIT),
      OPORA_DEMO: '1',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    };
    [a, b] = await Promise.all([startNode(env), startNode(env)]);
    analyst = await login(b, DEMO.networkAnalyst);
  }, 300_000);
  afterAll(async () => {
    for (const node of [a, b]) {
      if (!node) continue;
      node.child.kill('SIGTERM');
      await new Promise((r) => (node.child.exitCode !== null ? r(null) : node.child.once('exit', r)));
    }
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => admin.end());
  }, 60_000);

  test('a session opened on one process works on the other, and sign-out on one ends it on both', async () => {
    const token = await login(a, DEMO.kazanlakPsychologist);
    const viewer = await gql(b, `{ viewer { user { email } } }`, {}, token);
    expect(viewer.json.data?.viewer?.user.email).toBe(DEMO.kazanlakPsychologist);
    await gql(b, `mutation { logout }`, {}, token);
    const after = await gql(a, `{ clients(first: 1) { totalCount } }`, {}, token);
    expect(after.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('one idempotency key, sent to both at once, creates one record', async () => {
    const token = await login(a, DEMO.kazanlakManager);
    const key = `two-nodes-${randomBytes(4).toString('hex')}`;
    const input = { firstName: 'Двама', lastName: `Сървъри${randomBytes(2).toString('hex')}`, kind: 'CHILD', birthYear: 2017 };
    const REGISTER = `mutation($input: ClientInput!, $key: String) { registerClient(input: $input, idempotencyKey: $key) { client { id } replayed } }`;
    const answers = await Promise.all([a, b, a, b].map((node) => gql(node, REGISTER, { input, key }, token)));
    const ok = answers.filter((r) => !r.json.errors?.length);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of answers.filter((r) => r.json.errors?.length)) expect(['SERVICE_UNAVAILABLE', 'CONFLICT']).toContain(r.json.errors![0]!.extensions!.code);
    expect(new Set(ok.map((r) => r.json.data!.registerClient.client.id)).size).toBe(1);
    expect(ok.filter((r) => r.json.data!.registerClient.replayed === false).length).toBeLessThanOrEqual(1);
    const found = await gql(b, `query($s: String) { clients(first: 5, search: $s) { totalCount } }`, { s: input.lastName }, token);
    expect(found.json.data?.clients.totalCount).toBe(1);
  });

  test('the sign-in limit counts attempts at both processes', async () => {
    const codes: string[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) {
      const node = i % 2 ? b : a;
      const r = await gql(node, `mutation { login(email: "nobody-${i}@two.test", password: "wrong-wrong") { token } }`);
      codes.push(String(r.json.errors?.[0]?.extensions?.code));
    }
    // Earlier sign-ins in this file used points too; what matters is that the refusal comes
    // after at most SIGN_IN_LIMIT attempts in total across both, not per process.
    const first = codes.indexOf('TOO_MANY_REQUESTS');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThanOrEqual(SIGN_IN_LIMIT);
    expect(codes.slice(first).every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
  });

  test('the aggregate-query limit counts requests at both processes', async (ctx) => {
    const operation = loadOperations(buildPlainSchema()).find((o) => o.role === 'network');
    if (!operation) return ctx.skip('no network query in the schema yet');
    const token = analyst;
    const codes: string[] = [];
    for (let i = 0; i < AGGREGATE_LIMIT + 2; i++) {
      const r = await gql(i % 2 ? b : a, operation.query, operation.variables, token);
      codes.push(r.json.errors?.length ? String(r.json.errors[0]!.extensions?.code) : 'OK');
    }
    expect(codes.slice(0, AGGREGATE_LIMIT).every((c) => c !== 'TOO_MANY_REQUESTS')).toBe(true);
    expect(codes.slice(AGGREGATE_LIMIT)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  });
});
