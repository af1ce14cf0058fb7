import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';
let api: TestApi;
beforeAll(async () => { api = await TestApi.start(); });
afterAll(async () => { await api?.stop(); });
test('scratch: refused create rolls back its idempotency claim', async () => {
  const worker = await api.login(DEMO.plovdivWorker);
  const kazanlak = await api.login(DEMO.kazanlakManager);
  const kzl = await api.ok(`{ clients(first: 1) { edges { node { id } } } }`, {}, kazanlak);
  let r: any;
  const sql = await api.countStatements(async () => { r = await api.gql(`mutation($input: HouseholdInput!, $key: String) { createHousehold(input: $input, idempotencyKey: $key) { replayed } }`,
    { input: { name: 'X', members: [{ clientId: kzl.clients.edges[0].node.id, relationship: 'CHILD' }] }, key: 'scratch-key-0001' }, worker); });
  console.log(JSON.stringify(errorCodes(r)));
  console.log('SQL', sql.map((q) => q.slice(0, 80)).join('\n'));
  const rows = await api.db.prisma.idempotencyKey.findMany({ where: { key: 'scratch-key-0001' } });
  console.log('ROWS', JSON.stringify(rows));
  expect(rows).toEqual([]);
});
