import { Prisma, type LegalServiceType } from '@opora/prisma/client';
import { sofiaDayStart } from '@opora/common/calendar';
import { enumLabel, documentWords, type Lang } from '@opora/common/vocabulary';
import type { Context } from '../context.ts';
import { suppressionThreshold } from '../aggregates/suppression.ts';
import { protect, type System } from '../aggregates/protect.ts';
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

// ── The published copy: the figures with small counts already hidden ────────────────────

/** The hidden word, the same as on the aggregate screens. */
export const HIDDEN = 'x';
/** A count as a reader gets it: the number, or HIDDEN. */
export type Shown = number | typeof HIDDEN;

/**
 * The figures as one reader sees them. The manager's own view has every number; the published
 * copy (frozen at sign-off in YearlyReport.publishedFigures, the only copy the network and
 * municipal readers get) has HIDDEN in place of every count of people, cases, complaints or
 * survey answers from 1 to k−1 and of the complements that protect them.
 */
export type ShownFigures = {
  year: number;
  serviceType: LegalServiceType;
  /** The threshold the copy was published with; null: nothing hidden (the manager's view). */
  k: number | null;
  activities: Array<{ nameBg: string; nameEn: string }>;
  people: { withRecord: Shown; anonymous: Shown; byAge: Array<{ key: string; n: Shown }>; byTargetGroup: Array<{ key: string; nameBg: string; nameEn: string; n: Shown }> };
  cases: { opened: Shown; closed: Shown; byOutcome: Array<{ key: string; n: Shown }> };
  sessions: Array<{ kind: string; count: number; hours: number }>;
  /** `perPlace`: people served per place (it carries the total of people, so it is hidden with it). */
  capacity: { places: number; perPlace: Shown };
  staff: { count: number; fte: number };
  training: { count: number; hours: number };
  supervision: { internal: number; external: number; hours: number };
  complaints: { received: Shown; open: Shown; byOutcome: Array<{ key: string; n: Shown }> };
  satisfaction: { surveys: number; respondents: Shown; satisfied: Shown };
};

/**
 * The report's counts as one protected system (aggregates/protect.ts, the same rules and audit as
 * the dashboards): each figure is a sum of finest cells, the lines say which figures add up to
 * which, and the identities tie two breakdowns of the same people. Figure ids are the rows' codes.
 *
 * - People: with a record + anonymous = Σ age bands = the total, which "people per place" gives
 *   away (places are shown). Target groups count a person once per group (no total): primary only.
 * - Cases: closed = Σ outcomes. Cases opened stand alone.
 * - Complaints: received = still open + Σ outcomes (+ closed without an outcome, if any).
 * - Satisfaction: respondents = satisfied + not satisfied; "not satisfied" is not printed but is
 *   the difference of two printed numbers, so it is a figure too ("36 of 40" tells 4 were not).
 */
