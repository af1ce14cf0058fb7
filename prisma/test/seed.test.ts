// The demo seed: accounts that sign in, the two real centers, a consistent ЗСУ lifecycle,
// tenant-consistent rows, determinism for a given `today`, and the shared name key.
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db.ts';
import { applyMigrations } from '../src/migrate/index.ts';
import { toSearchName } from '../src/search-name.ts';
import { DEMO_EMAILS, DEMO_PASSWORD, DISABLED_PASSWORD_HASH, isDatabaseEmpty, seedCatalogue, seedDemo, seedIfEmpty, type DemoCounts } from '../src/seed/index.ts';
import { ekatteCheckDigit, MUNICIPALITIES, SETTLEMENTS } from '../src/seed/places.ts';

const TODAY = new Date('2026-11-25T00:00:00.000Z');
const STATUSES = ['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE', 'CLOSED'] as const;

async function seededDatabase(): Promise<{ db: Database; counts: DemoCounts; ms: number }> {
  const db = openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await applyMigrations(db.adapterFactory);
  const started = performance.now();
  await seedCatalogue(db.prisma);
  const counts = await seedDemo(db.prisma, { today: TODAY });
  return { db, counts, ms: performance.now() - started };
}

async function fingerprint(db: Database) {
  const cases = await db.prisma.case.findMany({
    orderBy: { number: 'asc' },
    select: { number: true, status: true, referralDate: true, firstSessionOn: true, closureOutcome: true, person: { select: { firstName: true, middleName: true, lastName: true, searchName: true } } },
  });
  const counts = {
    clients: await db.prisma.client.count(),
    sessions: await db.prisma.session.count(),
    sessionStaff: await db.prisma.sessionStaff.count(),
    reviews: await db.prisma.planReview.count(),
    attendances: await db.prisma.attendance.count(),
    openAccess: await db.prisma.openAccessContact.count(),
    users: await db.prisma.user.count(),
  };
  return { cases, counts };
}

describe('toSearchName', () => {
  it('transliterates Bulgarian by the streamlined system, lower-case, no accents', () => {
    expect(toSearchName('Щастлива Ёлка')).toBe('shtastliva yolka');
    expect(toSearchName('Жечка Цветанова Чочева')).toBe('zhechka tsvetanova chocheva');
    expect(toSearchName('Юлиян Ясенов Хаджиев')).toBe('yuliyan yasenov hadzhiev');
    expect(toSearchName('Йордан Ъгълов')).toBe('yordan agalov');
    expect(toSearchName('Мария  Шишкова-Пеева')).toBe('maria shishkova peeva'); // word-final -ия → -ia
    expect(toSearchName('Ива̀н')).toBe('ivan'); // stress mark
    expect(toSearchName('José Müller')).toBe('jose muller');
    expect(toSearchName('  ')).toBe('');
  });
});

describe('catalogue', () => {
  it('has every municipality of Plovdiv and Stara Zagora regions and valid EKATTE codes', () => {
    expect(MUNICIPALITIES.filter((m) => m.regionCode === 'PDV')).toHaveLength(18);
    expect(MUNICIPALITIES.filter((m) => m.regionCode === 'SZR')).toHaveLength(11);
    for (const s of SETTLEMENTS) expect(ekatteCheckDigit(s.ekatte), `${s.nameBg} ${s.ekatte}`).toBe(Number(s.ekatte[4]));
    expect(new Set(SETTLEMENTS.map((s) => s.ekatte)).size).toBe(SETTLEMENTS.length);
  });
});

