import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPlainSchema } from '@opora/schema';
import { requestLimits } from '@opora/server';
import { DEMO, TestApi, type GraphQLResponse } from '../support/api.ts';
import { sqlAsOwner } from '../support/sql.ts';
import { rootFieldQuery } from '../support/query-generator.ts';

// The isolation fuzzer. Queries are generated from the schema — every field reachable from
// Query, to a bounded depth, with arguments — and run as every demo user. Ids for the
// arguments come from every user's answers and from the database itself (an attacker who
// has guessed or stolen other centers' ids). Every answer is checked against the database's
// ground truth:
//  - nothing owned by one center reaches another center's staff (no id, no person's name);
//  - nothing person-level reaches network or municipal users (no center-owned record id
//    outside the aggregate catalogue, no name of a client, participant or staff member);
//  - every error carries a code and none is a 5xx or INTERNAL_SERVER_ERROR.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Center-owned rows that are not about a person: an aggregate viewer may see their ids.
const NOT_PERSON_LEVEL = new Set(['CenterService', 'CenterPartnerMunicipality', 'PartnerOrganization', 'Team', 'RollupMonth', 'RollupActivity', 'RollupClientMonth', 'RollupCase']);
const ALIASES_PER_REQUEST = 12;
const IDS_PER_TYPE_AND_CENTER = 3;

type Owner = { centerId: string; table: string };
// Every person's name (normalised) → the centers it belongs to.
const names = new Map<string, Set<string>>();
const nameKey = (s: string) => s.toLocaleLowerCase('bg').normalize('NFC').replace(/\s+/g, ' ').trim();
function addName(centerId: string, name: string | null | undefined) {
  if (!name || name.trim().length < 3) return;
  const key = nameKey(name);
  if (!names.has(key)) names.set(key, new Set());
  names.get(key)!.add(centerId);
}
type User = { key: string; email: string; token: string; centerId: string | null; aggregate: boolean; ownName: string };

let api: TestApi;
let schema: GraphQLSchema;
const owners = new Map<string, Owner>();
const users: User[] = [];

function decodeGlobalId(value: string): { typename: string; id: string } | null {
  if (value.length < 20 || value.length > 120 || !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):(.+)$/.exec(text);
  return m && UUID.test(m[2]!) ? { typename: m[1]!, id: m[2]! } : null;
}

function encodeGlobalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}


type Violation = { user: string; query: string; what: string };
const violations: Violation[] = [];
const badErrors: Array<{ user: string; query: string; status: number; errors: unknown }> = [];
const idPool = new Map<string, Set<string>>(); // `${typename}@${centerId|public}` → global ids
let requests = 0;

function check(user: User, query: string, status: number, json: GraphQLResponse): void {
  requests++;
  const problems = (json.errors ?? []).filter((e) => typeof e.extensions?.code !== 'string' || e.extensions.code === 'INTERNAL_SERVER_ERROR');
  if (status >= 500 || problems.length) badErrors.push({ user: user.key, query: query.slice(0, 300), status, errors: problems.length ? problems : json.errors });
  for (const s of strings(json.data)) {
    const global = decodeGlobalId(s);
    const uuid = global?.id ?? (UUID.test(s) ? s : null);
    if (global) {
      const owner = owners.get(global.id);
      const bucket = `${global.typename}@${owner?.centerId ?? 'public'}`;
      if (!idPool.has(bucket)) idPool.set(bucket, new Set());
      const set = idPool.get(bucket)!;
      if (set.size < IDS_PER_TYPE_AND_CENTER) set.add(s);
    }
    if (!uuid) continue;
    const owner = owners.get(uuid);
    if (!owner) continue;
    if (user.aggregate && !NOT_PERSON_LEVEL.has(owner.table)) {
      violations.push({ user: user.key, query: query.slice(0, 200), what: `person-level ${owner.table} ${uuid} reached an aggregate viewer` });
    }
    if (!user.aggregate && owner.centerId !== user.centerId) {
      violations.push({ user: user.key, query: query.slice(0, 200), what: `${owner.table} ${uuid} of another center` });
    }
  }
  // A person's name: a string that is exactly someone's name ("First Last", with or
  // without the middle name, a staff member's display name), or a record whose firstName
  // and lastName are someone's. Names that also exist in the viewer's own center prove nothing.
  const leaked = (key: string) => {
    const centers = names.get(key);
    // Your own name is yours to see (a network analyst may also work in a center).
    if (!centers || key === user.ownName) return;
    if (user.aggregate || !centers.has(user.centerId!)) {
      violations.push({ user: user.key, query: query.slice(0, 200), what: `a person's name of center ${[...centers].join(',')}: ${key.slice(0, 3)}…` });
    }
  };
  for (const s of strings(json.data)) leaked(nameKey(s));
  for (const record of objects(json.data)) {
    if (typeof record.firstName === 'string' && typeof record.lastName === 'string') leaked(nameKey(`${record.firstName} ${record.lastName}`));
  }
}

