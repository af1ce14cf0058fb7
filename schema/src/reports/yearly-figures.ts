import { Prisma, type LegalServiceType } from '@opora/prisma/client';
import { sofiaDayStart } from '@opora/common/calendar';
import { enumLabel, documentWords, type Lang } from '@opora/common/vocabulary';
import type { Context } from '../context.ts';
import { suppressionThreshold } from '../aggregates/suppression.ts';
import { legalServiceType } from '../support/legal-services.ts';
import { CENTER_ROLES } from '../support/viewer.ts';

// The numbers of the provider's yearly report on one legal service type, computed inside the
// center (the request's tenant transaction, RLS by center) from its own records. They are counts
// and sums, never a person; at sign-off they are frozen in YearlyReport.figures as this JSON.
//
// Definitions (one year, Sofia days): the services tagged under the type (`legalServiceType`);
// people served = distinct clients in its sessions and in its open-access contacts naming a
// client, plus the people of anonymous contacts; age at 31 December; target groups of the cases
// the sessions belong to; cases = cases with a session of the type in the year (opened: received
// in the year; closed: closed in the year, by outcome); sessions and hours by kind; places = the
// services' own capacities, else the center's licensed capacity; staff, training and supervision
// are the center's (its staff work across services); complaints received in the year about this
// service or the center as a whole; satisfaction from the register's surveys of (year, service).

export type Count = { key: string; n: number };
export type YearlyFigures = {
  year: number;
  serviceType: LegalServiceType;
  activities: Array<{ nameBg: string; nameEn: string }>;
  people: { withRecord: number; anonymous: number; byAge: Count[]; byTargetGroup: Array<Count & { nameBg: string; nameEn: string }> };
  cases: { total: number; opened: number; closed: number; byOutcome: Count[] };
  sessions: Array<{ kind: string; count: number; hours: number }>;
  capacity: { places: number; ownCapacities: boolean };
  staff: { count: number; fte: number };
  training: { count: number; hours: number };
  supervision: { internal: number; external: number; hours: number };
  complaints: { received: number; open: number; byOutcome: Count[] };
  satisfaction: { surveys: number; respondents: number; satisfied: number };
};

const n = (v: unknown) => Number(v ?? 0);

/** The service types the center delivers in a year: its active services, and any with work recorded in the year. */
export async function servicesOfCenter(ctx: Context, centerId: string): Promise<Array<{ id: string; nameBg: string; nameEn: string; active: boolean; type: LegalServiceType }>> {
  const services = await ctx.db.centerService.findMany({ where: { centerId }, select: { id: true, nameBg: true, nameEn: true, active: true, access: true, serviceKind: { select: { code: true } } }, orderBy: { nameBg: 'asc' } });
  return services.map((s) => ({ id: s.id, nameBg: s.nameBg, nameEn: s.nameEn, active: s.active, type: legalServiceType(s.access, s.serviceKind.code) }));
}

