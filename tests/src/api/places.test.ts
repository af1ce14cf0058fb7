import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isoDay, today } from '@opora/common/calendar';
import { DEMO, errorCodes, TestApi } from '../support/api.ts';

// Issue #15, item 9: a referral records the child's settlement (by default the household's), so
// the child counts among the municipality's residents; a home or field visit defaults to where
// the client lives, never to the center's town.

let api: TestApi;
let manager: string;
let kazanlakId: string;
let centerTownId: string;
let householdId: string;
let householdVillageId: string;
let householdMunicipalityId: string;
let serviceId: string;

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');


const OPEN = `mutation($input: OpenCaseInput!) { openCase(input: $input) { case { id child { id settlement { id } } } } }`;
const LOG = `mutation($input: LogSessionInput!) { logSession(input: $input) { session { id mode settlement { id } } } }`;

const referral = (over: Record<string, unknown>) => ({
  referral: { route: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', date: '2025-04-10', documentNumber: 'ОЗД-1/2025', documentDate: '2025-04-10' },
  ...over,
});

// New cases of April 2025 among the residents of a municipality, as the rollups hold them.
async function residentsReferred(municipalityId: string | null) {
  await api.db.prisma.$queryRawUnsafe(`SELECT aggregate_refresh()`);
  const [r] = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT coalesce(sum(cases), 0)::int AS n FROM "RollupCase"
      WHERE "centerId" = $1::uuid AND month = '2025-04-01' AND measure = 'NEW' AND "residenceMunicipalityId" IS NOT DISTINCT FROM $2::uuid`,
    kazanlakId,
    municipalityId,
  );
  return r!.n;
}

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  manager = await api.login(DEMO.kazanlakManager);
  const p = api.db.prisma;
  const kazanlak = await p.center.findUniqueOrThrow({ where: { slug: 'kazanlak' }, include: { municipality: true } });
  kazanlakId = kazanlak.id;
  centerTownId = (await p.settlement.findFirstOrThrow({ where: { municipalityId: kazanlak.municipalityId, kind: 'CITY' }, orderBy: { nameBg: 'asc' } })).id;
  const household = await p.household.findFirstOrThrow({ where: { centerId: kazanlak.id, settlement: { kind: 'VILLAGE' } }, include: { settlement: true } });
  householdId = household.id;
  householdVillageId = household.settlementId!;
  householdMunicipalityId = household.settlement!.municipalityId;
  serviceId = (await p.centerService.findFirstOrThrow({ where: { centerId: kazanlak.id, access: 'SPECIALISED', active: true } })).id;
});

afterAll(async () => {
  await api?.stop();
});

describe('the child’s settlement on a referral', () => {
  test('a new child takes the household’s settlement and counts among its municipality’s residents', async () => {
    const before = await residentsReferred(householdMunicipalityId);
    const opened = await api.ok(
      OPEN,
      { input: referral({ householdId: gid('Household', householdId), newChild: { kind: 'CHILD', firstName: 'Дара', lastName: 'Селска', birthYear: 2016 } }) },
      manager,
    );
    expect(opened.openCase.case.child.settlement).toEqual({ id: gid('Settlement', householdVillageId) });
    expect(await residentsReferred(householdMunicipalityId)).toBe(before + 1);
  });

  test('a settlement given for the child wins over the household’s', async () => {
    const opened = await api.ok(
      OPEN,
      {
        input: referral({
          householdId: gid('Household', householdId),
          newChild: { kind: 'CHILD', firstName: 'Рая', lastName: 'Градска', birthYear: 2015, settlementId: gid('Settlement', centerTownId) },
        }),
      },
      manager,
    );
    expect(opened.openCase.case.child.settlement).toEqual({ id: gid('Settlement', centerTownId) });
  });

  test('a known child with no settlement on record takes the household’s (audited); one with a settlement keeps it', async () => {
    const p = api.db.prisma;
    const homeless = await p.client.create({
      data: { centerId: kazanlakId, kind: 'CHILD', firstName: 'Бояна', lastName: 'Безадресна', searchName: 'boyana bezadresna', birthYear: 2014 },
    });
    const opened = await api.ok(OPEN, { input: referral({ householdId: gid('Household', householdId), childId: gid('Client', homeless.id) }) }, manager);
    expect(opened.openCase.case.child.settlement).toEqual({ id: gid('Settlement', householdVillageId) });
    expect(await p.auditEvent.count({ where: { entityType: 'Client', entityId: homeless.id, action: 'UPDATE' } })).toBe(1);

    const housed = await p.client.create({
      data: { centerId: kazanlakId, kind: 'CHILD', firstName: 'Вела', lastName: 'Градска', searchName: 'vela gradska', birthYear: 2014, settlementId: centerTownId },
    });
    const second = await api.ok(OPEN, { input: referral({ householdId: gid('Household', householdId), childId: gid('Client', housed.id) }) }, manager);
    expect(second.openCase.case.child.settlement).toEqual({ id: gid('Settlement', centerTownId) });
    expect(await p.auditEvent.count({ where: { entityType: 'Client', entityId: housed.id, action: 'UPDATE' } })).toBe(0);
  });
});

describe('where a visit happens', () => {
  let caseId: string;

  beforeAll(async () => {
    const opened = await api.ok(
      OPEN,
      { input: referral({ householdId: gid('Household', householdId), newChild: { kind: 'CHILD', firstName: 'Зора', lastName: 'Теренна', birthYear: 2013 } }) },
      manager,
    );
    caseId = opened.openCase.case.id;
  });

  const visit = (kind: string, over: Record<string, unknown> = {}) => ({
    session: { caseId, kind, serviceId: gid('CenterService', serviceId), startsAt: `${isoDay(today())}T08:00:00Z`, durationMinutes: 60, ...over },
  });

  test('a home visit and a field visit default to the child’s village, not the center’s town', async () => {
    for (const kind of ['HOME_VISIT', 'FIELD_VISIT']) {
      const logged = await api.ok(LOG, { input: visit(kind) }, manager);
      expect(logged.logSession.session.settlement, kind).toEqual({ id: gid('Settlement', householdVillageId) });
      expect(logged.logSession.session.settlement.id).not.toBe(gid('Settlement', centerTownId));
    }
  });

  test('a place given for the visit wins', async () => {
    const logged = await api.ok(LOG, { input: visit('FIELD_VISIT', { settlementId: gid('Settlement', centerTownId) }) }, manager);
    expect(logged.logSession.session.settlement).toEqual({ id: gid('Settlement', centerTownId) });
  });

  test('a field visit to a client with no settlement asks for one, and nothing is written', async () => {
    const p = api.db.prisma;
    const nowhere = await p.client.create({
      data: { centerId: kazanlakId, kind: 'ADULT', firstName: 'Никола', lastName: 'Безадресен', searchName: 'nikola bezadresen', birthYear: 1980 },
    });
    const before = await p.session.count({ where: { centerId: kazanlakId } });
    const refused = await api.gql(
      LOG,
      { input: { session: { clientIds: [gid('Client', nowhere.id)], kind: 'FIELD_VISIT', serviceId: gid('CenterService', serviceId), startsAt: `${isoDay(today())}T08:00:00Z`, durationMinutes: 30 } } },
      manager,
    );
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions!.fields[0]).toMatchObject({
      path: 'input.session.settlementId',
      messageBg: 'За посещение в дома или на терен посочете населено място.',
    });
    expect(await p.session.count({ where: { centerId: kazanlakId } })).toBe(before);

  });
});