function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v);
  else if (value && typeof value === 'object') {
    yield value as Record<string, unknown>;
    for (const v of Object.values(value)) yield* objects(v);
  }
}

async function ask(user: User, query: string): Promise<void> {
  // Server and client share one event loop here: a keep-alive socket can be closed under a
  // request that was never read (ECONNRESET). Queries are safe to send again.
  for (let attempt = 0; ; attempt++) {
    try {
      const { status, json } = await api.post({ query }, { authorization: `Bearer ${user.token}` });
      return check(user, query, status, json);
    } catch (error) {
      if (attempt >= 2 || !/fetch failed/.test(String(error))) throw error;
    }
  }
}

const fittedCache = new Map<string, string | null>();

/**
 * `field(args) { … }` at the deepest level (≤ maxDepth) the request limits accept. With
 * `idArg`, that argument (and any other required id) holds the placeholder "__ID__".
 * Built once per field and argument: validating big generated documents is the slow part.
 */
function fitted(field: string, maxDepth: number, idArg?: string, alias?: string): string | null {
  const key = `${field}/${maxDepth}/${idArg ?? ''}/${alias ?? ''}`;
  if (fittedCache.has(key)) return fittedCache.get(key)!;
  const rules = requestLimits(false).validationRules;
  const fieldDef = schema.getQueryType()!.getFields()[field]!;
  const ids = {
    id: (path: string, arg: string) => {
      if (path !== `Query.${field}`) return null;
      const required = String(fieldDef.args.find((a) => a.name === arg)?.type ?? '').endsWith('!');
      return arg === idArg || required ? '__ID__' : null;
    },
  };
  let result: string | null = null;
  for (let depth = maxDepth; depth >= 1; depth--) {
    const selection = rootFieldQuery(schema, field, { maxDepth: depth, ids }, alias);
    if (!selection) break;
    if (validate(schema, parse(`{ ${selection} }`), [...specifiedRules, ...rules]).length === 0) {
      result = selection;
      break;
    }
  }
  fittedCache.set(key, result);
  return result;
}

