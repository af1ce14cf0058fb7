// The demo tenants: the network, the two centers with their teams, services and partners,
// the demo accounts, and about two years of synthetic activity per center. Deterministic:
// the same `today` gives the same people, cases and sessions (only row ids differ).
import { createHash, randomUUID } from 'node:crypto';
import { PASSWORD_HASHING } from '@opora/common/password-hashing';
import argon2 from 'argon2';
import type { Prisma, PrismaClient } from '../client.ts';
import { toSearchName } from '../search-name.ts';
import { rowInserter } from './bulk-insert.ts';
import { generateActivity, type ActivityRows, type SettlementRef, type StaffRef } from './activity.ts';
import { addMonths, dayOf as dateOnly, isoDay, today as sofiaToday } from '@opora/common/calendar';
import { CENTERS, type CenterSpec } from './centers.ts';
import { createRng } from './random.ts';

export const DEMO_PASSWORD = 'opora-demo';
/** Not an argon2 hash: no password verifies against it, so the account cannot sign in. */
export const DISABLED_PASSWORD_HASH = '!disabled';
export const DEMO_SEED = 20_260_125;

export const NETWORK = { slug: 'network', nameBg: 'Мрежа за подкрепа на децата и семействата', nameEn: 'Network for Supporting Children and Families' } as const;

// Accounts outside the centers: they see aggregates only.
const OUTSIDE_ACCOUNTS = [
  { email: 'analyst@network.opora.test', displayName: 'Николета Георгиева', role: 'NETWORK_ANALYST', titleBg: 'Анализатор на мрежата', titleEn: 'Network analyst' },
  { email: 'viewer@kazanlak.municipality.opora.test', displayName: 'Христо Костов', role: 'MUNICIPAL_VIEWER', municipalityCode: 'SZR12', titleBg: 'Експерт „Социални дейности“, Община Казанлък', titleEn: 'Social services officer, Kazanlak Municipality' },
  { email: 'viewer@plovdiv.municipality.opora.test', displayName: 'Елица Пеева', role: 'MUNICIPAL_VIEWER', municipalityCode: 'PDV22', titleBg: 'Експерт „Социални дейности“, Община Пловдив', titleEn: 'Social services officer, Plovdiv Municipality' },
] as const;

export const DEMO_EMAILS: readonly string[] = [
  ...CENTERS.flatMap((c) => c.staff.flatMap((s) => (s.demoEmail ? [s.demoEmail] : []))),
  ...OUTSIDE_ACCOUNTS.map((a) => a.email),
];

/** The demo accounts as the sign-in page and the server's start line name them (demo mode only). */
export type DemoAccount = { email: string; titleBg: string; titleEn: string; whereBg: string; whereEn: string };
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...CENTERS.flatMap((c) =>
    c.staff.flatMap((s) => (s.demoEmail ? [{ email: s.demoEmail, titleBg: s.titleBg, titleEn: s.titleEn, whereBg: c.nameBg, whereEn: c.nameEn }] : [])),
  ),
  ...OUTSIDE_ACCOUNTS.map((a) => ({ email: a.email, titleBg: a.titleBg, titleEn: a.titleEn, whereBg: a.role === 'NETWORK_ANALYST' ? NETWORK.nameBg : '', whereEn: a.role === 'NETWORK_ANALYST' ? NETWORK.nameEn : '' })),
];

export type CenterCounts = { code: string } & Record<keyof ActivityRows | 'staff' | 'services' | 'partners', number>;
export type DemoCounts = { centers: CenterCounts[]; users: number };

type Lookups = {
  municipalities: Map<string, string>;
  settlements: Map<string, SettlementRef>;
  professions: Map<string, string>;
  serviceKinds: Map<string, string>;
  targetGroups: Map<string, string>;
};