describe('demo seed', () => {
  let first: Awaited<ReturnType<typeof seededDatabase>>;

  beforeAll(async () => {
    first = await seededDatabase();
    console.log(`[seed] catalogue + demo on PGlite in ${(first.ms / 1000).toFixed(1)} s`);
    for (const c of first.counts.centers) console.log(`[seed] ${c.code}: ${c.cases} cases, ${c.sessions} sessions, ${c.clients} clients, ${c.openAccessContacts} open-access contacts`);
  });
  afterAll(async () => {
    await first?.db.close();
  });

  it('creates the eight demo accounts, each verifying with the demo password', async () => {
    expect(DEMO_EMAILS).toHaveLength(8);
    const users = await first.db.prisma.user.findMany({ where: { email: { in: [...DEMO_EMAILS] } }, include: { memberships: true } });
    expect(users.map((u) => u.email).sort()).toEqual([...DEMO_EMAILS].sort());
    for (const u of users) {
      expect(u.passwordHash.startsWith('$argon2id$'), u.email).toBe(true);
      expect(await argon2.verify(u.passwordHash, DEMO_PASSWORD), u.email).toBe(true);
      expect(u.memberships).toHaveLength(1);
    }
    const role = (email: string) => users.find((u) => u.email === email)!.memberships[0]!.role;
    expect(role('manager@plovdiv.opora.test')).toBe('MANAGER');
    expect(role('worker@plovdiv.opora.test')).toBe('CASE_WORKER');
    expect(role('psychologist@kazanlak.opora.test')).toBe('SPECIALIST');
    expect(role('mobile@kazanlak.opora.test')).toBe('CASE_WORKER');
    expect(role('analyst@network.opora.test')).toBe('NETWORK_ANALYST');
    expect(role('viewer@kazanlak.municipality.opora.test')).toBe('MUNICIPAL_VIEWER');
    // Everyone else has an account that cannot sign in.
    const others = await first.db.prisma.user.findMany({ where: { email: { notIn: [...DEMO_EMAILS] } } });
    expect(others.length).toBeGreaterThan(10);
    for (const u of others) expect(u.passwordHash).toBe(DISABLED_PASSWORD_HASH);
  });

  it('creates both centers in the network, Kazanlak with four psychologists and a mobile team', async () => {
    const { prisma } = first.db;
    const centers = await prisma.center.findMany({ orderBy: { code: 'asc' }, include: { network: true, municipality: true } });
    expect(centers.map((c) => [c.code, c.slug, c.municipality.code])).toEqual([
      ['KZL', 'kazanlak', 'SZR12'],
      ['PLV', 'plovdiv', 'PDV22'],
    ]);
    for (const c of centers) expect(c.network?.slug).toBe('network');
    const kazanlak = centers[0]!;
    expect(kazanlak.providerNameBg).toBe('Сдружение „Бъдеще за децата“');
    const psychologists = await prisma.membership.count({ where: { centerId: kazanlak.id, profession: { code: 'PSYCHOLOGIST' } } });
    expect(psychologists).toBe(4);
    const mobile = await prisma.team.findFirst({ where: { centerId: kazanlak.id, kind: 'MOBILE' }, include: { members: true } });
    expect(mobile?.members.length).toBeGreaterThanOrEqual(2);
    const pavelBanya = await prisma.centerPartnerMunicipality.findFirst({ where: { centerId: kazanlak.id, municipality: { code: 'SZR22' } } });
    expect(pavelBanya).not.toBeNull();
    // Home visits of the mobile team record the village.
    const villageVisits = await prisma.session.count({ where: { centerId: kazanlak.id, mode: 'AT_HOME', settlement: { kind: 'VILLAGE' } } });
    expect(villageVisits).toBeGreaterThan(50);
  });

  it('has cases at every stage in both centers, with a history that ends in the current status', async () => {
    const { prisma } = first.db;
    for (const center of await prisma.center.findMany()) {
      const byStatus = await prisma.case.groupBy({ by: ['status'], where: { centerId: center.id }, _count: true });
      expect(byStatus.map((s) => s.status).sort(), center.code).toEqual([...STATUSES].sort());
      const total = byStatus.reduce((s, x) => s + x._count, 0);
      expect(total, center.code).toBeGreaterThanOrEqual(250);
      expect(total, center.code).toBeLessThanOrEqual(350);
    }
    const cases = await prisma.case.findMany({ include: { statusChanges: { orderBy: { changedAt: 'asc' } } } });
    for (const c of cases) {
      expect(c.statusChanges[0]?.fromStatus, c.number).toBeNull();
      expect(c.statusChanges.at(-1)?.toStatus, c.number).toBe(c.status);
      expect(c.number).toMatch(new RegExp(`^(PLV|KZL)-${c.referralDate.getUTCFullYear()}-\\d{4}$`));
    }
  });

  it('shows requests and referrals (legal referrer, document number and date) and adult-only cases with family in both centers', async () => {
    const { prisma } = first.db;
    for (const center of await prisma.center.findMany()) {
      const where = { centerId: center.id };
      expect(await prisma.case.count({ where: { ...where, intakeRoute: 'REQUEST', requestDate: { not: null } } }), center.code).toBeGreaterThan(5);
      const referrals = await prisma.case.findMany({ where: { ...where, intakeRoute: 'REFERRAL' }, select: { legalReferrer: true, referralDocumentNumber: true, referralDocumentDate: true, referralDate: true } });
      expect(referrals.length, center.code).toBeGreaterThan(100);
      for (const r of referrals) {
        expect(r.legalReferrer && r.referralDocumentNumber && r.referralDocumentDate).toBeTruthy();
        expect(r.referralDocumentDate! <= r.referralDate).toBe(true);
      }
      expect(await prisma.case.count({ where: { ...where, concernRaisedBy: 'SCHOOL' } }), center.code).toBeGreaterThan(0);
      const adults = await prisma.case.findMany({ where: { ...where, person: { kind: 'ADULT' } }, include: { participants: true } });
      expect(adults.length, center.code).toBeGreaterThanOrEqual(1);
      for (const a of adults) expect(a.participants.length, a.number).toBeGreaterThan(0);
    }
  });

  it('puts the assessment due date 20 days after the request, or the referral', async () => {
    const assessments = await first.db.prisma.assessment.findMany({ include: { case: { select: { referralDate: true, requestDate: true } } } });
    expect(assessments.length).toBeGreaterThan(400);
    // A case's first assessment falls due by the rule; a reassessment later in the work has its own date.
    const firstOf = new Map<string, (typeof assessments)[number]>();
    for (const a of assessments) if (!firstOf.has(a.caseId) || a.dueOn < firstOf.get(a.caseId)!.dueOn) firstOf.set(a.caseId, a);
    for (const a of firstOf.values()) expect(a.dueOn.getTime() - (a.case.requestDate ?? a.case.referralDate).getTime()).toBe(20 * 86_400_000);
    // Some overdue and not completed, some completed late, most on time.
    const overdue = assessments.filter((a) => !a.completedOn && a.dueOn < TODAY).length;
    const late = assessments.filter((a) => a.completedOn && a.completedOn > a.dueOn).length;
    expect(overdue).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(assessments.length / 3);
  });

  it('keeps firstSessionOn equal to the first session held before today', async () => {
    const { prisma } = first.db;
    const rows = await prisma.$queryRaw<{ number: string; firstSessionOn: Date | null; first: Date | null }[]>`
      SELECT c."number", c."firstSessionOn", min(s."startsAt")::date AS first
      FROM "Case" c LEFT JOIN "Session" s ON s."caseId" = c."id" AND s."centerId" = c."centerId" AND s."startsAt" < ${TODAY} AND s."status" = 'HELD'
      GROUP BY c."id"`;
    for (const r of rows) expect(r.firstSessionOn?.toISOString() ?? null, r.number).toBe(r.first?.toISOString() ?? null);
    const upcoming = await prisma.session.count({ where: { startsAt: { gte: TODAY, lt: new Date(TODAY.getTime() + 14 * 86_400_000) } } });
    expect(upcoming).toBeGreaterThan(20);
  });

  it('never links rows across centers', async () => {
    const { prisma } = first.db;
    const [mismatch] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT (
        (SELECT count(*) FROM "SessionStaff" ss JOIN "Membership" m ON m."id" = ss."membershipId" WHERE m."centerId" IS DISTINCT FROM ss."centerId") +
        (SELECT count(*) FROM "SessionClient" sc JOIN "Client" c ON c."id" = sc."clientId" WHERE c."centerId" <> sc."centerId") +
        (SELECT count(*) FROM "Session" s JOIN "CenterService" cs ON cs."id" = s."serviceId" WHERE cs."centerId" <> s."centerId") +
        (SELECT count(*) FROM "Case" k JOIN "Membership" m ON m."id" = k."leadWorkerId" WHERE m."centerId" IS DISTINCT FROM k."centerId") +
        (SELECT count(*) FROM "Case" k JOIN "Client" c ON c."id" = k."childId" WHERE c."centerId" <> k."centerId") +
        (SELECT count(*) FROM "Attendance" a JOIN "GroupProgramParticipant" p ON p."id" = a."participantId" WHERE p."centerId" <> a."centerId")
      )::int AS n`;
    expect(mismatch!.n).toBe(0);
    // And the composite foreign keys refuse an attempt.
    const [plv, kzl] = await Promise.all([prisma.center.findUniqueOrThrow({ where: { code: 'PLV' } }), prisma.center.findUniqueOrThrow({ where: { code: 'KZL' } })]);
    const session = await prisma.session.findFirstOrThrow({ where: { centerId: plv.id } });
    const kazanlakStaff = await prisma.membership.findFirstOrThrow({ where: { centerId: kzl.id } });
    await expect(prisma.sessionStaff.create({ data: { centerId: plv.id, sessionId: session.id, membershipId: kazanlakStaff.id } })).rejects.toThrow();
  });

  it('leaves small cells for suppression demos and light group registrations', async () => {
    const { prisma } = first.db;
    const [cell] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT k."childId")::int AS n
      FROM "Session" s JOIN "Case" k ON k."id" = s."caseId" JOIN "Client" c ON c."id" = k."childId"
      JOIN "Settlement" st ON st."id" = c."settlementId" JOIN "Municipality" m ON m."id" = st."municipalityId"
      JOIN "CenterService" cs ON cs."id" = s."serviceId" JOIN "ServiceKind" sk ON sk."id" = cs."serviceKindId"
      WHERE m."code" = 'SZR22' AND sk."code" = 'SPEECH_THERAPY'`;
    expect(cell!.n).toBeGreaterThanOrEqual(1);
    expect(cell!.n).toBeLessThanOrEqual(3);
    const light = await prisma.groupProgramParticipant.count({ where: { clientId: null } });
    const clients = await prisma.groupProgramParticipant.count({ where: { clientId: { not: null } } });
    expect(light).toBeGreaterThan(0);
    expect(clients).toBeGreaterThan(0);
    const school = await prisma.groupProgram.findFirst({ where: { kind: 'SCHOOL_FOR_YOUNG_PARENTS' }, include: { partnerOrganization: true } });
    expect(school?.partnerOrganization?.nameBg).toContain('МБАЛ „Пловдив“');
  });

  it('is deterministic for a given today, and seedIfEmpty leaves a seeded database alone', async () => {
    const second = await seededDatabase();
    try {
      expect(await fingerprint(second.db)).toEqual(await fingerprint(first.db));
      expect(second.counts).toEqual(first.counts);
      expect(await isDatabaseEmpty(second.db.prisma)).toBe(false);
      const again = await seedIfEmpty(second.db.prisma, { demo: true, today: TODAY });
      expect(again.seeded).toBe(false);
      expect(await second.db.prisma.center.count()).toBe(2);
      expect(await second.db.prisma.municipality.count()).toBe(MUNICIPALITIES.length);
    } finally {
      await second.db.close();
    }
  }, 300_000); // migrates and seeds a second database: minutes on a busy 2-core machine
});
