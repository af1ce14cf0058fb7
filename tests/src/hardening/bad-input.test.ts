import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, TestApi, type GraphQLResponse } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// Hostile and broken requests: each gets a clear, coded error below 500, and nothing is written.

let api: TestApi;
let token: string;
let before: Record<string, number>;

async function counts(): Promise<Record<string, number>> {
  const [row] = await sqlAsOwner<Record<string, bigint>>(
    api.db,
    `SELECT (SELECT count(*) FROM "Client") AS clients, (SELECT count(*) FROM "Case") AS cases,
            (SELECT count(*) FROM "AuditEvent" WHERE action <> 'LOGIN' AND action <> 'READ') AS changes,
            (SELECT count(*) FROM "IdempotencyKey") AS keys`,
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

async function raw(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; json: GraphQLResponse; text: string }> {
  const res = await fetch(`${api.url}/graphql`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    ...(method === 'GET' ? {} : { body }),
  });
  const text = await res.text();
  let json: GraphQLResponse = {};
  try {
    json = JSON.parse(text) as GraphQLResponse;
  } catch {
    // checked by the caller through `text`
  }
  return { status: res.status, json, text };
}

/** A clear refusal: 4xx, every error coded, no stack, no SQL, no data. */
function expectRefused(result: { status: number; json: GraphQLResponse; text: string }, code?: string | RegExp) {
  expect(result.status, result.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(result.status, result.text.slice(0, 300)).toBeLessThan(500);
  expect(result.json.errors?.length, result.text.slice(0, 300)).toBeGreaterThan(0);
  for (const error of result.json.errors ?? []) {
    expect(typeof error.extensions?.code).toBe('string');
    if (code) expect(error.extensions!.code).toMatch(code);
  }
  expect(result.text).not.toMatch(/prisma|SELECT |stacktrace|node_modules/i);
}

const REGISTER = `mutation($input: ClientInput!, $key: String) { registerClient(input: $input, idempotencyKey: $key) { client { id } } }`;

beforeAll(async () => {
  api = await TestApi.start();
  token = await api.login(DEMO.plovdivManager);
  before = await counts();
});
afterAll(async () => {
  await api?.stop();
});

describe('bad input gets a clear, coded error and writes nothing', () => {
  test('malformed JSON', async () => {
    expectRefused(await raw('{"query": "{ viewer { user { email } } }"'), 'BAD_REQUEST');
    expectRefused(await raw('not json at all'), 'BAD_REQUEST');
  });

  test('invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"query":"{ viewer { user { email } } }","variables":{"x":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}}')]);
    const result = await raw(bytes);
    expectRefused(result, 'BAD_REQUEST');
    expect(result.json.errors![0]!.extensions!.messageEn).toMatch(/UTF-8/);
  });

  test('a body that is not a GraphQL request', async () => {
    for (const body of ['[]', '42', 'null', '"query"', '{"query": 42}', '{"query": "{ viewer { user { email } } }", "variables": "x"}', '{}']) {
      expectRefused(await raw(body));
    }
  });

  test('wrong types, in variables and in the document', async () => {
    expectRefused(await raw(JSON.stringify({ query: `query($n: Int) { clients(first: $n) { totalCount } }`, variables: { n: 'many' } })), 'BAD_USER_INPUT');
    expectRefused(await raw(JSON.stringify({ query: `{ clients(first: "many") { totalCount } }` })), 'GRAPHQL_VALIDATION_FAILED');
    expectRefused(await raw(JSON.stringify({ query: REGISTER, variables: { input: { firstName: 1, lastName: [], kind: 'ROBOT' } } })), 'BAD_USER_INPUT');
    expectRefused(await raw(JSON.stringify({ query: `query($n: Int) { clients(first: $n) { totalCount } }`, variables: { n: 2 ** 40 } })), 'BAD_USER_INPUT');
  });

  test('oversized strings are refused by validation, field by field', async () => {
    const result = await api.post(
      { query: REGISTER, variables: { key: 'k'.repeat(50), input: { firstName: 'Я'.repeat(100_000), lastName: 'Петрова', kind: 'CHILD', birthYear: 2015 } } },
      { authorization: `Bearer ${token}` },
    );
    expect(result.status).toBeLessThan(500);
    expect(result.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.json.errors?.[0]?.extensions?.fields)).toContain('firstName');
    const search = await api.post({ query: `query($s: String) { clients(first: 1, search: $s) { totalCount } }`, variables: { s: 'a'.repeat(200_000) } }, { authorization: `Bearer ${token}` });
    expect(search.status).toBeLessThan(500);
    for (const e of search.json.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  test('NUL bytes and lone surrogates never reach the database as a 500', async () => {
    for (const firstName of ['Ан\u0000на', 'Ан\ud800на']) {
      const result = await api.post(
        { query: REGISTER, variables: { input: { firstName, lastName: 'Тестова', kind: 'CHILD', birthYear: 2015 } } },
        { authorization: `Bearer ${token}` },
      );
      expect(result.status).toBeLessThan(500);
      expect(result.json.errors?.length ?? 0, JSON.stringify(result.json)).toBeGreaterThan(0);
      for (const e of result.json.errors ?? []) expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  test('unknown operation name, several operations, no query', async () => {
    expectRefused(await raw(JSON.stringify({ query: `query A { viewer { user { email } } }`, operationName: 'B' })));
    expectRefused(await raw(JSON.stringify({ query: `query A { viewer { user { email } } } query B { viewer { user { email } } }` })));
    expectRefused(await raw(JSON.stringify({ variables: {} })));
  });

  test('a mutation over GET and a simple (CSRF-able) request are refused', async () => {
    const get = await fetch(`${api.url}/graphql?query=${encodeURIComponent('mutation { logout }')}`, { headers: { 'apollo-require-preflight': '1', authorization: `Bearer ${token}` } });
    expect(get.status).toBeGreaterThanOrEqual(400);
    expect(get.status).toBeLessThan(500);
    const simple = await raw(JSON.stringify({ query: '{ viewer { user { email } } }' }), { 'content-type': 'text/plain' });
    expectRefused(simple);
    // The token still works: the GET mutation did not sign anyone out.
    expect((await api.ok(`{ viewer { user { email } } }`, {}, token)).viewer.user.email).toBe(DEMO.plovdivManager);
  });

  test('hostile headers: an oversized token, a forged request id, an unknown method', async () => {
    const big = await raw(JSON.stringify({ query: '{ clients(first: 1) { totalCount } }' }), { authorization: `Bearer ${'x'.repeat(5000)}` });
    expect(big.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': '"><script>' },
      body: JSON.stringify({ query: '{ viewer { user { email } } }' }),
    });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const put = await fetch(`${api.url}/graphql`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(((await put.json()) as GraphQLResponse).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  test('nothing was written by any of it', async () => {
    expect(await counts()).toEqual(before);
  });
});
