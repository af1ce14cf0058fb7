import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { addDays, currentYear, dayOf, isoDay, sofiaToday, useClock } from '@opora/common/calendar';
import { DEMO, TestApi } from '../support/api.ts';

// "Today" is the day in Sofia, also in the first hours after midnight, when UTC is still on
// the day before (00:00–02:00 in winter, 00:00–03:00 in summer). A referral, a closure and a
// consent dated today are accepted then, and tomorrow is still refused. The time of day comes
// from the calendar's clock (`useClock`), the one every "today" in the product reads.

let api: TestApi;
let manager: string;
let restore: (() => void) | null = null;
const ids = {} as { lead: string; team: string; targetGroup: string; client: string };

beforeAll(async () => {
  api = await TestApi.start();
  manager = await api.login(DEMO.plovdivManager);
  const data = await api.ok(
    `{ viewer { activeMembership { id } } center { teams { id } } targetGroups { id } clients(first: 1) { edges { node { id } } } }`,
    {},
    manager,
  );
  ids.lead = data.viewer.activeMembership.id;
  ids.team = data.center.teams[0].id;
  ids.targetGroup = data.targetGroups[0].id;
  ids.client = data.clients.edges[0].node.id;
});

afterEach(() => {
  restore?.();
  restore = null;
});

afterAll(async () => {
  await api?.stop();
});

const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id version referralDate } } }`;
const CLOSE = `mutation($id: ID!, $version: Int!, $on: Date!) {
  closeCase(id: $id, version: $version, outcome: OTHER, closedOn: $on) { status closedOn } }`;
const CONSENT = `mutation($clientId: ID!, $on: Date!) {
  recordConsent(clientId: $clientId, purpose: PHOTO_AND_VIDEO, givenBy: "Майката", givenOn: $on) { givenOn } }`;

let seq = 0;
function referral(date: string) {
  seq += 1;
  return {
    newChild: { kind: 'CHILD', firstName: `Полунощ${seq}`, lastName: 'Тестова', birthDate: '2018-06-01', sex: 'MALE' },
    referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date, documentNumber: `ОЗД-МН-${seq}`, documentDate: date, reason: 'Насочване след полунощ' },
    targetGroupIds: [ids.targetGroup],
    leadWorkerId: ids.lead,
    teamId: ids.team,
  };
}

// Next year, so the instants are after the seeded data whenever the test runs.
const year = currentYear() + 1;
const MOMENTS = [
  { name: 'winter, 00:30 in Sofia (22:30 UTC the day before)', at: `${year}-01-14T22:30:00Z`, day: `${year}-01-15` },
  { name: 'winter, 01:59 in Sofia (23:59 UTC the day before)', at: `${year}-01-14T23:59:00Z`, day: `${year}-01-15` },
  { name: 'summer, 00:30 in Sofia (21:30 UTC the day before)', at: `${year}-07-14T21:30:00Z`, day: `${year}-07-15` },
  { name: 'summer, 02:30 in Sofia (23:30 UTC the day before)', at: `${year}-07-14T23:30:00Z`, day: `${year}-07-15` },
];

describe('a date of today (Sofia) just after midnight', () => {
  for (const moment of MOMENTS) {
    test(moment.name, async () => {
      const instant = new Date(moment.at);
      expect(instant.toISOString().slice(0, 10)).not.toBe(moment.day); // UTC is still on the day before
      restore = useClock(() => instant);
      expect(sofiaToday()).toBe(moment.day);
      const tomorrow = isoDay(addDays(dayOf(moment.day), 1));

      const opened = (await api.ok(OPEN, { input: referral(moment.day) }, manager)).openCase.case;
      expect(opened.referralDate).toBe(moment.day);
      const closed = (await api.ok(CLOSE, { id: opened.id, version: opened.version, on: moment.day }, manager)).closeCase;
      expect(closed).toEqual({ status: 'CLOSED', closedOn: moment.day });
      const consent = (await api.ok(CONSENT, { clientId: ids.client, on: moment.day }, manager)).recordConsent;
      expect(consent.givenOn).toBe(moment.day);

      // Tomorrow is still in the future.
      for (const [query, vars] of [
        [OPEN, { input: referral(tomorrow) }],
        [CONSENT, { clientId: ids.client, on: tomorrow }],
      ] as const) {
        const refused = await api.gql(query, vars, manager);
        expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(refused.errors?.[0]?.extensions?.fields)).toContain('The date cannot be in the future.');
      }
    });
  }
});
