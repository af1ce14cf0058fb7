import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toSearchName } from '@opora/prisma/search-name';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// Households: the family around a child, its members being the center's clients.

let api: TestApi;
let worker: string;
let kazanlak: string;
let plovdivClients: Array<{ id: string; fullName: string }>;
let kazanlakClient: string;
let plovdivCity: string;

const fieldPaths = (r: GraphQLResponse) => (r.errors ?? []).flatMap((e) => (e.extensions?.fields ?? []).map((f: { path: string }) => f.path));

const HOUSEHOLD = `id name address version settlement { name }
  members { relationship isPrimaryCaregiver client { id fullName } }`;

const CREATE = `mutation($input: HouseholdInput!, $key: String) {
  createHousehold(input: $input, idempotencyKey: $key) { replayed household { ${HOUSEHOLD} } }
}`;

beforeAll(async () => {
  api = await TestApi.start();
  worker = await api.login(DEMO.plovdivWorker);
  kazanlak = await api.login(DEMO.kazanlakManager);
  const plv = await api.ok(
    `{ clients(first: 6, kind: ADULT) { edges { node { id fullName } } } municipalities(regionCode: "PDV") { code settlements { id ekatte } } }`,
    {},
    worker,
  );
  plovdivClients = plv.clients.edges.map((e: any) => e.node);
  plovdivCity = plv.municipalities.find((m: any) => m.code === 'PDV22').settlements.find((s: any) => s.ekatte === '56784').id;
  const kzl = await api.ok(`{ clients(first: 1) { edges { node { id } } } }`, {}, kazanlak);
  kazanlakClient = kzl.clients.edges[0].node.id;
});
afterAll(async () => {
  await api?.stop();
});

async function householdCount(token: string): Promise<number> {
  return (await api.ok(`{ households(first: 1) { totalCount } }`, {}, token)).households.totalCount;
}

