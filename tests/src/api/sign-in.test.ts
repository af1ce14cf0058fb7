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

  test("a hash of older argon2 costs is made anew with today's at sign-in; no session ends, the password has not changed", async () => {
    // 'opora-demo' hashed with node-argon2's default costs (64 MiB, 3 passes, 4 lanes), as every
    // account was before PASSWORD_HASHING.
    const older = '$argon2id$v=19$m=65536,p=4,t=3$BFgOGlzoTKhjuuz5Hzzoiw$1G3UfitIr94LzjGxp4JkTuOZoLS2imgwFHzDy9eRcck';
    const email = DEMO.kazanlakMobile;
    await api.db.prisma.user.update({ where: { email }, data: { passwordHash: older } });
    const before = await api.db.prisma.user.findUniqueOrThrow({ where: { email }, select: { passwordChangedAt: true } });
    const first = await api.login(email);
    const stored = await api.db.prisma.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true, passwordChangedAt: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(stored.passwordChangedAt).toEqual(before.passwordChangedAt);
    // The first session lives on, and the same password signs in against the new hash.
    expect((await api.ok(VIEWER, {}, first)).viewer.user.email).toBe(email);
    const second = await api.login(email);
    expect((await api.ok(VIEWER, {}, second)).viewer.user.email).toBe(email);
    expect((await api.ok(VIEWER, {}, first)).viewer).not.toBeNull();
    // A wrong password leaves the older hash as it was.
    await api.db.prisma.user.update({ where: { email }, data: { passwordHash: older } });
    expect(errorCodes(await api.gql(`mutation { login(email: "${email}", password: "nope-nope") { token } }`))).toEqual(['UNAUTHENTICATED']);
    expect((await api.db.prisma.user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } })).passwordHash).toBe(older);
  });

  test('an unknown token gives UNAUTHENTICATED', async () => {
    const result = await api.gql(`{ clients(first: 1) { totalCount } }`, {}, 'made-up-token-made-up-token');
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});
