import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';

// The audit trail, as the center's manager reads it: every read of a person's record and
// every change, with who did it; never another center's events; no way to change them.

let api: TestApi;
let manager: string;
let worker: string;
let kazanlak: string;
let startedAt: string;
let managerMembership: string;
let workerMembership: string;

const EVENT = `id action entityType entityId entityNodeId listName recordCount recordNodeIds at requestId actorName actorRole actorMembershipId`;

type Event = {
  id: string;
  action: string;
  entityType: string;
  entityId: string | null;
  entityNodeId: string | null;
  at: string;
  requestId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorMembershipId: string | null;
  listName: string | null;
  recordCount: number | null;
  recordNodeIds: string[] | null;
};

/** An event about this record: read or changed alone, or shown as a row of a list (one event per list). */
const about = (e: Event, id: string) => e.entityNodeId === id || (e.recordNodeIds ?? []).includes(id);

async function events(token: string, args: Record<string, unknown> = {}): Promise<Event[]> {
  const all: Event[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await api.ok(
      `query($from: DateTime, $action: AuditAction, $entityType: String, $entityId: ID, $actor: ID, $after: String) {
        auditEvents(first: 50, after: $after, from: $from, action: $action, entityType: $entityType, entityId: $entityId, actorMembershipId: $actor) {
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

beforeAll(async () => {
  api = await TestApi.start();
  startedAt = new Date(Date.now() - 1000).toISOString();
  manager = await api.login(DEMO.plovdivManager);
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  managerMembership = (await api.ok(`{ viewer { activeMembership { id } } }`, {}, manager)).viewer.activeMembership.id;
  workerMembership = (await api.ok(`{ viewer { activeMembership { id } } }`, {}, worker)).viewer.activeMembership.id;
});
afterAll(async () => {
  await api?.stop();
});

describe('the audit trail', () => {
  test('reading a client and a household yields READ events with the reader’s name (a list read: one event naming the list)', async () => {
    const { clients } = await api.ok(`{ clients(first: 1) { edges { node { id fullName } } } }`, {}, worker);
    const client = clients.edges[0].node;
    const { households } = await api.ok(`{ households(first: 1) { edges { node { id name } } } }`, {}, worker);
    const household = households.edges[0].node;

    const reads = await events(manager, { action: 'READ' });
    const clientRead = reads.find((e) => e.entityType === 'Client' && about(e, client.id));
    expect(clientRead).toMatchObject({
      action: 'READ',
      listName: 'clients',
      recordCount: 1,
      recordNodeIds: [client.id],
      entityId: null,
      actorName: 'Десислава Петрова',
      actorRole: 'CASE_WORKER',
      actorMembershipId: workerMembership,
      requestId: expect.any(String),
    });
    expect(reads.find((e) => e.entityType === 'Household' && about(e, household.id))).toMatchObject({ actorName: 'Десислава Петрова', listName: 'households', recordCount: 1 });

    // The event's node id leads back to the record.
    const back = await api.ok(`query($id: ID!) { node(id: $id) { ... on Client { fullName } } }`, { id: clientRead!.recordNodeIds![0] }, manager);
    expect(back.node.fullName).toBe(client.fullName);

    // The whole history of one record, by its id.
    const history = await events(manager, { entityId: client.id });
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(history.every((e) => about(e, client.id))).toBe(true);
    // The node read above is a single read: one event naming the record itself.
    expect(history.some((e) => e.entityNodeId === client.id && e.listName === null)).toBe(true);
  });

  test('one request, the same people at several places and several fields each: one event per place, every row in it', async () => {
    // Cases with their child, and the same children again as a list of their own, each row
    // asked for several fields (the audit records an object's read once, at its first field).
    const data = await api.ok(
      `{ cases(first: 5) { edges { node { id status referralDate person { id fullName birthDate } } } }
         again: cases(first: 5) { edges { node { person { id fullName } } } }
         clients(first: 5) { edges { node { id fullName birthDate } } } }`,
      {},
      manager,
    );
    const cases = data.cases.edges.map((e: any) => e.node);
    expect(cases.length).toBeGreaterThan(1);
    const children = [...new Set<string>(cases.map((c: any) => c.person.id))].sort();
    const clients = data.clients.edges.map((e: any) => e.node.id).sort();

    const mine = (await events(manager, { action: 'READ' })).filter((e) => e.actorMembershipId === managerMembership);
    const requestId = mine.find((e) => e.listName === 'again.person')?.requestId;
    expect(requestId).toBeTruthy();
    const request = mine.filter((e) => e.requestId === requestId);
    const place = (name: string) => request.filter((e) => e.listName === name);
    // One event per place, holding every row shown there, however many fields each row asked for.
    const caseIds = cases.map((c: any) => c.id).sort();
    expect(place('cases').map((e) => [e.entityType, e.recordCount, [...e.recordNodeIds!].sort()])).toEqual([['Case', cases.length, caseIds]]);
    expect(place('again').map((e) => [e.entityType, e.recordCount, [...e.recordNodeIds!].sort()])).toEqual([['Case', cases.length, caseIds]]);
    expect(place('cases.person').map((e) => [e.entityType, e.recordCount, [...e.recordNodeIds!].sort()])).toEqual([['Client', children.length, children]]);
    expect(place('again.person').map((e) => [e.entityType, e.recordCount, [...e.recordNodeIds!].sort()])).toEqual([['Client', children.length, children]]);
    expect(place('clients').map((e) => [e.entityType, e.recordCount, [...e.recordNodeIds!].sort()])).toEqual([['Client', clients.length, clients]]);
    expect(request).toHaveLength(5);
  });

  test('changes are there too, newest first, and a staff member’s filter shows only them', async () => {
    await api.ok(
      `mutation { addPartnerOrganization(input: { kind: NGO, nameBg: "Сдружение за тест на одита" }) { id } }`,
      {},
      manager,
    );
    const { clients } = await api.ok(`{ clients(first: 1) { edges { node { id version } } } }`, {}, manager);
    const mine = await events(manager, { actor: managerMembership });
    expect(mine.every((e) => e.actorName === 'Милена Стоянова' && e.actorRole === 'MANAGER')).toBe(true);
    const create = mine.find((e) => e.action === 'CREATE' && e.entityType === 'PartnerOrganization');
    const read = mine.find((e) => e.action === 'READ' && about(e, clients.edges[0].node.id));
    expect(create).toBeDefined();
    expect(read).toBeDefined();
    // Newest first: the later read comes before the earlier creation.
    expect(mine.indexOf(read!)).toBeLessThan(mine.indexOf(create!));
    const ids = mine.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
    expect(mine.some((e) => e.actorMembershipId === workerMembership)).toBe(false);

    // Sign-in events (when they carry the center) name a User, which is no node type.
    const logins = await events(manager, { action: 'LOGIN' });
    expect(logins.every((e) => e.entityType === 'User' && e.entityNodeId === null)).toBe(true);
  });

  test('pages and counts', async () => {
    const page = await api.ok(`{ auditEvents(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`, {}, manager);
    expect(page.auditEvents.edges.length).toBe(2);
    expect(page.auditEvents.totalCount).toBeGreaterThan(2);
    const next = await api.ok(`query($after: String) { auditEvents(first: 2, after: $after) { edges { node { id } } } }`, { after: page.auditEvents.pageInfo.endCursor }, manager);
    expect(BigInt(next.auditEvents.edges[0].node.id)).toBeLessThan(BigInt(page.auditEvents.edges[1].node.id));

    const backwards = await api.gql(`{ auditEvents(first: 2, from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { totalCount } }`, {}, manager);
    expect(errorCodes(backwards)).toEqual(['BAD_USER_INPUT']);
  });

  test('a worker may not read it', async () => {
    const result = await api.gql(`{ auditEvents(first: 5) { edges { node { id } } } }`, {}, worker);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toBeNull();
    const analyst = await api.login(DEMO.networkAnalyst);
    expect(errorCodes(await api.gql(`{ auditEvents(first: 5) { totalCount } }`, {}, analyst))).toEqual(['FORBIDDEN']);
  });

  test('a manager never sees another center’s events', async () => {
    const { clients } = await api.ok(`{ clients(first: 1) { edges { node { id } } } }`, {}, kazanlak);
    const kazanlakClient = clients.edges[0].node.id;
    const kazanlakEvents = await events(kazanlak);
    expect(kazanlakEvents.some((e) => about(e, kazanlakClient))).toBe(true);

    const plovdivEvents = await events(manager);
    expect(plovdivEvents.length).toBeGreaterThan(0);
    expect(plovdivEvents.some((e) => about(e, kazanlakClient))).toBe(false);
    expect(plovdivEvents.some((e) => e.actorName === 'Гергана Минчева')).toBe(false);
    const plovdivIds = new Set(plovdivEvents.map((e) => e.id));
    expect(kazanlakEvents.some((e) => plovdivIds.has(e.id))).toBe(false);
    expect(kazanlakEvents.some((e) => e.actorName === 'Милена Стоянова' || e.actorName === 'Десислава Петрова')).toBe(false);

    // Asking for the Kazanlak record's history from Plovdiv finds nothing.
    expect(await events(manager, { entityId: kazanlakClient })).toEqual([]);
  });

  test('no operation of the API changes or deletes an audit event', async () => {
    const { __schema } = await api.ok(
      `{ __schema { mutationType { fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }`,
      {},
      manager,
    );
    const unwrap = (t: any): string | null => (t ? (t.name ?? unwrap(t.ofType)) : null);
    const mutations: Array<{ name: string; type: any }> = __schema.mutationType.fields;
    expect(mutations.length).toBeGreaterThan(10);
    expect(mutations.filter((m) => /audit/i.test(m.name))).toEqual([]);
    expect(mutations.filter((m) => unwrap(m.type) === 'AuditEvent')).toEqual([]);

    // And the events read in this test are the same when read again.
    const first = await events(manager, { action: 'READ' });
    const again = await events(manager, { action: 'READ' });
    expect(again).toEqual(first);
  });
});
