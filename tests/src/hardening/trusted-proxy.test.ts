import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger, createRateLimits } from '@opora/server';
import { clientAddress } from '@opora/server/client-address.ts';
import { errorCodes, TestApi } from '../support/api.ts';

// Who the client is, behind a reverse proxy and without one, as an attacker forging
// X-Forwarded-For would try it.

const req = (peer: string, forwarded?: string) => ({
  socket: { remoteAddress: peer } as never,
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
});

describe('the client address', () => {
  const proxies = new Set(['10.0.0.1', '10.0.0.2']);

  test('without a trusted peer the header is ignored: a client cannot name itself', () => {
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), proxies)).toBe('203.0.113.9');
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), new Set())).toBe('203.0.113.9');
  });

  test('a trusted proxy names the client: the right-most address no trusted proxy vouches for', () => {
    expect(clientAddress(req('10.0.0.1', '198.51.100.7'), proxies)).toBe('198.51.100.7');
    // A forged first hop stays where the client put it, left of the real one.
    expect(clientAddress(req('10.0.0.1', '1.2.3.4, 198.51.100.7'), proxies)).toBe('198.51.100.7');
    // Two proxies in a row.
    expect(clientAddress(req('10.0.0.1', '198.51.100.7, 10.0.0.2'), proxies)).toBe('198.51.100.7');
    expect(clientAddress(req('::ffff:10.0.0.1', '198.51.100.7'), proxies)).toBe('198.51.100.7');
  });

  test('garbage in the header is not believed', () => {
    expect(clientAddress(req('10.0.0.1', 'not-an-ip'), proxies)).toBe('10.0.0.1');
    expect(clientAddress(req('10.0.0.1', '198.51.100.7, '), proxies)).toBe('10.0.0.1');
    expect(clientAddress(req('10.0.0.1'), proxies)).toBe('10.0.0.1');
  });
});

describe('sign-in limits per client behind a trusted proxy', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({
      trustedProxies: ['127.0.0.1'],
      rateLimits: createRateLimits({ logger: createLogger('silent'), signIn: { points: 2, durationS: 60 }, aggregate: { points: 100, durationS: 60 } }),
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  test('each client has its own allowance; a forged first hop does not buy another', async () => {
    const attempt = (forwarded: string) =>
      api.post({ query: `mutation { login(email: "nobody-${Math.random()}@x.bg", password: "wrong-wrong") { token } }` }, { 'x-forwarded-for': forwarded });
    const a = [];
    for (let i = 0; i < 3; i++) a.push(errorCodes((await attempt(`9.9.9.${i}, 198.51.100.1`)).json)[0]);
    expect(a).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'TOO_MANY_REQUESTS']);
    // Another client behind the same proxy is not held back by the first.
    expect(errorCodes((await attempt('198.51.100.2')).json)[0]).toBe('UNAUTHENTICATED');
  });
});