beforeAll(async () => {
  api = await TestApi.start();
  schema = buildPlainSchema();
  // Ground truth, read as the owner: who owns every center-owned row, and every person's name.
  const tables = await sqlAsOwner<{ table_name: string }>(
    api.db,
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.columns i ON i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id'
      WHERE c.table_schema = 'public' AND c.column_name = 'centerId'`,
  );
  for (const { table_name: table } of tables) {
    const rows = await sqlAsOwner<{ id: string; centerId: string | null }>(api.db, `SELECT id::text AS id, "centerId"::text AS "centerId" FROM "${table}"`);
    for (const row of rows) if (row.centerId) owners.set(row.id, { centerId: row.centerId, table });
  }
  const clients = await sqlAsOwner<{ centerId: string; firstName: string; middleName: string | null; lastName: string }>(
    api.db,
    `SELECT "centerId"::text AS "centerId", "firstName", "middleName", "lastName" FROM "Client"`,
  );
  for (const c of clients) {
    addName(c.centerId, `${c.firstName} ${c.lastName}`);
    if (c.middleName) addName(c.centerId, `${c.firstName} ${c.middleName} ${c.lastName}`);
  }
  const participants = await sqlAsOwner<{ centerId: string; displayName: string }>(api.db, `SELECT "centerId"::text AS "centerId", "displayName" FROM "GroupProgramParticipant" WHERE "displayName" IS NOT NULL`);
  for (const p of participants) addName(p.centerId, p.displayName);
  const staff = await sqlAsOwner<{ centerId: string; displayName: string }>(
    api.db,
    `SELECT m."centerId"::text AS "centerId", u."displayName" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."centerId" IS NOT NULL`,
  );
  for (const s of staff) addName(s.centerId, s.displayName);

  // The attacker's head start: a few ids of every node type of every center, straight from the database.
  for (const table of new Set([...owners.values()].map((o) => o.table))) {
    if (!schema.getType(table)) continue;
    for (const [id, owner] of owners) {
      if (owner.table !== table) continue;
      const bucket = `${table}@${owner.centerId}`;
      if (!idPool.has(bucket)) idPool.set(bucket, new Set());
      const set = idPool.get(bucket)!;
      if (set.size < IDS_PER_TYPE_AND_CENTER) set.add(encodeGlobalId(table, id));
    }
  }

  for (const [key, email] of Object.entries(DEMO)) {
    const [membership] = await sqlAsOwner<{ centerId: string | null; role: string }>(
      api.db,
      `SELECT m."centerId"::text AS "centerId", m.role::text AS role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 ORDER BY m."centerId" IS NULL, m."startedOn" LIMIT 1`,
      email,
    );
    const [self] = await sqlAsOwner<{ displayName: string }>(api.db, `SELECT "displayName" FROM "User" WHERE email = $1`, email);
    users.push({
      key,
      email,
      ownName: nameKey(self?.displayName ?? ''),
      token: await api.login(email),
      centerId: membership?.centerId ?? null,
      aggregate: !membership?.centerId,
    });
  }
}, 600_000);

afterAll(async () => {
  await api?.stop();
});

describe('isolation fuzzer', () => {
  test('every field reachable from Query, as every demo user: no cross-center data, nothing person-level for aggregates', async () => {
    const rootFields = Object.keys(schema.getQueryType()!.getFields());
    // Round 1: every root field without ids (deep selections), collecting ids from every answer.
    for (const user of users) {
      for (const field of rootFields) {
        const selection = fitted(field, 6);
        if (selection) await ask(user, `{ ${selection} }`);
      }
    }
    // Round 2: every root field taking an id, with every collected id of every center.
    const allIds = [...new Set([...idPool.values()].flatMap((s) => [...s]))];
    const idFields = rootFields.filter((f) => schema.getQueryType()!.getFields()[f]!.args.some((a) => /^\[?ID/.test(String(a.type).replace(/!/g, ''))));
    for (const user of users) {
      for (const field of idFields) {
        for (const arg of schema.getQueryType()!.getFields()[field]!.args) {
          const type = String(arg.type).replace(/!/g, '');
          if (type === '[ID]') {
            // nodes(ids: [...]): many at once, within the list limit.
            const template = fitted(field, 3, arg.name);
            if (!template) continue;
            for (let i = 0; i < allIds.length; i += 150) {
              await ask(user, `{ ${template.replace('["__ID__"]', JSON.stringify(allIds.slice(i, i + 150)))} }`);
            }
          } else if (type === 'ID') {
            for (let i = 0; i < allIds.length; i += ALIASES_PER_REQUEST) {
              const parts = allIds
                .slice(i, i + ALIASES_PER_REQUEST)
                .map((id, j) => fitted(field, 3, arg.name, `a${j}`)?.replaceAll('"__ID__"', JSON.stringify(id)))
                .filter((p): p is string => !!p);
              if (parts.length) await ask(user, `{ ${parts.join(' ')} }`);
            }
          }
        }
      }
    }
    console.log(
      `[isolation-fuzzer] ${requests} requests, ${users.length} users, ${rootFields.length} root fields (${idFields.length} with ids), ${allIds.length} ids, ${owners.size} center-owned rows, ${names.size} names checked`,
    );
    expect(violations.slice(0, 10)).toEqual([]);
    expect(badErrors.slice(0, 5)).toEqual([]);
    // The fuzzer must have reached something: ids of both centers were in play.
    expect(new Set([...idPool.keys()].map((k) => k.split('@')[1])).size).toBeGreaterThanOrEqual(3);
  }, 900_000);
});
