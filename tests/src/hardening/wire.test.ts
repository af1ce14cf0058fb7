import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse, specifiedRules, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlainSchema } from '@opora/schema';
import { ensureWebBuild, ROOT } from '../browser/browser.ts';
import { TestApi } from '../support/api.ts';

// Light on the wire (#17): the built web app's files go as their build-time brotli or gzip
// copies by Accept-Encoding, hashed assets are cached for a year and index.html is revalidated;
// large GraphQL answers are compressed, small ones are not. Raw node:http, so nothing decodes
// the bytes or chooses an encoding for us.

const DIST = path.join(ROOT, 'web/dist');
let api: TestApi;

beforeAll(async () => {
  ensureWebBuild();
  api = await TestApi.start({ webDir: DIST });
}, 600_000);
afterAll(async () => {
  await api?.stop();
});

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

function raw(method: 'GET' | 'POST', urlPath: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${urlPath}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (r: Raw): Buffer =>
  r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body;

// The staff's first bundle: the entry script index.html loads.
function entryScript(): string {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const src = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  expect(src, 'index.html names its entry script').toBeTruthy();
  return src!;
}

describe('the web app on the wire', { timeout: 120_000 }, () => {
  it('sends each file in the encoding asked for, decoding to the file itself', async () => {
    const css = readdirSync(path.join(DIST, 'assets')).find((f) => f.endsWith('.css'))!;
    for (const file of [entryScript(), `/assets/${css}`, '/index.html']) {
      const original = readFileSync(path.join(DIST, file));
      for (const [accept, expected] of [
        ['gzip, deflate, br', 'br'],
        ['br;q=0, gzip', 'gzip'],
        ['gzip', 'gzip'],
        ['identity', undefined],
        ['', undefined],
      ] as const) {
        const r = await raw('GET', file, accept ? { 'accept-encoding': accept } : {});
        expect(r.status, `${file} ${accept}`).toBe(200);
        expect(r.headers['content-encoding'], `${file} with Accept-Encoding "${accept}"`).toBe(expected);
        expect(r.headers.vary).toMatch(/accept-encoding/i);
        expect(Number(r.headers['content-length'])).toBe(r.body.length);
        if (expected) expect(r.body.length).toBeLessThan(original.length);
        expect(decode(r).equals(original), `${file} ${accept} decodes to the file`).toBe(true);
      }
    }
  });

  it('caches hashed assets for a year and revalidates index.html (also as the page of a client-side route)', async () => {
    const asset = await raw('GET', entryScript(), { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const page of ['/', '/index.html', '/cases/some-case']) {
      const r = await raw('GET', page, { 'accept-encoding': 'br' });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control'], page).toBe('no-cache');
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(decode(r).toString('utf8')).toContain('<div id="root">');
    }
    // A chunk that is not there (an older build's) is a 404, never the page as JavaScript.
    const missing = await raw('GET', '/assets/index-0000000.js', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/html/);
  });

  it('compresses a large GraphQL answer and leaves a small one as it is', async () => {
    const token = await api.login('manager@plovdiv.opora.test');
    const ask = (query: string, accept: string) =>
      raw('POST', '/graphql', { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': accept }, JSON.stringify({ query }));
    const large = '{ municipalities { id code name region settlements { id name } } }';
    for (const [accept, expected] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
      const r = await ask(large, accept);
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding'], accept).toBe(expected);
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      const json = JSON.parse(decode(r).toString('utf8')) as { data?: { municipalities: unknown[] }; errors?: unknown };
      expect(json.errors).toBeUndefined();
      expect(json.data!.municipalities.length).toBeGreaterThan(20);
      if (expected) expect(r.body.length).toBeLessThan(decode(r).length / 2);
    }
    const small = await ask('{ viewer { user { email } } }', 'gzip, deflate, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.length).toBeLessThan(1024);
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { viewer: { user: { email: 'manager@plovdiv.opora.test' } } } });
  });
});

describe("the built app's trusted documents", () => {
  // In production the server runs only these (by hash or by text), so each must be a document the
  // server can run: one the app's own graphql() sends, valid against the schema. A client-only
  // directive left in (gql.tada's @_unmask) made every operation spreading its fragment unknown to
  // the server, and the day view („Днес“) empty.
  it('are all valid against the schema, with no client-only directive', () => {
    const { documents } = JSON.parse(readFileSync(path.join(DIST, 'trusted-documents.json'), 'utf8')) as { documents: Record<string, string> };
    const schema = buildPlainSchema();
    const invalid = Object.values(documents)
      .map((text) => ({ operation: /^(?:query|mutation|subscription) (\w+)/m.exec(text)?.[1], errors: validate(schema, parse(text), specifiedRules).map((e) => e.message) }))
      .filter((d) => d.errors.length > 0);
    expect(Object.keys(documents).length).toBeGreaterThan(100);
    expect(invalid).toEqual([]);
  });
});

describe("the staff member's first JavaScript", () => {
  // The build is deterministic, so its size is too: a budget, not a timing. The entry bundle
  // (everything before a screen's own chunk) as brotli goes on the wire.
  it('stays within its budget (brotli)', () => {
    const entry = entryScript();
    const br = readFileSync(path.join(DIST, `${entry}.br`));
    expect(br.length).toBeLessThanOrEqual(ENTRY_BUDGET_BYTES);
    // English words are a chunk of their own; the entry holds Bulgarian only.
    expect(readFileSync(path.join(DIST, entry), 'utf8')).not.toContain('Sign in');
  });
});

// The goal (#17): at most 120 KB. The entry was 129 KB when this test was written and 135 KB once
// the work, notifications, registers, reports and import screens had added their words to it; it is 109 KB
// since the dictionary is split (the shell's words in the entry, the screens' words a chunk that comes with
// the first screen after sign-in) and the web's fallback words by error code no longer bring the whole
// message table (docs/benchmarks.md has the measurement).
const ENTRY_BUDGET_BYTES = 120 * 1024;
