import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO, errorCodes, TestApi, type GraphQLResponse } from '../support/api.ts';

// Production answers never suggest schema names (issue 13, point 8): no "Did you mean", in
// validation errors nor in variable coercion errors (enum values included); and bad numbers in
// arguments (`first: -1`, `first: 100000`, NaN-like, out of range) answer BAD_USER_INPUT with a
// message in both languages, never INTERNAL_SERVER_ERROR.

let api: TestApi;
let token: string;

const ENUM_VALUES = /\b(ACTIVE|REFERRED|ASSESSMENT|SUPPORT_PLAN|CLOSED|CHILD|THERAPY)\b/;

beforeAll(async () => {
  // Production mode, with any document allowed (the web app's manifest is not the point here).
  api = await TestApi.start({ production: true, enforceTrustedDocuments: false });
  token = await api.login(DEMO.plovdivManager);
});
afterAll(async () => {
  await api?.stop();
});

function expectNoSchemaNames(result: GraphQLResponse, ...names: string[]) {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/Did you mean/i);
  expect(text).not.toMatch(/Имахте предвид/i);
  for (const name of names) expect(text, name).not.toContain(name);
}

function expectTranslatedBadInput(result: GraphQLResponse) {
  expect(errorCodes(result).length).toBeGreaterThan(0);
  for (const error of result.errors ?? []) {
    expect(error.extensions?.code, JSON.stringify(error)).toBe('BAD_USER_INPUT');
    expect(error.extensions?.messageBg, JSON.stringify(error)).toMatch(/[а-я]/);
    expect(error.extensions?.messageEn, JSON.stringify(error)).toMatch(/[a-z]/);
    expect(error.message).toBe(error.extensions?.messageBg);
  }
  expect(JSON.stringify(result)).not.toMatch(/INTERNAL_SERVER_ERROR|stacktrace|Pothos/);
}

describe('no schema names suggested in production', () => {
  test('an enum value in a variable', async () => {
    const result = await api.gql(`query($s: [CaseStatus!]) { myCases(first: 5, status: $s) { totalCount } }`, { s: ['ACTIV'] }, token);
    expectTranslatedBadInput(result);
    expectNoSchemaNames(result, 'ACTIVE', 'CaseStatus');
  });

  test('an enum value inside an input object variable', async () => {
    const result = await api.gql(
      `mutation($input: ClientInput!) { registerClient(input: $input) { client { id } } }`,
      { input: { kind: 'CHILDD', firstName: 'А', lastName: 'Б' } },
      token,
    );
    expectTranslatedBadInput(result);
    expect(JSON.stringify(result)).not.toMatch(ENUM_VALUES);
    expectNoSchemaNames(result, 'ClientKind');
  });

  test('an unknown input field in a variable', async () => {
    const result = await api.gql(
      `mutation($input: ClientInput!) { registerClient(input: $input) { client { id } } }`,
      { input: { kind: 'CHILD', firstNam: 'А', lastName: 'Б' } },
      token,
    );
    expectTranslatedBadInput(result);
    expectNoSchemaNames(result, 'firstName');
  });

  test('an enum value, an argument, a field and a type in the document', async () => {
    const documents = [
      [`{ myCases(first: 5, status: [ACTIV]) { totalCount } }`, 'ACTIVE'],
      [`{ myCases(frist: 5) { totalCount } }`, '"first"'],
      [`{ myCases(first: 5) { totalCont } }`, 'totalCount'],
      [`query($s: [CaseStatu!]) { myCases(first: 5, status: $s) { totalCount } }`, 'CaseStatus'],
      [`mutation { registerClient(input: { kind: CHILD, firstNam: "А", lastName: "Б" }) { client { id } } }`, 'firstName'],
    ] as const;
    for (const [query, hidden] of documents) {
      const result = await api.gql(query, {}, token);
      expect(errorCodes(result).length, query).toBeGreaterThan(0);
      expectNoSchemaNames(result, hidden);
    }
  });
});

describe('bad numbers in arguments are BAD_USER_INPUT', () => {
  const CASES = `query($n: Int) { myCases(first: $n) { totalCount } }`;
  test.each([
    ['first: -1 (literal)', `{ myCases(first: -1) { totalCount } }`, {}],
    ['first: 100000 (literal)', `{ myCases(first: 100000) { totalCount } }`, {}],
    ['last: -5 (literal)', `{ sessions(last: -5) { totalCount } }`, {}],
    ['first: -1 (variable)', CASES, { n: -1 }],
    ['first: 100000 (variable)', CASES, { n: 100000 }],
    ['first: "NaN" (variable)', CASES, { n: 'NaN' }],
    ['first: 1.5 (variable)', CASES, { n: 1.5 }],
    ['first: 2^31 (variable)', CASES, { n: 2 ** 31 }],
    ['first: "12" (variable)', CASES, { n: '12' }],
    ['a bad cursor', `{ myCases(first: 5, after: "not-a-cursor") { totalCount } }`, {}],
  ])('%s', async (_name, query, variables) => {
    const result = await api.gql(query, variables, token);
    expectTranslatedBadInput(result);
    expect(result.data?.myCases ?? null).toBeNull();
  });

  test('English when asked', async () => {
    const result = await api.gql(`{ myCases(first: -1) { totalCount } }`, {}, token, { 'accept-language': 'en' });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toBe(result.errors![0]!.extensions!.messageEn);
  });
});