export function reportSystem(f: YearlyFigures): { system: System; lines: Array<{ total: string; parts: string[] }> } {
  const values = new Map<string, number>();
  const figures: Array<{ id: string; cells: string[] }> = [];
  const lines: Array<{ total: string; parts: string[] }> = [];
  const cell = (id: string, v: number) => {
    values.set(id, v);
    return id;
  };
  const figure = (id: string, cells: string[]) => {
    figures.push({ id, cells });
    return id;
  };
  // People.
  const rec = cell('c:people.withRecord', f.people.withRecord);
  const anon = cell('c:people.anonymous', f.people.anonymous);
  figure('people.withRecord', [rec]);
  figure('people.anonymous', [anon]);
  figure('people.total', [rec, anon]);
  const ages = f.people.byAge.map((a) => figure(`people.age.${a.key}`, [cell(`c:people.age.${a.key}`, a.n)]));
  lines.push({ total: 'people.total', parts: ['people.withRecord', 'people.anonymous'] }, { total: 'people.total', parts: ages });
  const identities = [{ plus: [rec, anon], minus: f.people.byAge.map((a) => `c:people.age.${a.key}`) }];
  for (const t of f.people.byTargetGroup) figure(`people.target.${t.key}`, [cell(`c:people.target.${t.key}`, t.n)]);
  // Cases.
  figure('cases.opened', [cell('c:cases.opened', f.cases.opened)]);
  const outcomes = f.cases.byOutcome.map((o) => cell(`c:cases.outcome.${o.key}`, o.n));
  const closedRest = cell('c:cases.closed.rest', Math.max(0, f.cases.closed - f.cases.byOutcome.reduce((s, o) => s + o.n, 0)));
  figure('cases.closed', [...outcomes, closedRest]);
  const outcomeIds = f.cases.byOutcome.map((o, i) => figure(`cases.outcome.${o.key}`, [outcomes[i]!]));
  lines.push({ total: 'cases.closed', parts: outcomeIds });
  // Complaints.
  const open = cell('c:complaints.open', f.complaints.open);
  const answered = f.complaints.byOutcome.map((o) => cell(`c:complaints.outcome.${o.key}`, o.n));
  const complaintRest = cell('c:complaints.rest', Math.max(0, f.complaints.received - f.complaints.open - f.complaints.byOutcome.reduce((s, o) => s + o.n, 0)));
  figure('complaints.received', [open, ...answered, complaintRest]);
  figure('complaints.open', [open]);
  const answeredIds = f.complaints.byOutcome.map((o, i) => figure(`complaints.outcome.${o.key}`, [answered[i]!]));
  lines.push({ total: 'complaints.received', parts: ['complaints.open', ...answeredIds] });
  // Satisfaction (only when a survey was recorded: otherwise nothing is printed).
  if (f.satisfaction.surveys > 0) {
    const yes = cell('c:satisfaction.satisfied', f.satisfaction.satisfied);
    const no = cell('c:satisfaction.notSatisfied', Math.max(0, f.satisfaction.respondents - f.satisfaction.satisfied));
    figure('satisfaction.respondents', [yes, no]);
    figure('satisfaction.satisfied', [yes]);
    figure('satisfaction.notSatisfied', [no]);
    lines.push({ total: 'satisfaction.respondents', parts: ['satisfaction.satisfied', 'satisfaction.notSatisfied'] });
  }
  return {
    system: { values, figures, lines, identities, lastResort: ['people.total', 'cases.closed', 'complaints.received', 'satisfaction.respondents'] },
    lines,
  };
}

/** The hidden figures of a report (by row code), decided by protect(). */
export function hiddenFigures(f: YearlyFigures, k: number): Set<string> {
  return new Set(protect(reportSystem(f).system, k).keys());
}

/** The manager's view (nothing hidden) when `hidden` is empty; the published copy otherwise. */
export function shownFigures(f: YearlyFigures, hidden: ReadonlySet<string> = new Set(), k: number | null = null): ShownFigures {
  const show = (code: string, v: number): Shown => (hidden.has(code) ? HIDDEN : v);
  const people = f.people.withRecord + f.people.anonymous;
  const perPlace = f.capacity.places > 0 ? Math.round((100 * people) / f.capacity.places) / 100 : 0;
  const satisfiedHidden = hidden.has('satisfaction.satisfied') || hidden.has('satisfaction.notSatisfied') || hidden.has('satisfaction.respondents');
  return {
    year: f.year,
    serviceType: f.serviceType,
    k,
    activities: f.activities,
    people: {
      withRecord: show('people.withRecord', f.people.withRecord),
      anonymous: show('people.anonymous', f.people.anonymous),
      byAge: f.people.byAge.map((a) => ({ key: a.key, n: show(`people.age.${a.key}`, a.n) })),
      byTargetGroup: f.people.byTargetGroup.map((t) => ({ key: t.key, nameBg: t.nameBg, nameEn: t.nameEn, n: show(`people.target.${t.key}`, t.n) })),
    },
    cases: {
      opened: show('cases.opened', f.cases.opened),
      closed: show('cases.closed', f.cases.closed),
      byOutcome: f.cases.byOutcome.map((o) => ({ key: o.key, n: show(`cases.outcome.${o.key}`, o.n) })),
    },
    sessions: f.sessions,
    capacity: { places: f.capacity.places, perPlace: hidden.has('people.total') ? HIDDEN : perPlace },
    staff: f.staff,
    training: f.training,
    supervision: f.supervision,
    complaints: {
      received: show('complaints.received', f.complaints.received),
      open: show('complaints.open', f.complaints.open),
      byOutcome: f.complaints.byOutcome.map((o) => ({ key: o.key, n: show(`complaints.outcome.${o.key}`, o.n) })),
    },
    satisfaction: {
      surveys: f.satisfaction.surveys,
      respondents: show('satisfaction.respondents', f.satisfaction.respondents),
      // The share is printed with the count: hidden when either side of it is.
      satisfied: satisfiedHidden ? HIDDEN : f.satisfaction.satisfied,
    },
  };
}

