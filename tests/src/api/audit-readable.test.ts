import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';

// The audit trail people can read (issue #19, item 2): a list read is ONE event naming the list,
// its count and the ids it showed; each event says who, when, from where and about whom; the
// filters narrow it; the XLSX export has exactly the filtered events; a person's own history
// (the client page's "who read this") includes the lists that showed them.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let startedAt: string;
let workerMembership: string;
const uuidOf = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
const EVENT = `id action actionLabel entityType entityTypeLabel entityNodeId listName listLabel recordCount recordNodeIds actorName actorMembershipId ip userAgent personName personNodeId caseNumber at`;

async function events(args: Record<string, unknown>, token = manager): Promise<any[]> {
  const all: any[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await api.ok(
      `query($from: DateTime, $to: DateTime, $action: AuditAction, $entityType: String, $person: ID, $actor: ID, $after: String) {
        auditEvents(first: 100, after: $after, from: $from, to: $to, action: $action, entityType: $entityType, personId: $person, actorMembershipId: $actor) {
          pageInfo { hasNextPage endCursor } edges { node { ${EVENT} } }
        }
      }`,
      { from: startedAt, ...args, after },
      token,
    );
    all.push(...data.auditEvents.edges.map((e: any) => e.node));
    if (!data.auditEvents.pageInfo.hasNextPage) return all;
    after = data.auditEvents.pageInfo.endCursor;
  }
}

async function exported(query: Record<string, string>, token = manager): Promise<{ status: number; rows: Array<Record<string, unknown>> }> {
  const res = await fetch(`${api.url}/audit/export.xlsx?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${token}`, 'x-opora-language': 'bg' } });
  if (res.status !== 200) return { status: res.status, rows: [] };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
  const sheet = book.worksheets[0]!;
  const heads = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(heads.map((h, i) => [h, values[i] ?? null])));
  });
  return { status: res.status, rows };
}

beforeAll(async () => {
  api = await TestApi.start();
  startedAt = new Date(Date.now() - 1000).toISOString();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  workerMembership = (await api.ok(`{ viewer { activeMembership { id } } }`, {}, worker)).viewer.activeMembership.id;
});
afterAll(async () => {
  await api?.stop();
});