describe('households', () => {
  test("a page of households asks whether any member is restricted once for the page, not once per household", async () => {
    const LIST = `query($first: Int!) { households(first: $first) { edges { node { id members { client { id } } } } } }`;
    await api.ok(LIST, { first: 1 }, worker); // warm
    const checks = async (first: number) => {
      const statements = await api.countStatements(() => api.ok(LIST, { first }, worker));
      return statements.filter((sql) => sql.includes('app_household_has_restricted_member')).length;
    };
    expect(await checks(2)).toBe(1);
    expect(await checks(8)).toBe(1);
  });

  test('the demo households are listed and searchable, with their members', async () => {
    const all = await api.ok(`{ households(first: 3) { totalCount edges { node { ${HOUSEHOLD} } } } }`, {}, worker);
    expect(all.households.totalCount).toBeGreaterThan(10);
    const first = all.households.edges[0].node;
    expect(first.members.length).toBeGreaterThan(0);
    expect(first.name).toMatch(/^Семейство /);

    const byName = await api.ok(`query($s: String) { households(first: 50, search: $s) { edges { node { name } } } }`, { s: first.name.toUpperCase() }, worker);
    expect(byName.households.edges.map((e: any) => e.node.name)).toContain(first.name);

    // A member's name in Latin finds the household too.
    const member = first.members[0].client;
    const { client } = await api.ok(`query($id: ID!) { client: node(id: $id) { ... on Client { lastName } } }`, { id: member.id }, worker);
    const latin = await api.ok(
      `query($s: String) { households(first: 50, search: $s) { edges { node { id } } } }`,
      { s: toSearchName(client.lastName) },
      worker,
    );
    expect(latin.households.edges.map((e: any) => e.node.id)).toContain(first.id);
  });

  test('create (idempotent), read through the client, edit with optimistic concurrency', async () => {
    const [mother, father, grandmother] = plovdivClients;
    const input = {
      name: 'Семейство Тестови',
      settlementId: plovdivCity,
      address: 'ул. „Тестова“ 5',
      members: [
        { clientId: mother!.id, relationship: 'MOTHER', isPrimaryCaregiver: true },
        { clientId: father!.id, relationship: 'FATHER' },
      ],
    };
    const created = await api.ok(CREATE, { input, key: 'household-test-0001' }, worker);
    const household = created.createHousehold.household;
    expect(created.createHousehold.replayed).toBe(false);
    expect(household).toMatchObject({ name: 'Семейство Тестови', version: 1, settlement: { name: 'Пловдив' } });
    expect(household.members).toEqual([
      { relationship: 'MOTHER', isPrimaryCaregiver: true, client: mother },
      { relationship: 'FATHER', isPrimaryCaregiver: false, client: father },
    ]);

    const replay = await api.ok(CREATE, { input, key: 'household-test-0001' }, worker);
    expect(replay.createHousehold).toMatchObject({ replayed: true, household: { id: household.id } });
    const otherInput = await api.gql(CREATE, { input: { ...input, name: 'Друго' }, key: 'household-test-0001' }, worker);
    expect(errorCodes(otherInput)).toEqual(['BAD_USER_INPUT']);

    const viaClient = await api.ok(`query($id: ID!) { node(id: $id) { ... on Client { households { id name } } } }`, { id: mother!.id }, worker);
    expect(viaClient.node.households).toContainEqual({ id: household.id, name: 'Семейство Тестови' });

    const UPDATE = `mutation($id: ID!, $v: Int!, $input: HouseholdInput!) { updateHousehold(id: $id, version: $v, input: $input) { ${HOUSEHOLD} } }`;
    const edited = await api.ok(
      UPDATE,
      {
        id: household.id,
        v: 1,
        input: {
          name: 'Семейство Тестови-Иванови',
          settlementId: plovdivCity,
          members: [
            { clientId: mother!.id, relationship: 'MOTHER', isPrimaryCaregiver: true },
            { clientId: grandmother!.id, relationship: 'GRANDPARENT' },
          ],
        },
      },
      worker,
    );
    expect(edited.updateHousehold).toMatchObject({ name: 'Семейство Тестови-Иванови', version: 2, address: null });
    expect(edited.updateHousehold.members.map((m: any) => m.client.id)).toEqual([mother!.id, grandmother!.id]);

    // Someone else saved first: a stale version changes nothing, members included.
    const stale = await api.gql(UPDATE, { id: household.id, v: 1, input: { name: 'Остаряла редакция', members: [] } }, worker);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);
    // The current record in the API's shape: ids as the API gives them, no internal columns.
    const current = stale.errors![0]!.extensions!.current as Record<string, unknown>;
    expect(current).toMatchObject({ id: household.id, name: 'Семейство Тестови-Иванови', version: 2, settlement: { id: plovdivCity } });
    expect(Object.keys(current).filter((k) => ['centerId', 'settlementId', 'searchName'].includes(k))).toEqual([]);
    const after = await api.ok(`query($id: ID!) { node(id: $id) { ... on Household { ${HOUSEHOLD} } } }`, { id: household.id }, worker);
    expect(after.node).toEqual(edited.updateHousehold);

    const empty = await api.gql(UPDATE, { id: household.id, v: 2, input: { name: '  ' } }, worker);
    expect(fieldPaths(empty)).toEqual(['input.name']);
  });

  test('add and remove members; the version moves and is checked when given', async () => {
    const [mother, , , child, sibling] = plovdivClients;
    const created = await api.ok(CREATE, { input: { name: 'Семейство Членови', members: [{ clientId: mother!.id, relationship: 'MOTHER', isPrimaryCaregiver: true }] } }, worker);
    const id = created.createHousehold.household.id;

    const ADD = `mutation($id: ID!, $m: HouseholdMemberInput!, $v: Int) { addHouseholdMember(householdId: $id, member: $m, version: $v) { version members { relationship client { id } } } }`;
    const added = await api.ok(ADD, { id, m: { clientId: child!.id, relationship: 'CHILD' } }, worker);
    expect(added.addHouseholdMember.version).toBe(2);
    expect(added.addHouseholdMember.members.map((m: any) => m.client.id)).toEqual([mother!.id, child!.id]);

    const twice = await api.gql(ADD, { id, m: { clientId: child!.id, relationship: 'SIBLING' } }, worker);
    expect(fieldPaths(twice)).toEqual(['member.clientId']);
    const stale = await api.gql(ADD, { id, m: { clientId: sibling!.id, relationship: 'SIBLING' }, v: 1 }, worker);
    expect(errorCodes(stale)).toEqual(['CONFLICT']);

    const REMOVE = `mutation($id: ID!, $c: ID!) { removeHouseholdMember(householdId: $id, clientId: $c) { version members { client { id } } } }`;
    const removed = await api.ok(REMOVE, { id, c: child!.id }, worker);
    expect(removed.removeHouseholdMember).toEqual({ version: 3, members: [{ client: { id: mother!.id } }] });
    const notMember = await api.gql(REMOVE, { id, c: child!.id }, worker);
    expect(errorCodes(notMember)).toEqual(['NOT_FOUND']);
  });

  test('another center’s client cannot be a member, and nothing is written', async () => {
    const before = await householdCount(worker);
    const refused = await api.gql(
      CREATE,
      {
        input: {
          name: 'Семейство Смесени',
          members: [
            { clientId: plovdivClients[0]!.id, relationship: 'MOTHER' },
            { clientId: kazanlakClient, relationship: 'CHILD' },
            { clientId: plovdivClients[0]!.id, relationship: 'OTHER' },
          ],
        },
        key: 'household-test-0002',
      },
      worker,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(refused)).toEqual(['input.members.1.clientId', 'input.members.2.clientId']);
    expect(refused.errors![0]!.extensions!.fields[0].messageEn).toBe('The selected record does not exist.');
    expect(await householdCount(worker)).toBe(before);
    // The key was not used up by the refused request.
    const ok = await api.ok(CREATE, { input: { name: 'Семейство Смесени', members: [] }, key: 'household-test-0002' }, worker);
    expect(ok.createHousehold.replayed).toBe(false);

    const { households } = await api.ok(`{ households(first: 1) { edges { node { id } } } }`, {}, worker);
    const add = await api.gql(
      `mutation($id: ID!, $m: HouseholdMemberInput!) { addHouseholdMember(householdId: $id, member: $m) { id } }`,
      { id: households.edges[0].node.id, m: { clientId: kazanlakClient, relationship: 'CHILD' } },
      worker,
    );
    expect(fieldPaths(add)).toEqual(['member.clientId']);
  });

  test('a Kazanlak manager can neither see nor change a Plovdiv household', async () => {
    const { households } = await api.ok(`{ households(first: 1) { edges { node { id name version } } } }`, {}, worker);
    const target = households.edges[0].node;
    expect((await api.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: target.id }, kazanlak)).node).toBeNull();
    const kzlList = await api.ok(`query($s: String) { households(first: 5, search: $s) { edges { node { id } } } }`, { s: target.name }, kazanlak);
    expect(kzlList.households.edges.map((e: any) => e.node.id)).not.toContain(target.id);

    const update = await api.gql(
      `mutation($id: ID!, $v: Int!) { updateHousehold(id: $id, version: $v, input: { name: "Чуждо" }) { id } }`,
      { id: target.id, v: target.version },
      kazanlak,
    );
    expect(errorCodes(update)).toEqual(['NOT_FOUND']);
    const add = await api.gql(
      `mutation($id: ID!, $m: HouseholdMemberInput!) { addHouseholdMember(householdId: $id, member: $m) { id } }`,
      { id: target.id, m: { clientId: kazanlakClient, relationship: 'CHILD' } },
      kazanlak,
    );
    expect(errorCodes(add)).toEqual(['NOT_FOUND']);
    const after = await api.ok(`query($id: ID!) { node(id: $id) { ... on Household { name version } } }`, { id: target.id }, worker);
    expect(after.node).toEqual({ name: target.name, version: target.version });
  });

  test('people outside a center cannot list households', async () => {
    const analyst = await api.login(DEMO.networkAnalyst);
    expect(errorCodes(await api.gql(`{ households(first: 1) { totalCount } }`, {}, analyst))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.gql(`{ households(first: 1) { totalCount } }`))).toEqual(['UNAUTHENTICATED']);
  });
});
