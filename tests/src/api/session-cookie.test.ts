import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, DEMO_PASSWORD, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';
import { currentYear } from '@opora/common/calendar';

// The session cookie and the headers over HTTP (issue 13, point 7; the browser's own view is
// tests/src/browser/security.test.ts): sign-in sets an HttpOnly SameSite=Strict cookie
// (Secure under the __Host- name over TLS, including TLS ended by a trusted proxy), the server
// signs in by it, no other site can drive it (CSRF: simple POSTs, GETs and report downloads
// without the preflight header are refused and write nothing), and sign-out ends the session
// and clears the cookie. HSTS only over TLS.

let api: TestApi;

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { viewer { email } } }`;

async function signIn(headers: Record<string, string> = {}): Promise<{ setCookie: string[]; res: Response }> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LOGIN, variables: { email: DEMO.plovdivManager, password: DEMO_PASSWORD } }),
  });
  return { setCookie: res.headers.getSetCookie(), res };
}

const cookieValue = (setCookie: string[], name: string) => setCookie.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find(Boolean) ?? null;

async function asCookie(cookie: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: GraphQLResponse; setCookie: string[] }> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as GraphQLResponse, setCookie: res.headers.getSetCookie() };
}

beforeAll(async () => {
  // 127.0.0.1 is a trusted proxy here, so X-Forwarded-Proto can say the client used TLS.
  api = await TestApi.start({ trustedProxies: ['127.0.0.1'] });
});
afterAll(async () => {
  await api?.stop();
});

describe('the session cookie', () => {
  test('over plain http: HttpOnly, SameSite=Strict, Path=/, not Secure; no HSTS', async () => {
    const { setCookie, res } = await signIn();
    expect(res.status).toBe(200);
    const cookie = setCookie.find((c) => c.startsWith('opora_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; Expires=/i);
    expect(cookie).not.toMatch(/; Secure/i);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The web app never asks for the token; the cookie alone signs the next request in.
    const token = cookieValue(setCookie, 'opora_session')!;
    const viewer = await asCookie(`opora_session=${token}`, { query: '{ viewer { user { email } } }' });
    expect(viewer.json.data?.viewer.user.email).toBe(DEMO.plovdivManager);
  });

  test('over TLS (a trusted proxy says https): Secure, __Host- name, HSTS', async () => {
    const { setCookie, res } = await signIn({ 'x-forwarded-proto': 'https' });
    const cookie = setCookie.find((c) => c.startsWith('__Host-opora_session='))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(res.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
  });

  test('every answer carries the security headers (API, health, unknown paths)', async () => {
    for (const path of ['/healthz', '/graphql', '/nowhere']) {
      const res = await fetch(`${api.url}${path}`, path === '/graphql' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' } : {});
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('permissions-policy'), path).toMatch(/geolocation=\(\)/);
    }
  });
  test('X-Forwarded-Proto from an untrusted peer is ignored', async () => {
    const plain = await TestApi.start();
    try {
      const res = await fetch(`${plain.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await plain.stop();
    }
  });

});

describe('no other site can drive the cookie (CSRF)', () => {
  let cookie: string;
  const clients = () => api.db.prisma.client.count({ where: { lastName: 'Фалшификатов' } });
  const REGISTER = `mutation { registerClient(input: { kind: CHILD, firstName: "Ива", lastName: "Фалшификатов" }) { client { id } } }`;

  beforeAll(async () => {
    cookie = `opora_session=${cookieValue((await signIn()).setCookie, 'opora_session')}`;
  });

  test('a simple cross-site POST (text/plain, a form) is refused and writes nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': type, cookie }, body: JSON.stringify({ query: REGISTER }) });
      expect(res.status, type).toBe(400);
      expect(await clients()).toBe(0);
    }
  });

  test('a GET without the preflight header is refused, a mutation over GET always', async () => {
    const q = encodeURIComponent('{ viewer { user { email } } }');
    const plain = await fetch(`${api.url}/graphql?query=${q}`, { headers: { cookie } });
    expect(plain.status).toBe(400);
    expect(JSON.stringify(await plain.json())).not.toContain(DEMO.plovdivManager);
    const mutation = await fetch(`${api.url}/graphql?query=${encodeURIComponent(REGISTER)}`, { headers: { cookie, 'apollo-require-preflight': 'true' } });
    expect(mutation.status).toBeGreaterThanOrEqual(400);
    expect(await clients()).toBe(0);
  });

  test('a report download by cookie needs the preflight header', async () => {
    const year = currentYear() - 1;
    const path = `/reports/provider-annual-report.csv?year=${year}`;
    const refused = await fetch(`${api.url}${path}`, { headers: { cookie } });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as GraphQLResponse & { errors: Array<{ extensions: { messageEn: string } }> };
    expect(errorCodes(body)).toEqual(['BAD_REQUEST']);
    expect(body.errors[0]!.extensions.messageEn).toMatch(/cross-site/);
    const allowed = await fetch(`${api.url}${path}`, { headers: { cookie, 'apollo-require-preflight': 'true' } });
    expect(allowed.status, await allowed.clone().text()).not.toBe(400);
    expect([200, 403, 404]).toContain(allowed.status);
  });
});

describe('sign-out', () => {
  test('ends the session on the server and clears the cookie; the old cookie opens nothing', async () => {
    const token = cookieValue((await signIn()).setCookie, 'opora_session')!;
    const cookie = `opora_session=${token}`;
    const out = await asCookie(cookie, { query: 'mutation { logout }' });
    expect(out.json.data?.logout).toBe(true);
    const cleared = out.setCookie.find((c) => c.startsWith('opora_session='))!;
    expect(cleared).toMatch(/^opora_session=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    const after = await asCookie(cookie, { query: '{ viewer { user { email } } }' });
    expect(after.json.data?.viewer ?? null).toBeNull();
    // A stale cookie is cleared when it comes back.
    expect(after.setCookie.some((c) => /^opora_session=;/.test(c))).toBe(true);
  });

  test('a bearer token still works for API clients, and the cookie is never needed for it', async () => {
    const token = await api.login(DEMO.plovdivWorker);
    const viewer = await api.ok<{ viewer: { user: { email: string } } }>(`{ viewer { user { email } } }`, {}, token);
    expect(viewer.viewer.user.email).toBe(DEMO.plovdivWorker);
  });
});