export async function seedDemo(prisma: PrismaClient, options: { today?: Date; progress?: (step: string) => void } = {}): Promise<DemoCounts> {
  // The demo is built around a calendar day: the one given, else today in Sofia.
  const today = options.today ? dateOnly(isoDay(options.today)) : sofiaToday();
  const rng = createRng(DEMO_SEED);
  const lookups = await loadCatalogue(prisma);
  const hash = () => argon2.hash(DEMO_PASSWORD, PASSWORD_HASHING);

  const network = await prisma.network.create({ data: { ...NETWORK }, select: { id: true } });

  const centers: CenterCounts[] = [];
  let users = 0;
  for (const spec of CENTERS) {
    options.progress?.(`demo data: ${spec.nameEn} (people, cases, sessions of two years)…`);
    // Hashing is slow on purpose; do it before the transaction opens.
    const demoHashes = new Map<string, string>();
    for (const s of spec.staff) if (s.demoEmail) demoHashes.set(s.demoEmail, await hash());
    const counts = await prisma.$transaction(
      async (tx) => seedCenter(tx, spec, { today, rng, lookups, networkId: network.id, demoHashes }),
      { timeout: 180_000, maxWait: 10_000 },
    );
    centers.push(counts);
    users += counts.staff;
  }

  options.progress?.('demo data: network analyst and municipal viewers…');
  const outsideHashes = await Promise.all(OUTSIDE_ACCOUNTS.map(() => hash()));
  await prisma.$transaction(async (tx) => {
    for (const [i, a] of OUTSIDE_ACCOUNTS.entries()) {
      const user = await tx.user.create({ data: { email: a.email, displayName: a.displayName, passwordHash: outsideHashes[i]!, preferredLanguage: 'BG' }, select: { id: true } });
      await tx.membership.create({
        data: {
          userId: user.id, role: a.role, titleBg: a.titleBg, titleEn: a.titleEn, startedOn: addMonths(today, -24),
          networkId: a.role === 'NETWORK_ANALYST' ? network.id : null,
          municipalityId: 'municipalityCode' in a ? requireId(lookups.municipalities, a.municipalityCode, 'municipality') : null,
        },
      });
    }
  });
  users += OUTSIDE_ACCOUNTS.length;
  return { centers, users };
}

