import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(async () => {
  await api?.stop();
});

const VIEWER = `{ viewer { user { email displayName } activeMembership { id role center { code } } memberships { id role } } }`;

describe('sign-in', () => {
  test('a demo manager signs in and sees their active center', async () => {
    const token = await api.login(DEMO.plovdivManager);
    const data = await api.ok(VIEWER, {}, token);
    expect(data.viewer.user.email).toBe(DEMO.plovdivManager);
    expect(data.viewer.activeMembership).toMatchObject({ role: 'MANAGER', center: { code: 'PLV' } });
  });

  test('a wrong email and a wrong password give the same error', async () => {
    const wrongPassword = await api.gql(`mutation { login(email: "${DEMO.kazanlakManager}", password: "nope-nope") { token } }`);
    const wrongEmail = await api.gql(`mutation { login(email: "nobody@kazanlak.opora.test", password: "nope-nope") { token } }`);
    expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(wrongEmail)).toEqual(['UNAUTHENTICATED']);
    expect(wrongPassword.errors![0]!.message).toBe(wrongEmail.errors![0]!.message);
    expect(wrongPassword.data).toBeNull();
  });

  test('the error speaks Bulgarian by default and English when asked', async () => {
    const bg = await api.gql(`mutation { login(email: "x@y.bg", password: "nope") { token } }`);
    const en = await api.gql(`mutation { login(email: "x@y.bg", password: "nope") { token } }`, {}, null, { 'accept-language': 'en' });
    expect(bg.errors![0]!.message).toBe('Грешен имейл или парола.');
    expect(en.errors![0]!.message).toBe('Wrong email or password.');
  });

  test('logout revokes the token', async () => {
    const token = await api.login(DEMO.kazanlakPsychologist);
    expect((await api.ok(VIEWER, {}, token)).viewer).not.toBeNull();
    await api.ok(`mutation { logout }`, {}, token);
    const after = await api.gql(`{ clients(first: 1) { totalCount } }`, {}, token);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
    expect((await api.ok(VIEWER, {}, token)).viewer).toBeNull();
  });

  test('an unknown token gives UNAUTHENTICATED', async () => {
    const result = await api.gql(`{ clients(first: 1) { totalCount } }`, {}, 'made-up-token-made-up-token');
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});
