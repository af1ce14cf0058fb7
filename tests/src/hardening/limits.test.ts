import { Writable } from 'node:stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, specifiedRules, validate, visit, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPlainSchema } from '@opora/schema';
import {
  canonicalDocument,
  createLogger,
  createRateLimits,
  limits,
  requestLimits,
  sha256,
  trustedDocumentsFrom,
} from '@opora/server';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
import { loadOperations } from '../../load/operations.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every `graphql(`…`)` document in web/src, with the fragments it spreads appended. */
export function webOperations(): Array<{ file: string; source: string }> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(path.join(repo, 'web/src'));
  const texts: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/graphql(?:\.persisted)?\(\s*(?:['"][^'"]*['"]\s*,\s*)?`([^`]*)`/g)) texts.push({ file, text: m[1]! });
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: Array<{ file: string; doc: DocumentNode }> = [];
  for (const { file, text } of texts) {
    let doc: DocumentNode;
    try {
      doc = parse(text);
    } catch {
      continue;
    }
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    if (doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) operations.push({ file, doc });
  }
  return operations.map(({ file, doc }) => {
    const needed = new Map<string, FragmentDefinitionNode>();
    const own = new Set(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => (d as FragmentDefinitionNode).name.value));
    const collect = (node: unknown) =>
      visit(node as DocumentNode, {
        FragmentSpread(spread) {
          const name = spread.name.value;
          if (own.has(name) || needed.has(name)) return;
          const fragment = fragments.get(name);
          if (fragment) {
            needed.set(name, fragment);
            collect(fragment);
          }
        },
      });
    collect(doc);
    return { file: path.relative(repo, file), source: canonicalDocument({ ...doc, definitions: [...doc.definitions, ...needed.values()] }) };
  });
}

/** Depth, aliases, directives and tokens of a document, measured the simple way. */
function measure(source: string) {
  const doc = parse(source);
  let aliases = 0;
  let directives = 0;
  let depth = 0;
  let current = 0;
  visit(doc, {
    Field: { enter: (f) => void ((aliases += f.alias ? 1 : 0), (depth = Math.max(depth, ++current))), leave: () => void current-- },
    Directive: () => void directives++,
  });
  // graphql-js has no token counter: find the smallest maxTokens that still parses.
  let lo = 1;
  let hi = 100_000;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      parse(source, { maxTokens: mid });
      hi = mid;
    } catch {
      lo = mid + 1;
    }
  }
  return { depth, aliases, directives, tokens: lo };
}

describe('limits fit what the screens need', () => {
  test('every web operation and every load-test operation passes the limits, with headroom', () => {
    const schema = buildPlainSchema();
    const { validationRules } = requestLimits(false);
    const documents = [
      ...webOperations(),
      ...loadOperations(schema).map((o) => ({ file: `load:${o.name}`, source: o.query })),
    ];
    expect(documents.length).toBeGreaterThan(0);
    const worst = { depth: 0, aliases: 0, directives: 0, tokens: 0 };
    for (const { file, source } of documents) {
      const doc = parse(source);
      const structural = validate(schema, doc, specifiedRules);
      // A screen written against a field another module has not registered yet is not our concern here.
      if (structural.length) continue;
      const errors = validate(schema, doc, validationRules).map((e) => e.message);
      expect({ file, errors }).toEqual({ file, errors: [] });
      const m = measure(source);
      for (const k of Object.keys(worst) as Array<keyof typeof worst>) worst[k] = Math.max(worst[k], m[k]);
    }
    console.log(`[limits] ${documents.length} documents; largest: ${JSON.stringify(worst)}; limits: depth ${limits.MAX_DEPTH}, aliases ${limits.MAX_ALIASES}, directives ${limits.MAX_DIRECTIVES}, tokens ${limits.MAX_TOKENS}`);
    expect(worst.depth).toBeLessThan(limits.MAX_DEPTH);
    expect(worst.aliases).toBeLessThan(limits.MAX_ALIASES);
    expect(worst.tokens).toBeLessThan(limits.MAX_TOKENS);
  });
});

describe('limits (development mode)', () => {
  let api: TestApi;
  let token: string;
  let colleague: string; // another person of the same center (uploads are limited per person)
  const aggregateTokens: Record<string, string> = {};
  beforeAll(async () => {
    api = await TestApi.start({
      bodyLimit: 16 * 1024,
      rateLimits: createRateLimits({ logger: createLogger('silent'), signIn: { points: 5, durationS: 60 }, aggregate: { points: 2, durationS: 60 }, upload: { points: 3, durationS: 60 } }),
    });
    token = await api.login(DEMO.plovdivManager);
    colleague = await api.login(DEMO.plovdivWorker);
    aggregateTokens.network = await api.login(DEMO.networkAnalyst);
    aggregateTokens.municipal = await api.login(DEMO.plovdivViewer);
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('a deep query is refused with a code, before anything runs', async () => {
    let q = 'name';
    for (let i = 0; i < 12; i++) q = `municipality { settlements { ${q} } }`;
    const res = await api.post({ query: `{ centers { ${q} } }` }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(errorCodes(res.json)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  test('an alias bomb is refused', async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: professions { name }`).join(' ');
    const res = await api.post({ query: `{ ${aliases} }` }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(errorCodes(res.json)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // Thousands of aliases stop even earlier, at the token limit.
    const bomb = Array.from({ length: 700 }, (_, i) => `a${i}:__typename`).join(' ');
    const parsed = await api.post({ query: `{ ${bomb} }` });
    expect(parsed.status).toBe(400);
    expect(errorCodes(parsed.json)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('a directive bomb is refused', async () => {
    const res = await api.post({ query: `{ professions { name ${'@include(if: true) '.repeat(60)} } }` }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(errorCodes(res.json)[0]).toMatch(/GRAPHQL_VALIDATION_FAILED/);
  });

  test('a document with too many tokens is refused as a parse failure, not a 500', async () => {
    const fields = Array.from({ length: limits.MAX_TOKENS + 100 }, () => 'name').join(' ');
    const res = await api.post({ query: `{ professions { ${fields} } }` });
    expect(res.status).toBe(400);
    expect(errorCodes(res.json)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('a costly query is refused', async () => {
    // Under the depth, alias and token limits, over the cost limit.
    let inner = 'id name';
    for (let i = 0; i < 8; i++) inner = `id name municipality { id name settlements { ${inner} } }`;
    const aliases = Array.from({ length: 10 }, (_, i) => `c${i}: centers { ${inner} }`).join(' ');
    const query = `{ ${aliases} }`;
    const res = await api.post({ query }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(/cost/i);
  });

  test('field suggestions are hidden', async () => {
    const res = await api.post({ query: `{ professons { name } }` });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).not.toMatch(/Did you mean/);
    expect(errorCodes(res.json)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  test('introspection works in development', async () => {
    const res = await api.post({ query: `{ __schema { queryType { name } } }` });
    expect(res.json.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  test('batched HTTP requests are refused', async () => {
    const res = await api.post([{ query: '{ professions { name } }' }, { query: '{ professions { name } }' }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).not.toContain('"data"');
  });

  test('a body over the limit is refused with 413 and a code (declared and streamed)', async () => {
    const big = JSON.stringify({ query: `{ professions { name } }`, variables: { x: 'a'.repeat(20_000) } });
    const declared = await api.post(big);
    expect(declared.status).toBe(413);
    expect(errorCodes(declared.json)).toEqual(['PAYLOAD_TOO_LARGE']);
    // Chunked, no content-length: the limit holds while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(1024)));
        controller.close();
      },
    });
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(errorCodes((await res.json()) as never)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  test('a huge list argument is refused, as a literal and as a variable', async () => {
    const ids = Array.from({ length: limits.MAX_LIST_ITEMS + 1 }, (_, i) => `"x${i}"`).join(',');
    const literal = await api.post({ query: `{ nodes(ids: [${ids}]) { id } }` }, { authorization: `Bearer ${token}` });
    expect(literal.status).toBe(400);
    expect(errorCodes(literal.json)).toContain('GRAPHQL_VALIDATION_FAILED');
    const variable = await api.post(
      { query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids: Array.from({ length: 1000 }, (_, i) => `x${i}`) } },
      { authorization: `Bearer ${token}` },
    );
    expect(variable.status).toBe(400);
    expect(errorCodes(variable.json)).toEqual(['BAD_USER_INPUT']);
  });

  test('sign-in attempts per address are limited in front of the database throttle', async () => {
    // The limiter allows 5 a minute per address (the 4 sign-ins in beforeAll count too).
    const attempt = () => api.post({ query: `mutation { login(email: "nobody-${Math.random()}@x.bg", password: "wrong-wrong") { token } }` });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await attempt());
    const codes = answers.map((a) => errorCodes(a.json)[0]);
    const first = codes.indexOf('TOO_MANY_REQUESTS');
    expect(first).toBeGreaterThan(0);
    expect(codes.slice(0, first).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(first).every((c) => c === 'TOO_MANY_REQUESTS')).toBe(true);
    const refused = answers[first]!;
    expect(refused.status).toBe(429);
    expect(refused.json.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.json.data ?? null).toBeNull();
  });

  test('file uploads are limited per user: past the limit a 429 in both languages, before the body is read, nothing stored', async () => {
    // The limiter allows 3 uploads a minute per user.
    const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    const p = api.db.prisma;
    const client = await p.client.findFirstOrThrow({ where: { center: { slug: 'plovdiv' } }, orderBy: { id: 'asc' }, select: { id: true } });
    const owner = Buffer.from(`Client:${client.id}`).toString('base64url');
    const upload = (who: string, language = 'bg') =>
      fetch(`${api.url}/files?owner=${encodeURIComponent(owner)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who}`, 'content-type': 'application/octet-stream', 'x-file-name': 'scan.pdf', 'x-opora-language': language },
        body: PDF,
      });
    const files = () => p.attachment.count({ where: { clientId: client.id } });
    const before = await files();
    for (let i = 0; i < 3; i++) expect((await upload(token)).status).toBe(201);
    const refused = await upload(token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const error = ((await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0]!;
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', messageBg: expect.stringMatching(/^Твърде много качени файлове/), messageEn: expect.stringMatching(/^Too many files uploaded/) });
    expect(error.message).toMatch(/^Твърде много качени файлове/);
    expect(((await (await upload(token, 'en')).json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/^Too many files uploaded/);
    expect(await files()).toBe(before + 3);
    // Per user: another person of the same center still uploads; downloads are not counted.
    expect((await upload(colleague)).status).toBe(201);
    const stored = await p.attachment.findFirstOrThrow({ where: { clientId: client.id }, select: { id: true } });
    const got = await fetch(`${api.url}/files/${Buffer.from(`Attachment:${stored.id}`).toString('base64url')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(got.status).toBe(200);
  });

  test('expensive aggregate queries are limited per viewer', async (ctx) => {
    const schema = buildPlainSchema();
    const operation = loadOperations(schema).find((o) => o.role !== 'staff');
    if (!operation) return ctx.skip('no aggregate (network / municipal) query in the schema yet');
    const viewer = aggregateTokens[operation.role]!;
    const codes: string[][] = [];
    for (let i = 0; i < 4; i++) codes.push(errorCodes(await api.gql(operation.query, operation.variables, viewer)));
    expect(codes.flat()).toContain('TOO_MANY_REQUESTS');
    expect(codes[0]).not.toContain('TOO_MANY_REQUESTS');
  });
});

describe('production mode', () => {
  const trusted = `query Professions { professions { id name } }`;
  const signIn = `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
  const introspection = `query Schema { __schema { types { name } } }`;
  const signedOut = `query Clients { clients(first: 1) { totalCount } }`;
  let api: TestApi;
  let token: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const manifest = Object.fromEntries([trusted, signIn, introspection, signedOut].map((d) => [sha256(canonicalDocument(d)), d]));
    api = await TestApi.start({ production: true, logger: createLogger('info', sink), trustedDocuments: trustedDocumentsFrom(manifest) });
    const login = await api.post({ query: signIn, variables: { email: DEMO.kazanlakManager, password: 'opora-demo' } });
    token = login.json.data!.login.token;
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('only trusted documents run: by text (any formatting, __typename added) or by hash', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await api.post({ query: trusted }, auth)).json.data?.professions.length).toBeGreaterThan(0);
    const reformatted = `query Professions {\n  professions {\n    __typename\n    id\n    name\n  }\n}`;
    expect((await api.post({ query: reformatted }, auth)).json.errors).toBeUndefined();
    const byHash = await api.post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(canonicalDocument(trusted)) } } }, auth);
    expect(byHash.json.data?.professions.length).toBeGreaterThan(0);

    const other = await api.post({ query: `query Professions { professions { id name code } }` }, auth);
    expect(other.status).toBe(403);
    expect(errorCodes(other.json)).toEqual(['UNTRUSTED_DOCUMENT']);
    const unknownHash = await api.post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }, auth);
    expect(unknownHash.status).toBe(404);
    expect(errorCodes(unknownHash.json)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  test('introspection is off (even as a trusted document)', async () => {
    const res = await api.post({ query: introspection });
    expect(res.json.data ?? null).toBeNull();
    expect(errorCodes(res.json)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  test('no stack traces in production errors', async () => {
    const res = await api.post({ query: signedOut });
    expect(errorCodes(res.json)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(res.json)).not.toMatch(/stacktrace|\.ts:\d/);
  });

  test('an unexpected database error reaches the client as a coded message without SQL, Prisma or stack, and is logged with the request id', async () => {
    // Break the database under the server: the next read fails inside Prisma.
    await api.db.prisma.$executeRawUnsafe(`ALTER TABLE "Profession" RENAME COLUMN "nameBg" TO "nameBg_broken"`);
    try {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'fault-test-0001', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: trusted }),
      });
      const text = await res.text();
      expect(res.status).toBeLessThan(500);
      const body = JSON.parse(text);
      expect(errorCodes(body)).toContain('INTERNAL_SERVER_ERROR');
      expect(body.errors.every((e: { extensions?: { code?: string } }) => typeof e.extensions?.code === 'string')).toBe(true);
      expect(text).not.toMatch(/prisma|SELECT|column|relation|stack|nameBg_broken|\.ts:|\bat /i);
      const logged = logLines.filter((l) => l.includes('fault-test-0001'));
      expect(logged.some((l) => /"level":50/.test(l) && /nameBg/.test(l))).toBe(true);
    } finally {
      await api.db.prisma.$executeRawUnsafe(`ALTER TABLE "Profession" RENAME COLUMN "nameBg_broken" TO "nameBg"`);
    }
  });
});