async function seedCenter(
  tx: Prisma.TransactionClient,
  spec: CenterSpec,
  ctx: { today: Date; rng: ReturnType<typeof createRng>; lookups: Lookups; networkId: string; demoHashes: Map<string, string> },
): Promise<CenterCounts> {
  const { today, lookups } = ctx;
  const centerId = randomUUID();
  // Also scope the transaction to the center, so the rows pass row-level security even
  // where the seeding login does not bypass it (superusers do anyway).
  await tx.$queryRawUnsafe(`SELECT set_config('app.center_id', $1, true)`, centerId);

  const homeMunicipalityId = requireId(lookups.municipalities, spec.municipalityCode, 'municipality');
  await tx.center.create({
    data: {
      id: centerId, slug: spec.slug, code: spec.code, nameBg: spec.nameBg, nameEn: spec.nameEn,
      providerNameBg: spec.providerNameBg, providerNameEn: spec.providerNameEn, municipalityId: homeMunicipalityId,
      addressBg: spec.addressBg, addressEn: spec.addressEn, phone: spec.phone, email: spec.email,
      foundedOn: dateOnly(spec.foundedOn), licensedCapacity: spec.licensedCapacity,
      networkId: ctx.networkId, networkJoinedOn: dateOnly(spec.networkJoinedOn),
    },
  });
  await tx.centerPartnerMunicipality.createMany({
    data: spec.partnerMunicipalities.map((p) => ({ centerId, municipalityId: requireId(lookups.municipalities, p.code, 'municipality'), since: dateOnly(p.since) })),
  });

  const partners = new Map<string, string>();
  for (const p of spec.partners) {
    const id = randomUUID();
    partners.set(p.key, id);
    await tx.partnerOrganization.create({ data: { id, centerId, kind: p.kind, nameBg: p.nameBg, nameEn: p.nameEn, since: dateOnly(`${p.sinceYear}-01-01`), note: p.note ?? null } });
  }

  // Staff: one user and one membership each; only the demo accounts can sign in.
  const staff: StaffRef[] = [];
  for (const s of spec.staff) {
    const email = s.demoEmail ?? `${toSearchName(s.firstName)}.${toSearchName(s.lastName)}@${spec.slug}.opora.test`.replace(/ /g, '-');
    const user = await tx.user.create({
      data: { email, displayName: `${s.firstName} ${s.lastName}`, passwordHash: ctx.demoHashes.get(email) ?? DISABLED_PASSWORD_HASH, preferredLanguage: 'BG' },
      select: { id: true },
    });
    const membershipId = randomUUID();
    await tx.membership.create({
      data: {
        id: membershipId, userId: user.id, role: s.role, centerId, professionId: requireId(lookups.professions, s.profession, 'profession'),
        titleBg: s.titleBg, titleEn: s.titleEn, fte: s.fte, startedOn: addMonths(today, -12 * s.startedYearsAgo),
      },
    });
    staff.push({ key: s.key, membershipId, profession: s.profession, role: s.role, teams: s.teams });
  }

  const teams = new Map<string, string>();
  for (const t of spec.teams) {
    const id = randomUUID();
    teams.set(t.key, id);
    await tx.team.create({ data: { id, centerId, kind: t.kind, nameBg: t.nameBg, nameEn: t.nameEn } });
    const members = staff.filter((s) => s.teams.includes(t.key));
    await tx.teamMember.createMany({ data: members.map((m) => ({ centerId, teamId: id, membershipId: m.membershipId })) });
  }

  const services = new Map<string, string>();
  for (const s of spec.services) {
    const id = randomUUID();
    services.set(s.key, id);
    await tx.centerService.create({
      data: {
        id, centerId, serviceKindId: requireId(lookups.serviceKinds, s.kind, 'service kind'), nameBg: s.nameBg, nameEn: s.nameEn,
        access: s.access, capacity: s.capacity ?? null, deliveryModes: [...s.modes],
      },
    });
  }

  const home = [...lookups.settlements.values()].find((s) => s.municipalityId === homeMunicipalityId && s.kind === 'CITY' && spec.residence[0]![0] === s.ekatte);
  if (!home) throw new Error(`${spec.code}: the first residence must be the center's own town`);
  const rows = generateActivity(
    { centerId, spec, today, staff, services, partners, teams, settlements: lookups.settlements, targetGroups: lookups.targetGroups, homeSettlementEkatte: home.ekatte },
    ctx.rng,
  );
  await writeRows(tx, rows);

  const counts = { code: spec.code, staff: staff.length, services: services.size, partners: partners.size } as CenterCounts;
  for (const [k, v] of Object.entries(rows)) (counts as Record<string, number | string>)[k] = (v as unknown[]).length;
  return counts;
}