export async function computeYearlyFigures(ctx: Context, centerId: string, year: number, serviceType: LegalServiceType): Promise<YearlyFigures> {
  const services = (await servicesOfCenter(ctx, centerId)).filter((s) => s.type === serviceType);
  const ids = services.map((s) => s.id);
  const firstDay = new Date(Date.UTC(year, 0, 1));
  const nextFirstDay = new Date(Date.UTC(year + 1, 0, 1));
  const lastDay = new Date(Date.UTC(year, 11, 31));
  const from = sofiaDayStart(firstDay);
  const to = sofiaDayStart(nextFirstDay);
  const idList = ids.length ? Prisma.sql`ARRAY[${Prisma.join(ids)}]::uuid[]` : Prisma.sql`ARRAY[]::uuid[]`;
  const db = ctx.db;

  const sessionsOfType = Prisma.sql`SELECT s.* FROM "Session" s WHERE s."centerId" = ${centerId}::uuid AND s."serviceId" = ANY(${idList}) AND s."startsAt" >= ${from} AND s."startsAt" < ${to}`;
  const peopleSql = Prisma.sql`
    SELECT sc."clientId" AS id FROM "SessionClient" sc JOIN (${sessionsOfType}) s ON s."centerId" = sc."centerId" AND s.id = sc."sessionId"
    UNION
    SELECT o."clientId" FROM "OpenAccessContact" o
     WHERE o."centerId" = ${centerId}::uuid AND o."serviceId" = ANY(${idList}) AND o."voidedAt" IS NULL AND o."clientId" IS NOT NULL
       AND o."occurredOn" >= ${firstDay} AND o."occurredOn" < ${nextFirstDay}`;

  const byAgeRecord = await db.$queryRaw<Array<{ key: string; n: bigint }>>`
    SELECT aggregate_age_band(c."birthDate", c."birthYear", ${lastDay}::date)::text AS key, count(*) AS n
      FROM (${peopleSql}) p JOIN "Client" c ON c."centerId" = ${centerId}::uuid AND c.id = p.id GROUP BY 1`;
  const anonymous = await db.$queryRaw<Array<{ key: string; n: bigint }>>`
    SELECT o."ageBand"::text AS key, sum(o."peopleCount") AS n FROM "OpenAccessContact" o
     WHERE o."centerId" = ${centerId}::uuid AND o."serviceId" = ANY(${idList}) AND o."voidedAt" IS NULL AND o."clientId" IS NULL
       AND o."occurredOn" >= ${firstDay} AND o."occurredOn" < ${nextFirstDay} GROUP BY 1`;
  const ages = new Map<string, number>();
  for (const r of [...byAgeRecord, ...anonymous]) ages.set(r.key, (ages.get(r.key) ?? 0) + n(r.n));
  const AGE_ORDER = ['AGE_0_2', 'AGE_3_6', 'AGE_7_13', 'AGE_14_17', 'AGE_18_29', 'AGE_30_64', 'AGE_65_PLUS', 'UNKNOWN'];

  const byTarget = await db.$queryRaw<Array<{ key: string; nameBg: string; nameEn: string; n: bigint }>>`
    SELECT tg.code AS key, tg."nameBg", tg."nameEn", count(DISTINCT sc."clientId") AS n
      FROM (${sessionsOfType}) s
      JOIN "SessionClient" sc ON sc."centerId" = s."centerId" AND sc."sessionId" = s.id
      JOIN "CaseTargetGroup" ctg ON ctg."centerId" = s."centerId" AND ctg."caseId" = s."caseId"
      JOIN "TargetGroup" tg ON tg.id = ctg."targetGroupId"
     GROUP BY 1, 2, 3 ORDER BY 1`;

  const cases = await db.$queryRaw<Array<{ total: bigint; opened: bigint }>>`
    SELECT count(*) AS total, count(*) FILTER (WHERE c."referralDate" >= ${firstDay} AND c."referralDate" < ${nextFirstDay}) AS opened
      FROM "Case" c WHERE c."centerId" = ${centerId}::uuid AND c.id IN (SELECT s."caseId" FROM (${sessionsOfType}) s WHERE s."caseId" IS NOT NULL)`;
  const closed = await db.$queryRaw<Array<{ key: string | null; n: bigint }>>`
    SELECT c."closureOutcome"::text AS key, count(*) AS n
      FROM "Case" c WHERE c."centerId" = ${centerId}::uuid AND c."closedOn" >= ${firstDay} AND c."closedOn" < ${nextFirstDay}
       AND c.id IN (SELECT s."caseId" FROM (${sessionsOfType}) s WHERE s."caseId" IS NOT NULL) GROUP BY 1 ORDER BY 1`;

  const sessions = await db.$queryRaw<Array<{ kind: string; count: bigint; minutes: bigint }>>`
    SELECT s.kind::text AS kind, count(*) AS count, sum(s."durationMinutes") AS minutes FROM (${sessionsOfType}) s GROUP BY 1 ORDER BY 1`;

  const center = await db.center.findUniqueOrThrow({ where: { id: centerId }, select: { licensedCapacity: true } });
  const own = await db.centerService.aggregate({ where: { id: { in: ids }, capacity: { not: null } }, _sum: { capacity: true } });
  const ownPlaces = own._sum.capacity ?? 0;

  const staff = await db.membership.aggregate({
    where: { centerId, role: { in: [...CENTER_ROLES] }, startedOn: { lte: lastDay }, OR: [{ endedOn: null }, { endedOn: { gte: firstDay } }] },
    _count: { _all: true },
    _sum: { fte: true },
  });
  const training = await db.staffTraining.aggregate({ where: { centerId, startedOn: { gte: firstDay, lt: nextFirstDay } }, _count: { _all: true }, _sum: { hours: true } });
  const supervision = await db.staffSupervision.groupBy({ by: ['kind'], where: { centerId, heldOn: { gte: firstDay, lt: nextFirstDay } }, _count: { _all: true }, _sum: { hours: true } });

  const complaintWhere = { centerId, receivedOn: { gte: firstDay, lt: nextFirstDay }, OR: [{ serviceType }, { serviceType: null }] };
  const complaints = await db.complaint.findMany({ where: complaintWhere, select: { outcome: true, closedOn: true } });
  const complaintOutcomes = new Map<string, number>();
  for (const c of complaints) if (c.outcome && c.closedOn && c.closedOn < nextFirstDay) complaintOutcomes.set(c.outcome, (complaintOutcomes.get(c.outcome) ?? 0) + 1);

  const surveys = await db.satisfactionSurvey.aggregate({ where: { centerId, year, serviceType }, _count: { _all: true }, _sum: { respondents: true, satisfiedCount: true } });

  const withRecord = byAgeRecord.reduce((sum, r) => sum + n(r.n), 0);
  return {
    year,
    serviceType,
    activities: services.map((s) => ({ nameBg: s.nameBg, nameEn: s.nameEn })),
    people: {
      withRecord,
      anonymous: anonymous.reduce((sum, r) => sum + n(r.n), 0),
      byAge: AGE_ORDER.filter((k) => ages.has(k)).map((key) => ({ key, n: ages.get(key)! })),
      byTargetGroup: byTarget.map((r) => ({ key: r.key, nameBg: r.nameBg, nameEn: r.nameEn, n: n(r.n) })),
    },
    cases: {
      total: n(cases[0]?.total),
      opened: n(cases[0]?.opened),
      closed: closed.reduce((sum, r) => sum + n(r.n), 0),
      byOutcome: closed.map((r) => ({ key: r.key ?? 'UNKNOWN', n: n(r.n) })),
    },
    sessions: sessions.map((r) => ({ kind: r.kind, count: n(r.count), hours: Math.round((n(r.minutes) / 60) * 10) / 10 })),
    capacity: { places: ownPlaces > 0 ? ownPlaces : center.licensedCapacity, ownCapacities: ownPlaces > 0 },
    staff: { count: staff._count._all, fte: Number(staff._sum.fte ?? 0) },
    training: { count: training._count._all, hours: Number(training._sum.hours ?? 0) },
    supervision: {
      internal: supervision.find((s) => s.kind === 'INTERNAL')?._count._all ?? 0,
      external: supervision.find((s) => s.kind === 'EXTERNAL')?._count._all ?? 0,
      hours: supervision.reduce((sum, s) => sum + Number(s._sum.hours ?? 0), 0),
    },
    complaints: {
      received: complaints.length,
      open: complaints.filter((c) => !c.closedOn || c.closedOn >= nextFirstDay).length,
      byOutcome: [...complaintOutcomes].map(([key, v]) => ({ key, n: v })),
    },
    satisfaction: { surveys: surveys._count._all, respondents: surveys._sum.respondents ?? 0, satisfied: surveys._sum.satisfiedCount ?? 0 },
  };
}