describe('the audit trail people can read', () => {
  let listed: string[] = [];

  test('opening a list of N clients writes ONE event naming the list, with N and their ids, and where it came from', async () => {
    const requestId = randomUUID();
    const result = await api.gql(`{ clients(first: 7) { edges { node { id fullName } } } }`, {}, worker, { 'x-request-id': requestId, 'user-agent': 'OporaTest/1.0 (audit)' });
    listed = result.data!.clients.edges.map((e: any) => e.node.id);
    expect(listed.length).toBe(7);
    const rows = await sqlAsOwner<{ action: string; entityType: string; entityId: string | null; listName: string; recordCount: number; entityIds: string[]; userAgent: string; ip: string }>(
      api.db,
      `SELECT action::text, "entityType", "entityId", "listName", "recordCount", "entityIds", "userAgent", ip FROM "AuditEvent" WHERE "requestId" = $1`,
      requestId,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'READ', entityType: 'Client', entityId: null, listName: 'clients', recordCount: 7, userAgent: 'OporaTest/1.0 (audit)' });
    expect(new Set(rows[0]!.entityIds)).toEqual(new Set(listed.map(uuidOf)));
    expect(rows[0]!.ip).toMatch(/127\.0\.0\.1/);

    // As the manager reads it: who, what in words, the list and its count, from where.
    const mine = await events({ actor: workerMembership, entityType: 'Client' });
    const event = mine.find((e) => e.listName === 'clients' && e.recordCount === 7);
    expect(event).toMatchObject({ action: 'READ', actionLabel: 'Преглед', entityTypeLabel: 'Потребител', listLabel: 'Потребители', actorName: 'Десислава Петрова', userAgent: 'OporaTest/1.0 (audit)', entityNodeId: null });
    expect(new Set(event.recordNodeIds)).toEqual(new Set(listed));
  });

  test('a single record read stays one event, with the person’s name and case number for the manager', async () => {
    const { cases } = await api.ok(`{ cases(first: 1) { edges { node { id number person { id fullName } } } } }`, {}, manager);
    const kase = cases.edges[0].node;
    const requestId = randomUUID();
    await api.gql(`query($id: ID!) { node(id: $id) { ... on Case { id number } } }`, { id: kase.id }, worker, { 'x-request-id': requestId });
    const rows = await sqlAsOwner<{ entityId: string; listName: string | null }>(api.db, `SELECT "entityId", "listName" FROM "AuditEvent" WHERE "requestId" = $1`, requestId);
    expect(rows).toEqual([{ entityId: uuidOf(kase.id), listName: null }]);
    const reads = await events({ actor: workerMembership, entityType: 'Case', action: 'READ' });
    expect(reads.find((e) => e.entityNodeId === kase.id)).toMatchObject({ personName: kase.person.fullName, personNodeId: kase.person.id, caseNumber: kase.number, entityTypeLabel: 'Случай' });
    // Showing the names is itself a read of those persons: one list event of the trail.
    const trail = await sqlAsOwner<{ n: number }>(api.db, `SELECT count(*)::int AS n FROM "AuditEvent" WHERE "listName" = 'auditEvents.subject' AND $1 = ANY("entityIds")`, uuidOf(kase.person.id));
    expect(trail[0]!.n).toBeGreaterThan(0);
  });

  test('filters: person (list reads included), staff member, record type, action and dates', async () => {
    const person = listed[0]!;
    await api.ok(`query($id: ID!) { node(id: $id) { ... on Client { id fullName } } }`, { id: person }, manager);
    const about = await events({ person });
    // The list that showed them (the worker's) and the manager's own read of them.
    expect(about.some((e) => e.listName === 'clients' && e.actorName === 'Десислава Петрова' && e.recordNodeIds.includes(person))).toBe(true);
    expect(about.some((e) => e.entityNodeId === person && e.actorName === 'Милена Стоянова')).toBe(true);
    expect(about.every((e) => e.entityNodeId === person || e.recordNodeIds?.includes(person) || e.personNodeId === person)).toBe(true);
    // Someone never listed is not about this person.
    const { clients } = await api.ok(`{ clients(first: 30) { edges { node { id } } } }`, {}, worker);
    const other = clients.edges.map((e: any) => e.node.id).find((id: string) => !listed.includes(id));
    if (other) expect((await events({ person: other, actor: workerMembership })).some((e) => e.listName === 'clients' && e.recordCount === 7)).toBe(false);

    const byWorker = await events({ actor: workerMembership });
    expect(byWorker.length).toBeGreaterThan(0);
    expect(byWorker.every((e) => e.actorMembershipId === workerMembership)).toBe(true);
    const cases = await events({ entityType: 'Case' });
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((e) => e.entityType === 'Case')).toBe(true);
    const logins = await events({ action: 'LOGIN' });
    expect(logins.every((e) => e.action === 'LOGIN')).toBe(true);
    const all = await events({});
    expect(logins.length + cases.length).toBeLessThan(all.length);
    expect(await events({ from: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
    const upTo = all.at(-1)!.at; // the oldest event since the start: `to` is exclusive
    expect(await events({ to: upTo })).toEqual([]);
    // Kazanlak's manager finds nothing of this person.
    expect(await events({ person }, kazanlak)).toEqual([]);
  });

  test('the XLSX export’s rows are exactly the filtered events, in words; only the manager may export', async () => {
    const person = listed[0]!;
    // Up to now: reading the trail shows names, which is itself a read (a later event).
    const to = new Date().toISOString();
    const filtered = await events({ person, to });
    const { status, rows } = await exported({ from: startedAt, to, personId: person });
    expect(status).toBe(200);
    expect(rows.map((r) => String(r['№']))).toEqual(filtered.map((e) => e.id));
    const listRow = rows.find((r) => r['Списък'] === 'Потребители' && r['Брой записи'] === 7);
    expect(listRow).toMatchObject({ 'Кой': 'Десислава Петрова', 'Действие': 'Преглед', 'Вид запис': 'Потребител', 'Брой записи': 7, 'Браузър / приложение': 'OporaTest/1.0 (audit)' });

    const byWorker = await events({ actor: workerMembership, action: 'READ', to });
    const second = await exported({ from: startedAt, to, actorMembershipId: workerMembership, action: 'READ' });
    expect(second.rows.map((r) => String(r['№']))).toEqual(byWorker.map((e) => e.id));

    // The export is audited; a worker and a stranger are refused.
    expect((await events({ action: 'EXPORT', entityType: 'AuditEvent' })).length).toBeGreaterThanOrEqual(2);
    expect((await exported({}, worker)).status).toBe(403);
    const anonymous = await fetch(`${api.url}/audit/export.xlsx`);
    expect(anonymous.status).toBe(401);
    // Kazanlak's export of Plovdiv's person is empty.
    expect((await exported({ from: startedAt, personId: person }, kazanlak)).rows).toEqual([]);
  });

  test('a worker may not read a person’s history', async () => {
    const result = await api.gql(`query($p: ID) { auditEvents(first: 5, personId: $p) { totalCount } }`, { p: listed[0] }, worker);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
  });
});
