import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { generateSync } from 'otplib';
import { createLogger, createRateLimits } from '@opora/server';
import { inTenant } from '@opora/prisma/tenant';
import { DEMO, DEMO_PASSWORD, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// Staff accounts with a life cycle (issue 13, point 2): invitations instead of attaching an
// existing account, one-time codes instead of manager-chosen passwords, password change and
// rules, sign-in sessions, a manager's account actions inside their own center only, and a
// TOTP second factor that a center can require.

let api: TestApi;
let plovdiv: string;
let kazanlak: string;

const fieldPaths = (r: GraphQLResponse) => (r.errors ?? []).flatMap((e) => (e.extensions?.fields ?? []).map((f: { path: string }) => f.path));
const fieldMessages = (r: GraphQLResponse) => (r.errors ?? []).flatMap((e) => (e.extensions?.fields ?? []).map((f: any) => [f.messageBg, f.messageEn]));

const ADD = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { code expiresAt invitation { id email displayName role status } } }`;
const SET_WITH_CODE = `mutation($code: String!, $p: String!) { setPasswordWithCode(code: $code, newPassword: $p) { email } }`;
const MY_ACCOUNT = `{ myAccount { email twoFactorEnabled recoveryCodesLeft
  signInSessions { id current device address createdAt lastUsedAt }
  staffInvitations { id role title center { code } } } }`;
const STAFF = `{ center { staff(first: 100) { edges { node { id user { email } account { disabled twoFactorEnabled openSessions } } } } } }`;
// The center's staff is a connection; these tests read its first page.
const staffOf = (center: any): any[] => center.staff.edges.map((e: any) => e.node);
const LOGIN = `mutation($e: String!, $p: String!, $c: String, $s: String) { login(email: $e, password: $p, totpCode: $c, enrollmentSecret: $s) { token } }`;

const invite = (email: string, extra: Record<string, unknown> = {}) => ({ email, displayName: 'Поканен Колега', role: 'SPECIALIST', ...extra });

async function isSignedIn(token: string): Promise<boolean> {
  const result = await api.gql(`{ viewer { user { email } } }`, {}, token);
  return !!result.data?.viewer;
}

async function membershipOf(managerToken: string, email: string): Promise<string | undefined> {
  const { center } = await api.ok(STAFF, {}, managerToken);
  return staffOf(center).find((s: any) => s.user.email === email)?.id;
}

/** A TOTP code one step ahead: accepted (one step of drift either side), and newer than any code used before. */
const nextCode = (secret: string) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

beforeAll(async () => {
  api = await TestApi.start();
  plovdiv = await api.login(DEMO.plovdivManager);
  kazanlak = await api.login(DEMO.kazanlakManager);
});

// Every test signs in from 127.0.0.1: the database's sign-in throttle starts clean for each.
beforeEach(async () => {
  await api.db.prisma.loginThrottle.deleteMany({});
});

afterAll(async () => {
  await api?.stop();
});

describe('invitations: nobody is attached without their consent, and emails cannot be probed', () => {
  test('an existing account and a new email get the same answer; the existing person accepts after signing in', async () => {
    const existing = (await api.ok(ADD, { input: invite(DEMO.kazanlakPsychologist, { displayName: 'Който и да е' }) }, plovdiv)).addStaffMember;
    const fresh = (await api.ok(ADD, { input: invite('brand.new@plovdiv.opora.test') }, plovdiv)).addStaffMember;
    // Same shape, same kind of values: an invitation with a code, whatever the email.
    const shape = (p: any) => ({ keys: Object.keys(p).sort(), invitationKeys: Object.keys(p.invitation).sort(), status: p.invitation.status, code: /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(p.code) });
    expect(shape(existing)).toEqual(shape(fresh));
    // The invitation shows what the manager typed, never the account's own name.
    expect(existing.invitation.displayName).toBe('Който и да е');

    // Not a member until they accept.
    expect(await membershipOf(plovdiv, DEMO.kazanlakPsychologist)).toBeUndefined();
    // The code cannot set an existing account's password: same answer as a wrong code.
    const viaCode = await api.gql(SET_WITH_CODE, { code: existing.code, p: 'manager-chosen-password-1' });
    const wrong = await api.gql(SET_WITH_CODE, { code: 'AAAA-BBBB-CCCC-DDDD', p: 'manager-chosen-password-1' });
    expect(fieldPaths(viaCode)).toEqual(['code']);
    expect(viaCode.errors![0]!.extensions!.fields).toEqual(wrong.errors![0]!.extensions!.fields);
    const psychologist = await api.login(DEMO.kazanlakPsychologist, DEMO_PASSWORD);

    const mine = (await api.ok(MY_ACCOUNT, {}, psychologist)).myAccount;
    expect(mine.staffInvitations).toHaveLength(1);
    expect(mine.staffInvitations[0]).toMatchObject({ role: 'SPECIALIST', center: { code: 'PLV' } });
    // Someone else cannot answer it.
    const worker = await api.login(DEMO.plovdivWorker);
    expect(errorCodes(await api.gql(`mutation($id: ID!) { acceptStaffInvitation(id: $id) { id } }`, { id: mine.staffInvitations[0].id }, worker))).toEqual(['NOT_FOUND']);

    const accepted = await api.ok(`mutation($id: ID!) { acceptStaffInvitation(id: $id) { id role center { code } } }`, { id: mine.staffInvitations[0].id }, psychologist);
    expect(accepted.acceptStaffInvitation).toMatchObject({ role: 'SPECIALIST', center: { code: 'PLV' } });
    expect(await membershipOf(plovdiv, DEMO.kazanlakPsychologist)).toBe(accepted.acceptStaffInvitation.id);
    const { center } = await api.ok(`{ center { staffInvitations(includeAnswered: true) { email status } } }`, {}, plovdiv);
    expect(center.staffInvitations).toContainEqual({ email: DEMO.kazanlakPsychologist, status: 'ACCEPTED' });
  });

  test('the network analyst and a municipal viewer decline, or just ignore: no membership either way', async () => {
    const toAnalyst = (await api.ok(ADD, { input: invite(DEMO.networkAnalyst, { role: 'MANAGER' }) }, plovdiv)).addStaffMember;
    await api.ok(ADD, { input: invite(DEMO.plovdivViewer, { role: 'MANAGER' }) }, plovdiv);
    const analyst = await api.login(DEMO.networkAnalyst);
    const mine = (await api.ok(`{ myAccount { staffInvitations { id } } }`, {}, analyst)).myAccount;
    expect(mine.staffInvitations.map((i: any) => i.id)).toEqual([toAnalyst.invitation.id]);
    expect((await api.ok(`mutation($id: ID!) { declineStaffInvitation(id: $id) }`, { id: toAnalyst.invitation.id }, analyst)).declineStaffInvitation).toBe(true);
    expect(errorCodes(await api.gql(`mutation($id: ID!) { acceptStaffInvitation(id: $id) { id } }`, { id: toAnalyst.invitation.id }, analyst))).toEqual(['NOT_FOUND']);
    expect(await membershipOf(plovdiv, DEMO.networkAnalyst)).toBeUndefined();
    expect(await membershipOf(plovdiv, DEMO.plovdivViewer)).toBeUndefined();
    // The analyst is still only the analyst.
    const viewer = await api.ok(`{ viewer { memberships { role } } }`, {}, analyst);
    expect(viewer.viewer.memberships.map((m: any) => m.role)).toEqual(['NETWORK_ANALYST']);
  });

  test('another center’s manager neither sees nor revokes the invitations', async () => {
    const sent = (await api.ok(ADD, { input: invite('someone.else@plovdiv.opora.test') }, plovdiv)).addStaffMember;
    const theirs = await api.ok(`{ center { staffInvitations { email } } }`, {}, kazanlak);
    expect(theirs.center.staffInvitations.map((i: any) => i.email)).not.toContain('someone.else@plovdiv.opora.test');
    expect(errorCodes(await api.gql(`mutation($id: ID!) { revokeStaffInvitation(id: $id) { id } }`, { id: sent.invitation.id }, kazanlak))).toEqual(['NOT_FOUND']);
    const revoked = await api.ok(`mutation($id: ID!) { revokeStaffInvitation(id: $id) { status } }`, { id: sent.invitation.id }, plovdiv);
    expect(revoked.revokeStaffInvitation.status).toBe('REVOKED');
    expect(fieldPaths(await api.gql(SET_WITH_CODE, { code: sent.code, p: 'a-password-of-my-own' }))).toEqual(['code']);
  });
});

describe('one-time codes', () => {
  test('a set-password code works once, is stored only as a hash, and expires', async () => {
    const sent = (await api.ok(ADD, { input: invite('once.only@plovdiv.opora.test') }, plovdiv)).addStaffMember;
    const row = await api.db.prisma.staffInvitation.findUniqueOrThrow({ where: { id: (await api.db.prisma.staffInvitation.findFirstOrThrow({ where: { email: 'once.only@plovdiv.opora.test' } })).id } });
    expect(JSON.stringify(row)).not.toContain(sent.code);
    expect(JSON.stringify(row)).not.toContain(sent.code.replace(/-/g, ''));
    // 72 hours (the creation time is the database's clock, the expiry the server's).
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 72 * 3600_000)).toBeLessThan(60_000);

    // Lower case and without dashes is the same code.
    const typed = sent.code.toLowerCase().replace(/-/g, ' ');
    expect((await api.ok(SET_WITH_CODE, { code: typed, p: 'първата-ми-парола' })).setPasswordWithCode.email).toBe('once.only@plovdiv.opora.test');
    expect(fieldPaths(await api.gql(SET_WITH_CODE, { code: sent.code, p: 'втората-ми-парола' }))).toEqual(['code']);
    await api.login('once.only@plovdiv.opora.test', 'първата-ми-парола');

    const late = (await api.ok(ADD, { input: invite('too.late@plovdiv.opora.test') }, plovdiv)).addStaffMember;
    await api.db.prisma.staffInvitation.updateMany({ where: { email: 'too.late@plovdiv.opora.test' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api.gql(SET_WITH_CODE, { code: late.code, p: 'a-password-of-my-own' });
    expect(fieldPaths(expired)).toEqual(['code']);
    expect(expired.errors![0]!.extensions!.fields[0].messageBg).toMatch(/изтекъл/);
    expect(await api.db.prisma.user.count({ where: { email: 'too.late@plovdiv.opora.test' } })).toBe(0);
  });

  test('a manager’s reset issues a code, never a password; using it ends every session of the person', async () => {
    const email = 'reset.me@plovdiv.opora.test';
    const sent = (await api.ok(ADD, { input: invite(email) }, plovdiv)).addStaffMember;
    await api.ok(SET_WITH_CODE, { code: sent.code, p: 'стара-парола-на-колегата' });
    const session = await api.login(email, 'стара-парола-на-колегата');
    const membershipId = await membershipOf(plovdiv, email);

    const reset = await api.ok(`mutation($m: ID!) { issuePasswordResetCode(membershipId: $m) { code expiresAt } }`, { m: membershipId }, plovdiv);
    expect(reset.issuePasswordResetCode.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // Nothing changes until the person uses it.
    expect(await isSignedIn(session)).toBe(true);
    await api.login(email, 'стара-парола-на-колегата');

    await api.ok(SET_WITH_CODE, { code: reset.issuePasswordResetCode.code, p: 'нова-парола-на-колегата' });
    expect(await isSignedIn(session)).toBe(false);
    expect(errorCodes(await api.gql(LOGIN, { e: email, p: 'стара-парола-на-колегата' }))).toEqual(['UNAUTHENTICATED']);
    await api.login(email, 'нова-парола-на-колегата');
    expect(fieldPaths(await api.gql(SET_WITH_CODE, { code: reset.issuePasswordResetCode.code, p: 'трета-парола-на-колегата' }))).toEqual(['code']);
  });

  test('setPasswordWithCode is rate-limited per address like sign-in', async () => {
    const limited = await TestApi.start({ rateLimits: createRateLimits({ logger: createLogger('silent'), signIn: { points: 2, durationS: 60 }, aggregate: { points: 100, durationS: 60 } }) });
    try {
      const guess = () => limited.gql(SET_WITH_CODE, { code: 'AAAA-BBBB-CCCC-DDDD', p: 'a-password-of-my-own' });
      expect(errorCodes(await guess())).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await guess())).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await guess())).toEqual(['TOO_MANY_REQUESTS']);
    } finally {
      await limited.stop();
    }
  });
});

describe('passwords', () => {
  test('NIST SP 800-63B rules: length 8–256, any characters, no common passwords; translated errors; nothing written', async () => {
    const sent = (await api.ok(ADD, { input: invite('rules@plovdiv.opora.test') }, plovdiv)).addStaffMember;
    const tooShort = await api.gql(SET_WITH_CODE, { code: sent.code, p: 'кратка' });
    expect(fieldPaths(tooShort)).toEqual(['newPassword']);
    expect(fieldMessages(tooShort)).toEqual([['Паролата трябва да е поне 8 знака.', 'The password must be at least 8 characters.']]);
    const common = await api.gql(SET_WITH_CODE, { code: sent.code, p: 'Password123' });
    expect(fieldMessages(common)[0]![1]).toMatch(/most common/);
    expect(fieldPaths(await api.gql(SET_WITH_CODE, { code: sent.code, p: 'qwertyuiop' }))).toEqual(['newPassword']);
    expect(fieldPaths(await api.gql(SET_WITH_CODE, { code: sent.code, p: 'x'.repeat(257) }))).toEqual(['newPassword']);
    // None of the refusals used the code.
    expect(await api.db.prisma.user.count({ where: { email: 'rules@plovdiv.opora.test' } })).toBe(0);
    // No composition rules: a long passphrase of spaces, Cyrillic and emoji, up to 256 characters.
    const passphrase = 'зелено куче пие чай 🍵 ' + 'а'.repeat(200);
    await api.ok(SET_WITH_CODE, { code: sent.code, p: passphrase });
    await api.login('rules@plovdiv.opora.test', passphrase);
  });

  test('everyone changes their own password with the current one; every other session ends', async () => {
    const email = 'changer@plovdiv.opora.test';
    const sent = (await api.ok(ADD, { input: invite(email) }, plovdiv)).addStaffMember;
    await api.ok(SET_WITH_CODE, { code: sent.code, p: 'първа-парола-ми' });
    const here = await api.login(email, 'първа-парола-ми');
    const there = await api.login(email, 'първа-парола-ми');
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;

    expect(fieldPaths(await api.gql(CHANGE, { c: 'грешна-парола', n: 'втора-парола-ми' }, here))).toEqual(['currentPassword']);
    expect(fieldPaths(await api.gql(CHANGE, { c: 'първа-парола-ми', n: '12345678' }, here))).toEqual(['newPassword']);
    expect(await isSignedIn(there)).toBe(true);

    expect((await api.ok(CHANGE, { c: 'първа-парола-ми', n: 'втора-парола-ми' }, here)).changePassword).toBe(true);
    expect(await isSignedIn(here)).toBe(true);
    expect(await isSignedIn(there)).toBe(false);
    expect(errorCodes(await api.gql(LOGIN, { e: email, p: 'първа-парола-ми' }))).toEqual(['UNAUTHENTICATED']);
    await api.login(email, 'втора-парола-ми');
    // Signed out: no change.
    expect(errorCodes(await api.gql(CHANGE, { c: 'втора-парола-ми', n: 'трета-парола-ми' }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('sign-in sessions', () => {
  test('each person sees their sessions (device, address, last use) and ends any of them', async () => {
    const login = async (ua: string) =>
      (await api.post({ query: LOGIN, variables: { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD } }, { 'user-agent': ua })).json.data!.login.token as string;
    const phone = await login('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36');
    const laptop = await login('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36');
    const { myAccount } = await api.ok(MY_ACCOUNT, {}, laptop);
    expect(myAccount.signInSessions.length).toBeGreaterThanOrEqual(2);
    const current = myAccount.signInSessions.filter((s: any) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0].device).toMatch(/Chrome 126 · Windows/);
    expect(current[0].address).toBe('127.0.0.1');
    const phoneSession = myAccount.signInSessions.find((s: any) => /Android/.test(s.device));
    expect(phoneSession).toBeTruthy();

    // "Last used" follows use: an hour-old mark moves to now after a request with the token.
    const hourAgo = new Date(Date.now() - 3600_000);
    await api.db.prisma.authSession.updateMany({ where: { user: { email: DEMO.kazanlakMobile }, revokedAt: null }, data: { lastSeenAt: hourAgo } });
    expect(await isSignedIn(phone)).toBe(true);
    const seen = (await api.ok(MY_ACCOUNT, {}, laptop)).myAccount.signInSessions;
    expect(new Date(seen.find((s: any) => s.id === phoneSession.id).lastUsedAt).getTime()).toBeGreaterThan(hourAgo.getTime() + 30 * 60_000);

    // Another person cannot end it.
    const other = await api.login(DEMO.kazanlakPsychologist);
    expect(errorCodes(await api.gql(`mutation($id: ID!) { endSignInSession(id: $id) }`, { id: phoneSession.id }, other))).toEqual(['NOT_FOUND']);
    expect(await isSignedIn(phone)).toBe(true);

    await api.ok(`mutation($id: ID!) { endSignInSession(id: $id) }`, { id: phoneSession.id }, laptop);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);

    const third = await login('curl/8');
    expect((await api.ok(`mutation { endOtherSignInSessions }`, {}, laptop)).endOtherSignInSessions).toBeGreaterThanOrEqual(1);
    expect(await isSignedIn(third)).toBe(false);
    // Sign-out ends the current one.
    await api.ok(`mutation { logout }`, {}, laptop);
    expect(await isSignedIn(laptop)).toBe(false);
  });
});

describe('a manager and a colleague’s account', () => {
  test('disable (sessions end, sign-in refused), re-enable, end sessions', async () => {
    const email = 'to.disable@plovdiv.opora.test';
    const sent = (await api.ok(ADD, { input: invite(email) }, plovdiv)).addStaffMember;
    await api.ok(SET_WITH_CODE, { code: sent.code, p: 'парола-за-спиране' });
    const session = await api.login(email, 'парола-за-спиране');
    const m = await membershipOf(plovdiv, email);
    const staff = staffOf((await api.ok(STAFF, {}, plovdiv)).center).find((s: any) => s.id === m);
    expect(staff.account).toEqual({ disabled: false, twoFactorEnabled: false, openSessions: 1 });

    await api.ok(`mutation($m: ID!) { setStaffAccountDisabled(membershipId: $m, disabled: true) { id } }`, { m }, plovdiv);
    expect(await isSignedIn(session)).toBe(false);
    expect(errorCodes(await api.gql(LOGIN, { e: email, p: 'парола-за-спиране' }))).toEqual(['UNAUTHENTICATED']);
    expect(staffOf((await api.ok(STAFF, {}, plovdiv)).center).find((s: any) => s.id === m).account.disabled).toBe(true);

    await api.ok(`mutation($m: ID!) { setStaffAccountDisabled(membershipId: $m, disabled: false) { id } }`, { m }, plovdiv);
    const again = await api.login(email, 'парола-за-спиране');
    await api.ok(`mutation($m: ID!) { endStaffSignInSessions(membershipId: $m) { id } }`, { m }, plovdiv);
    expect(await isSignedIn(again)).toBe(false);

    // Not on themselves, and a worker may not.
    const own = (await api.ok(`{ viewer { activeMembership { id } } }`, {}, plovdiv)).viewer.activeMembership.id;
    expect(errorCodes(await api.gql(`mutation($m: ID!) { setStaffAccountDisabled(membershipId: $m, disabled: true) { id } }`, { m: own }, plovdiv))).toEqual(['FORBIDDEN']);
    const worker = await api.login(DEMO.plovdivWorker);
    expect(errorCodes(await api.gql(`mutation($m: ID!) { endStaffSignInSessions(membershipId: $m) { id } }`, { m }, worker))).toEqual(['FORBIDDEN']);
    // A worker reads the staff list, but no account state.
    const asWorker = await api.ok(`{ center { staff(first: 100) { edges { node { account { disabled } } } } } }`, {}, worker);
    expect(staffOf(asWorker.center).map((s: any) => s.account)).toEqual(staffOf(asWorker.center).map(() => null));
  });

  test('isolation: a manager cannot reset, disable or end the sessions of a person outside their center, nor of someone who also works elsewhere', async () => {
    const workerSession = await api.login(DEMO.plovdivWorker);
    const plovdivWorker = await membershipOf(plovdiv, DEMO.plovdivWorker);
    const hashBefore = (await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.plovdivWorker } })).passwordHash;
    for (const query of [
      `mutation($m: ID!) { issuePasswordResetCode(membershipId: $m) { code } }`,
      `mutation($m: ID!) { setStaffAccountDisabled(membershipId: $m, disabled: true) { id } }`,
      `mutation($m: ID!) { endStaffSignInSessions(membershipId: $m) { id } }`,
      `mutation($m: ID!) { clearStaffTwoFactor(membershipId: $m) { id } }`,
    ]) {
      expect(errorCodes(await api.gql(query, { m: plovdivWorker }, kazanlak)), query).toEqual(['NOT_FOUND']);
    }
    expect(await isSignedIn(workerSession)).toBe(true);
    const after = await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.plovdivWorker } });
    expect(after.passwordHash).toBe(hashBefore);
    expect(after.disabledAt).toBeNull();
    expect(await api.db.prisma.passwordResetCode.count({ where: { userId: after.id } })).toBe(0);
    // Kazanlak's staff list shows no account state of Plovdiv's people.
    const theirs = staffOf((await api.ok(STAFF, {}, kazanlak)).center).map((s: any) => s.user.email);
    expect(theirs).not.toContain(DEMO.plovdivWorker);

    // The Kazanlak psychologist joined Plovdiv too (first test): Plovdiv's manager may end
    // their sessions but not take over or disable the account Kazanlak also relies on.
    const shared = await membershipOf(plovdiv, DEMO.kazanlakPsychologist);
    expect(shared).toBeTruthy();
    for (const query of [
      `mutation($m: ID!) { issuePasswordResetCode(membershipId: $m) { code } }`,
      `mutation($m: ID!) { setStaffAccountDisabled(membershipId: $m, disabled: true) { id } }`,
    ]) {
      const refused = await api.gql(query, { m: shared }, plovdiv);
      expect(errorCodes(refused), query).toEqual(['FORBIDDEN']);
      expect(refused.errors![0]!.extensions!.messageEn).toMatch(/also works elsewhere/);
    }
    await api.login(DEMO.kazanlakPsychologist);
  });
});

describe('two-factor sign-in (TOTP)', () => {
  test('enroll with a first code; sign-in asks for a code; codes are not replayed; recovery codes work once', async () => {
    const me = await api.login(DEMO.plovdivWorker);
    const { startTwoFactorEnrollment: enrollment } = await api.ok(`mutation { startTwoFactorEnrollment { secret otpauthUri } }`, {}, me);
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Opora:worker%40plovdiv\.opora\.test\?secret=/);
    const CONFIRM = `mutation($s: String!, $c: String!) { confirmTwoFactorEnrollment(secret: $s, code: $c) { codes } }`;
    expect(fieldPaths(await api.gql(CONFIRM, { s: enrollment.secret, c: '000000' }, me))).toEqual(['code']);
    const recovery = (await api.ok(CONFIRM, { s: enrollment.secret, c: generateSync({ secret: enrollment.secret }) }, me)).confirmTwoFactorEnrollment.codes;
    expect(recovery).toHaveLength(10);
    expect((await api.ok(`{ myAccount { twoFactorEnabled recoveryCodesLeft } }`, {}, me)).myAccount).toEqual({ twoFactorEnabled: true, recoveryCodesLeft: 10 });

    // The secret is the user's own row: another user's transaction sees nothing.
    const other = await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.plovdivManager } });
    const seen = await inTenant(api.db.prisma, { kind: 'user', userId: other.id }, (tx) => tx.twoFactor.findMany());
    expect(seen).toEqual([]);

    const noCode = await api.gql(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD });
    expect(errorCodes(noCode)).toEqual(['UNAUTHENTICATED']);
    expect(noCode.errors![0]!.extensions!.reason).toBe('TWO_FACTOR_REQUIRED');
    expect(noCode.data?.login ?? null).toBeNull();
    const badCode = await api.gql(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD, c: '123456' });
    expect(badCode.errors![0]!.extensions!.messageEn).toMatch(/Wrong or already used/);
    // A right code with a wrong password is still a wrong password.
    const code = nextCode(enrollment.secret);
    expect(errorCodes(await api.gql(LOGIN, { e: DEMO.plovdivWorker, p: 'wrong-password', c: code }))).toEqual(['UNAUTHENTICATED']);
    const signedIn = await api.ok(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD, c: code });
    expect(await isSignedIn(signedIn.login.token)).toBe(true);
    const replay = await api.gql(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD, c: code });
    expect(replay.errors![0]!.extensions!.reason).toBe('TWO_FACTOR_REQUIRED');

    await api.ok(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD, c: recovery[0] });
    expect(errorCodes(await api.gql(LOGIN, { e: DEMO.plovdivWorker, p: DEMO_PASSWORD, c: recovery[0] }))).toEqual(['UNAUTHENTICATED']);
    const staff = staffOf((await api.ok(STAFF, {}, plovdiv)).center).find((s: any) => s.user.email === DEMO.plovdivWorker);
    expect(staff.account.twoFactorEnabled).toBe(true);

    // The manager clears a lost second factor (the worker works only in Plovdiv).
    await api.ok(`mutation($m: ID!) { clearStaffTwoFactor(membershipId: $m) { id } }`, { m: staff.id }, plovdiv);
    await api.login(DEMO.plovdivWorker);
  });

  test('the secret is sealed at rest: not in the database in clear, bound to its user; an old clear one is sealed on use', async () => {
    const me = await api.login(DEMO.kazanlakPsychologist);
    const { startTwoFactorEnrollment: enrollment } = await api.ok(`mutation { startTwoFactorEnrollment { secret } }`, {}, me);
    await api.ok(`mutation($s: String!, $c: String!) { confirmTwoFactorEnrollment(secret: $s, code: $c) { codes } }`, { s: enrollment.secret, c: generateSync({ secret: enrollment.secret }) }, me);
    const psychologist = await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.kazanlakPsychologist } });
    const mobile = await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.kazanlakMobile } });
    const stored = await api.db.prisma.twoFactor.findUniqueOrThrow({ where: { userId: psychologist.id } });
    // A dump of the table does not hold the secret, in base32 or in any other encoding of it.
    expect(stored.secret).toMatch(/^v1:/);
    expect(stored.secret).not.toContain(enrollment.secret);
    expect(stored.secret).not.toContain(Buffer.from(enrollment.secret).toString('base64'));
    expect((await api.ok(LOGIN, { e: DEMO.kazanlakPsychologist, p: DEMO_PASSWORD, c: nextCode(enrollment.secret) })).login.token).toBeTruthy();

    // The sealed secret copied onto another person's row does not open there.
    await api.db.prisma.twoFactor.create({ data: { userId: mobile.id, secret: stored.secret } });
    try {
      const copied = await api.gql(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD, c: generateSync({ secret: enrollment.secret }) });
      expect(copied.errors![0]!.extensions!.reason).toBe('TWO_FACTOR_REQUIRED');
      expect(copied.data?.login ?? null).toBeNull();

      // A row written before sealing (the base32 secret in clear) still signs in, and is sealed by that use.
      const clear = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      await api.db.prisma.twoFactor.update({ where: { userId: mobile.id }, data: { secret: clear, lastUsedStep: 0n } });
      expect((await api.ok(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD, c: generateSync({ secret: clear }) })).login.token).toBeTruthy();
      const resealed = await api.db.prisma.twoFactor.findUniqueOrThrow({ where: { userId: mobile.id } });
      expect(resealed.secret).toMatch(/^v1:/);
      expect(resealed.secret).not.toContain(clear);
      expect((await api.ok(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD, c: nextCode(clear) })).login.token).toBeTruthy();
    } finally {
      await api.db.prisma.twoFactor.deleteMany({ where: { userId: { in: [psychologist.id, mobile.id] } } });
    }
  });

  test('a center that requires two-factor makes its staff enroll at the next sign-in', async () => {
    const required = await api.ok(`mutation { setCenterTwoFactorRequired(required: true) { requireTwoFactor } }`, {}, kazanlak);
    expect(required.setCenterTwoFactorRequired.requireTwoFactor).toBe(true);
    try {
      const first = await api.gql(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD });
      const ext = first.errors![0]!.extensions!;
      expect(ext.reason).toBe('TWO_FACTOR_ENROLLMENT_REQUIRED');
      expect(ext.otpauthUri).toContain(`secret=${ext.secret}`);
      expect(first.data?.login ?? null).toBeNull();
      // A wrong first code enrolls nothing.
      expect((await api.gql(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD, s: ext.secret, c: '000000' })).errors![0]!.extensions!.reason).toBe('TWO_FACTOR_ENROLLMENT_REQUIRED');
      const enrolled = await api.ok(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD, s: ext.secret, c: generateSync({ secret: ext.secret }) });
      const mine = await api.ok(`{ myAccount { twoFactorEnabled twoFactorRequired } }`, {}, enrolled.login.token);
      expect(mine.myAccount).toEqual({ twoFactorEnabled: true, twoFactorRequired: true });
      // From now on a code is asked, and the person cannot turn it off.
      expect((await api.gql(LOGIN, { e: DEMO.kazanlakMobile, p: DEMO_PASSWORD })).errors![0]!.extensions!.reason).toBe('TWO_FACTOR_REQUIRED');
      const off = await api.gql(`mutation($p: String!, $c: String!) { disableTwoFactor(currentPassword: $p, code: $c) }`, { p: DEMO_PASSWORD, c: nextCode(ext.secret) }, enrolled.login.token);
      expect(errorCodes(off)).toEqual(['FORBIDDEN']);
      // A worker cannot change the center's rule.
      const psychologist = await api.gql(LOGIN, { e: DEMO.kazanlakPsychologist, p: DEMO_PASSWORD });
      expect(psychologist.errors![0]!.extensions!.reason).toBe('TWO_FACTOR_ENROLLMENT_REQUIRED');
    } finally {
      await api.db.prisma.center.updateMany({ data: { requireTwoFactor: false } });
    }
  });
});