// Parents before children, one statement per table (bulk-insert.ts).
async function writeRows(tx: Prisma.TransactionClient, rows: ActivityRows): Promise<void> {
  const insert = rowInserter(tx);
  await insert('Client', rows.clients);
  await insert('Household', rows.households);
  await insert('HouseholdMember', rows.householdMembers);
  await insert('Case', rows.cases);
  await insert('CaseTargetGroup', rows.caseTargetGroups);
  await insert('CaseParticipant', rows.caseParticipants);
  await insert('CaseTeamMember', rows.caseTeamMembers);
  await insert('CaseStatusChange', rows.statusChanges);
  await insert('Assessment', rows.assessments);
  await insert('AssessmentAreaRating', rows.assessmentAreas);
  await insert('SupportPlan', rows.supportPlans);
  await insert('Participation', rows.participations);
  await insert('SupportPlanGoal', rows.goals);
  await insert('PlannedService', rows.plannedServices);
  await insert('PlanReview', rows.planReviews);
  await insert('Contract', rows.contracts);
  await insert('ContractService', rows.contractServices);
  await insert('ContractExtension', rows.contractExtensions);
  await insert('GroupProgram', rows.groupPrograms);
  await insert('GroupProgramParticipant', rows.participants);
  await insert('GroupMeeting', rows.meetings);
  await insert('Attendance', rows.attendances);
  await insert('Session', rows.sessions);
  await insert('SessionStaff', rows.sessionStaff);
  await insert('SessionClient', rows.sessionClients);
  await insert('Note', rows.notes);
  await insert('OpenAccessContact', rows.openAccessContacts);
  await insert('Consent', rows.consents);
  // Scanned papers, so a center's Documents sections have files to show from the start: the
  // service consents' signed declarations, the signed copy of every concluded contract, of every
  // completed needs assessment (ИОП) and of every support plan (ИПП) put into effect, and the
  // referral letter of every case a directorate referred with a document number (each a tiny
  // PDF naming its paper).
  const scanned = [
    ...rows.assessments.filter((a) => a.completedOn).map((a) => ({ centerId: a.centerId, owner: { assessmentId: a.id! }, name: 'Индивидуална оценка на потребностите (подписана)', at: a.updatedAt as Date | undefined })),
    ...rows.supportPlans.filter((p) => p.effectiveOn).map((p) => ({ centerId: p.centerId, owner: { supportPlanId: p.id! }, name: `Индивидуален план за подкрепа, версия ${p.revisionNumber ?? 1} (подписан)`, at: p.createdAt as Date | undefined })),
    ...rows.consents.filter((c) => c.purpose === 'SERVICE_DELIVERY').map((c) => ({ centerId: c.centerId, owner: { consentId: c.id! }, name: c.documentRef ?? 'Декларация', at: c.createdAt })),
    ...rows.contracts.filter((k) => k.signedOn).map((k) => ({ centerId: k.centerId, owner: { contractId: k.id! }, name: `Договор ${k.number} (подписан)`, at: k.createdAt })),
    ...rows.cases.filter((k) => k.referralDocumentNumber).map((k) => ({ centerId: k.centerId, owner: { caseId: k.id! }, name: `Направление ${k.referralDocumentNumber}`, at: k.createdAt })),
  ];
  const papers = scanned.map((paper) => ({
    paper,
    id: randomUUID(),
    content: new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${paper.name.replace(/[^ -~]/g, '')}\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
  }));
  await insert(
    'Attachment',
    papers.map(({ paper, id, content }) => ({
      id, centerId: paper.centerId, ...paper.owner, fileName: `${paper.name.replace(/[\\/:*?"<>|]/g, '-')}.pdf`, mediaType: 'application/pdf',
      byteSize: content.length, sha256: createHash('sha256').update(content).digest('hex'), uploadedAt: paper.at ?? new Date(),
    })),
  );
  await insert('AttachmentContent', papers.map(({ paper, id, content }) => ({ attachmentId: id, centerId: paper.centerId, content })));
}

async function loadCatalogue(prisma: PrismaClient): Promise<Lookups> {
  const [municipalities, settlements, professions, serviceKinds, targetGroups] = await Promise.all([
    prisma.municipality.findMany({ select: { id: true, code: true } }),
    prisma.settlement.findMany({ select: { id: true, ekatte: true, nameBg: true, kind: true, municipalityId: true, municipality: { select: { code: true } } } }),
    prisma.profession.findMany({ select: { id: true, code: true } }),
    prisma.serviceKind.findMany({ select: { id: true, code: true } }),
    prisma.targetGroup.findMany({ select: { id: true, code: true } }),
  ]);
  if (municipalities.length === 0) throw new Error('seedDemo needs the catalogue: run seedCatalogue first');
  return {
    municipalities: new Map(municipalities.map((m) => [m.code, m.id])),
    settlements: new Map(
      settlements.map((s) => [s.ekatte, { id: s.id, ekatte: s.ekatte, nameBg: s.nameBg, kind: s.kind, municipalityId: s.municipalityId, municipalityCode: s.municipality.code }]),
    ),
    professions: new Map(professions.map((p) => [p.code, p.id])),
    serviceKinds: new Map(serviceKinds.map((k) => [k.code, k.id])),
    targetGroups: new Map(targetGroups.map((g) => [g.code, g.id])),
  };
}

function requireId(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`unknown ${what} ${key}: is the catalogue seeded?`);
  return id;
}