/** The published copy frozen at sign-off: small counts and their complements hidden (k = OPORA_SUPPRESSION_K). */
export function publishFigures(f: YearlyFigures, k: number = suppressionThreshold()): ShownFigures {
  return shownFigures(f, hiddenFigures(f, k), k);
}

// ── What a reader sees: rows of (code, label, value) per section ────────────────────────

export type ReportRow = { code: string; label: string; value: string };
export type ReportSection = { code: string; title: string; rows: ReportRow[] };

/**
 * Rows of the numeric part in the agency's order, from the figures one reader may see (the
 * manager's own, or the published copy): a hidden count reads HIDDEN. Nothing is decided here.
 */
export function figureSections(f: ShownFigures, lang: Lang): ReportSection[] {
  const w = documentWords(lang);
  const num = (v: number, digits = 0) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'bg-BG', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  const count = (v: Shown, digits = 0) => (v === HIDDEN ? HIDDEN : num(v, digits));
  const en = lang === 'en';
  const sessionsCount = f.sessions.reduce((s, r) => s + r.count, 0);
  const sessionsHours = f.sessions.reduce((s, r) => s + r.hours, 0);
  const { respondents, satisfied } = f.satisfaction;
  return [
    {
      code: 'PEOPLE', title: w('yrPeople'),
      rows: [
        { code: 'people.withRecord', label: w('yrPeopleTotal'), value: count(f.people.withRecord) },
        { code: 'people.anonymous', label: w('yrAnonymous'), value: count(f.people.anonymous) },
        ...f.people.byAge.map((a) => ({ code: `people.age.${a.key}`, label: `${w('yrByAge')}: ${enumLabel('AgeBand', a.key as 'UNKNOWN', lang)}`, value: count(a.n) })),
        ...f.people.byTargetGroup.map((t) => ({ code: `people.target.${t.key}`, label: `${w('yrByTargetGroup')}: ${en ? t.nameEn : t.nameBg}`, value: count(t.n) })),
      ],
    },
    {
      code: 'CASES', title: w('yrCases'),
      rows: [
        { code: 'cases.opened', label: w('yrCasesOpened'), value: count(f.cases.opened) },
        { code: 'cases.closed', label: w('yrCasesClosed'), value: count(f.cases.closed) },
        ...f.cases.byOutcome.map((o) => ({ code: `cases.outcome.${o.key}`, label: `${w('yrByOutcome')}: ${o.key === 'UNKNOWN' ? '—' : enumLabel('ClosureOutcome', o.key as never, lang)}`, value: count(o.n) })),
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
        { code: 'capacity.use', label: w('yrCapacityUse'), value: count(f.capacity.perPlace, 2) },
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
        ...f.complaints.byOutcome.map((o) => ({ code: `complaints.outcome.${o.key}`, label: enumLabel('ComplaintOutcome', o.key as never, lang), value: count(o.n) })),
      ],
    },
    {
      code: 'SATISFACTION', title: w('yrSatisfaction'),
      rows: f.satisfaction.surveys === 0
        ? [{ code: 'satisfaction.none', label: w('yrNoSurvey'), value: '—' }]
        : [
            { code: 'satisfaction.respondents', label: w('yrRespondents'), value: count(respondents) },
            {
              code: 'satisfaction.satisfied', label: w('yrSatisfied'),
              value: satisfied === HIDDEN || respondents === HIDDEN ? HIDDEN : `${num(satisfied)} (${num(respondents ? (100 * satisfied) / respondents : 0)}%)`,
            },
          ],
    },
  ];
}