// ── What a reader sees: rows of (code, label, value) per section ────────────────────────

export type ReportRow = { code: string; label: string; value: string };
export type ReportSection = { code: string; title: string; rows: ReportRow[] };

/** The hidden word, the same as on the aggregate screens. */
export const HIDDEN = 'x';

/**
 * Rows of the numeric part in the agency's order. `suppress` (network and municipal readers):
 * every count of people, cases or complaints from 1 to k−1 reads "x", and where one part of a
 * breakdown is hidden the next smallest is hidden too, so no part can be found by subtraction.
 */
export function figureSections(f: YearlyFigures, lang: Lang, suppress: boolean): ReportSection[] {
  const w = documentWords(lang);
  const k = suppressionThreshold();
  const num = (v: number, digits = 0) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'bg-BG', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  const count = (v: number) => (suppress && v > 0 && v < k ? HIDDEN : num(v));
  const breakdown = (parts: Array<{ code: string; label: string; n: number }>): ReportRow[] => {
    const hidden = new Set(parts.filter((p) => suppress && p.n > 0 && p.n < k).map((p) => p.code));
    if (hidden.size === 1) {
      const next = parts.filter((p) => !hidden.has(p.code) && p.n > 0).sort((a, b) => a.n - b.n)[0];
      if (next) hidden.add(next.code);
    }
    return parts.map((p) => ({ code: p.code, label: p.label, value: hidden.has(p.code) ? HIDDEN : num(p.n) }));
  };
  const en = lang === 'en';
  const people = f.people.withRecord + f.people.anonymous;
  const perPlace = f.capacity.places > 0 ? people / f.capacity.places : 0;
  const sessionsCount = f.sessions.reduce((s, r) => s + r.count, 0);
  const sessionsHours = f.sessions.reduce((s, r) => s + r.hours, 0);
  return [
    {
      code: 'PEOPLE', title: w('yrPeople'),
      rows: [
        { code: 'people.withRecord', label: w('yrPeopleTotal'), value: count(f.people.withRecord) },
        { code: 'people.anonymous', label: w('yrAnonymous'), value: count(f.people.anonymous) },
        ...breakdown(f.people.byAge.map((a) => ({ code: `people.age.${a.key}`, label: `${w('yrByAge')}: ${enumLabel('AgeBand', a.key as 'UNKNOWN', lang)}`, n: a.n }))),
        ...breakdown(f.people.byTargetGroup.map((t) => ({ code: `people.target.${t.key}`, label: `${w('yrByTargetGroup')}: ${en ? t.nameEn : t.nameBg}`, n: t.n }))),
      ],
    },
    {
      code: 'CASES', title: w('yrCases'),
      rows: [
        { code: 'cases.opened', label: w('yrCasesOpened'), value: count(f.cases.opened) },
        { code: 'cases.closed', label: w('yrCasesClosed'), value: count(f.cases.closed) },
        ...breakdown(f.cases.byOutcome.map((o) => ({ code: `cases.outcome.${o.key}`, label: `${w('yrByOutcome')}: ${o.key === 'UNKNOWN' ? '—' : enumLabel('ClosureOutcome', o.key as never, lang)}`, n: o.n }))),
      ],
    },
    {
      code: 'SESSIONS', title: w('yrSessions'),
      rows: [
        ...f.sessions.map((s) => ({ code: `sessions.${s.kind}`, label: `${enumLabel('SessionKind', s.kind as never, lang)}: ${w('yrCount').toLowerCase()} / ${w('yrHours').toLowerCase()}`, value: `${num(s.count)} / ${num(s.hours, 1)}` })),
        { code: 'sessions.total', label: `${en ? 'Total' : 'Общо'}: ${w('yrCount').toLowerCase()} / ${w('yrHours').toLowerCase()}`, value: `${num(sessionsCount)} / ${num(sessionsHours, 1)}` },
      ],
    },
    {
      code: 'CAPACITY', title: w('yrCapacity'),
      rows: [
        { code: 'capacity.places', label: w('yrPlaces'), value: num(f.capacity.places) },
        { code: 'capacity.use', label: w('yrCapacityUse'), value: suppress && people > 0 && people < k ? HIDDEN : num(perPlace, 2) },
      ],
    },
    {
      code: 'STAFF', title: w('yrStaff'),
      rows: [
        { code: 'staff.count', label: w('yrStaffCount'), value: num(f.staff.count) },
        { code: 'staff.fte', label: w('yrFte'), value: num(f.staff.fte, 2) },
        { code: 'training.count', label: w('yrTrainings'), value: num(f.training.count) },
        { code: 'training.hours', label: w('yrTrainingHours'), value: num(f.training.hours, 1) },
        { code: 'supervision.count', label: w('yrSupervisions'), value: `${num(f.supervision.internal)} / ${num(f.supervision.external)}` },
        { code: 'supervision.hours', label: w('yrSupervisionHours'), value: num(f.supervision.hours, 1) },
      ],
    },
    {
      code: 'COMPLAINTS', title: w('yrComplaints'),
      rows: [
        { code: 'complaints.received', label: w('yrComplaintsReceived'), value: count(f.complaints.received) },
        { code: 'complaints.open', label: w('yrComplaintsOpen'), value: count(f.complaints.open) },
        ...breakdown(f.complaints.byOutcome.map((o) => ({ code: `complaints.outcome.${o.key}`, label: enumLabel('ComplaintOutcome', o.key as never, lang), n: o.n }))),
      ],
    },
    {
      code: 'SATISFACTION', title: w('yrSatisfaction'),
      rows: f.satisfaction.surveys === 0
        ? [{ code: 'satisfaction.none', label: w('yrNoSurvey'), value: '—' }]
        : [
            { code: 'satisfaction.respondents', label: w('yrRespondents'), value: count(f.satisfaction.respondents) },
            { code: 'satisfaction.satisfied', label: w('yrSatisfied'), value: suppress && f.satisfaction.respondents < k ? HIDDEN : `${num(f.satisfaction.satisfied)} (${num(f.satisfaction.respondents ? (100 * f.satisfaction.satisfied) / f.satisfaction.respondents : 0)}%)` },
          ],
    },
  ];
}
