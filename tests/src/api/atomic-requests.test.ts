import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';

// A request commits whole or not at all: a mutation document in which any field fails
// writes nothing, not even the parts that succeeded before the failure.
let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await TestApi.start();
  token = await api.login(DEMO.plovdivManager);
});
afterAll(async () => {
  await api?.stop();
});

describe('one transaction per request', () => {
  test('a mutation with one failing field rolls back the fields that succeeded', async () => {
    const before = await api.db.prisma.client.count({ where: { lastName: 'Атомаров' } });
    const result = await api.gql(
      `mutation {
        ok: registerClient(input: { kind: CHILD, firstName: "Иван", lastName: "Атомаров" }, idempotencyKey: "atomic-test-0001") { client { id } }
        bad: updateClient(id: "nonsense", version: 1, input: { kind: CHILD, firstName: "Х", lastName: "Y" }) { id }
      }`,
      {},
      token,
    );
    expect(errorCodes(result)).toContain('NOT_FOUND');
    expect(await api.db.prisma.client.count({ where: { lastName: 'Атомаров' } })).toBe(before);
    // The idempotency key was not kept either, so a retry is a fresh attempt.
    expect(await api.db.prisma.idempotencyKey.count({ where: { key: 'atomic-test-0001' } })).toBe(0);
    const retry = await api.ok<{ registerClient: { client: { firstName: string } } }>(
      `mutation { registerClient(input: { kind: CHILD, firstName: "Иван", lastName: "Атомаров" }, idempotencyKey: "atomic-test-0001") { client { firstName } } }`,
      {},
      token,
    );
    expect(retry.registerClient.client.firstName).toBe('Иван');
    expect(await api.db.prisma.client.count({ where: { lastName: 'Атомаров' } })).toBe(before + 1);
  });

  test('a rejected input writes nothing, audit events included', async () => {
    const auditBefore = await api.db.prisma.auditEvent.count();
    const result = await api.gql(
      `mutation { registerClient(input: { kind: CHILD, firstName: "", lastName: "${'я'.repeat(300)}" }) { client { id } } }`,
      {},
      token,
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    const fields = result.errors![0]!.extensions!.fields as Array<{ path: string; messageBg: string; messageEn: string }>;
    // Every bad field in one answer (the validation plugin is patched: hayes/pothos#1656).
    expect(fields.map((f) => f.path).sort()).toEqual(['input.firstName', 'input.lastName']);
    for (const f of fields) {
      expect(f.messageBg).toMatch(/[а-я]/);
      expect(f.messageEn).toMatch(/[a-z]/);
    }
    expect(await api.db.prisma.auditEvent.count()).toBe(auditBefore);
  });

  test('sign-in is audited in the center of the active membership', async () => {
    await api.login(DEMO.kazanlakManager);
    const kazanlak = await api.db.prisma.center.findUniqueOrThrow({ where: { code: 'KZL' } });
    const user = await api.db.prisma.user.findUniqueOrThrow({ where: { email: DEMO.kazanlakManager } });
    const event = await api.db.prisma.auditEvent.findFirst({ where: { action: 'LOGIN', userId: user.id }, orderBy: { at: 'desc' } });
    expect(event?.centerId).toBe(kazanlak.id);
  });
});
