import type { Prisma } from '@opora/prisma/client';
import { daysBetween, firstDayOfMonth, lastDayOfMonth, today } from '@opora/common/calendar';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager } from '../permissions/rules.ts';
import { encodeId } from '../support/global-id.ts';
import { requireCenter } from '../support/viewer.ts';
import { overduePlanCases, overdueReviewPlans } from './due-dates.ts';
import { sessionFilter } from './session.ts';

// The manager's desk (issue #19, item 1): the whole center at a glance. Every figure is a
// count over the center's rows (RLS: the active center only), and each has the filter of the
// cases list that shows the same records (`cases(leadWorkerId, teamId, waiting, overdue,
// serviceId)`): `deskCases` below is that filter, used by both, so a figure and its list agree.

/** Open: every stage but CLOSED. */
const OPEN: Prisma.CaseWhereInput = { status: { not: 'CLOSED' } };

/** Waiting: an open case whose service has not started (no session yet), counted from the day the request or referral came in. */
export const WAITING: Prisma.CaseWhereInput = { status: { not: 'CLOSED' }, firstSessionOn: null };

/** An assessment not completed by its due date (the date set by due-dates.ts when it was created). */
const overdueAssessment = (on: Date): Prisma.AssessmentWhereInput => ({ completedOn: null, supersededAt: null, dueOn: { lt: on } });

/** A case with anything overdue: its needs assessment (ИОП), its support plan (ИПП) or a plan review (due-dates.ts). */
export function overdueCases(planningDays: number, on: Date = today()): Prisma.CaseWhereInput {
  return {
    ...OPEN,
    OR: [{ assessments: { some: overdueAssessment(on) } }, overduePlanCases(planningDays, on), { supportPlans: { some: overdueReviewPlans(on) } }],
  };
}

/** Cases using a service: active, with a contract in force (signed, not ended) that names the service. */
export const usingService = (serviceId: string): Prisma.CaseWhereInput => ({
  status: 'ACTIVE',
  contracts: { some: { status: 'SIGNED', services: { some: { serviceId } } } },
});

export async function planningDaysOf(ctx: Context): Promise<number> {
  const { centerId } = requireCenter(ctx);
  return (await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { planningDays: true } })).planningDays;
}

type DeskWorker = { membershipId: string; name: string; fte: number | null; openCases: number; overdueAssessments: number; overduePlans: number; overdueReviews: number; overdueCases: number };
type DeskTeam = { teamId: string; name: string; fte: number; members: number; openCases: number };
type DeskService = { serviceId: string; name: string; licensedPlaces: number | null; inUse: number; sessionsThisMonth: number };
type Desk = { workers: DeskWorker[]; teams: DeskTeam[]; waitingCount: number; oldestWaitingDays: number | null; services: DeskService[]; month: Date };

const count = <K extends string>(rows: Array<Record<K, string | null>>, key: K) => {
  const out = new Map<string, number>();
  for (const r of rows) if (r[key]) out.set(r[key]!, (out.get(r[key]!) ?? 0) + 1);
  return out;
};

async function desk(ctx: Context): Promise<Desk> {
  const { centerId } = requireCenter(ctx);
  const on = today();
  const planningDays = await planningDaysOf(ctx);
  const lang = ctx.locale;
  const memberships = await ctx.db.membership.findMany({
    where: { centerId, endedOn: null },
    select: { id: true, fte: true, user: { select: { displayName: true } } },
    orderBy: { user: { displayName: 'asc' } },
  });
  const open = await ctx.db.case.findMany({ where: OPEN, select: { leadWorkerId: true, teamId: true } });
  const assessments = await ctx.db.assessment.findMany({ where: { ...overdueAssessment(on), case: OPEN }, select: { case: { select: { leadWorkerId: true } } } });
  const plans = await ctx.db.case.findMany({ where: overduePlanCases(planningDays, on), select: { leadWorkerId: true } });
  const reviews = await ctx.db.supportPlan.findMany({ where: overdueReviewPlans(on), select: { case: { select: { leadWorkerId: true } } } });
  const anyOverdue = await ctx.db.case.findMany({ where: overdueCases(planningDays, on), select: { leadWorkerId: true } });
  const openBy = count(open, 'leadWorkerId');
  const assessmentsBy = count(assessments.map((a) => a.case), 'leadWorkerId');
  const plansBy = count(plans, 'leadWorkerId');
  const reviewsBy = count(reviews.map((r) => r.case), 'leadWorkerId');
  const overdueBy = count(anyOverdue, 'leadWorkerId');
  const workers = memberships.map((m) => ({
    membershipId: m.id,
    name: m.user.displayName,
    fte: m.fte === null ? null : Number(m.fte),
    openCases: openBy.get(m.id) ?? 0,
    overdueAssessments: assessmentsBy.get(m.id) ?? 0,
    overduePlans: plansBy.get(m.id) ?? 0,
    overdueReviews: reviewsBy.get(m.id) ?? 0,
    overdueCases: overdueBy.get(m.id) ?? 0,
  }));

  const teamRows = await ctx.db.team.findMany({
    where: { centerId },
    select: { id: true, nameBg: true, nameEn: true, members: { select: { membership: { select: { fte: true, endedOn: true } } } } },
    orderBy: { nameBg: 'asc' },
  });
  const openByTeam = count(open, 'teamId');
  const teams = teamRows.map((t) => {
    const active = t.members.filter((m) => m.membership.endedOn === null);
    return {
      teamId: t.id,
      name: lang === 'en' ? t.nameEn : t.nameBg,
      fte: Math.round(active.reduce((sum, m) => sum + Number(m.membership.fte ?? 0), 0) * 100) / 100,
      members: active.length,
      openCases: openByTeam.get(t.id) ?? 0,
    };
  });

  const waitingCount = await ctx.db.case.count({ where: WAITING });
  const oldest = await ctx.db.case.findFirst({ where: WAITING, orderBy: [{ referralDate: 'asc' }, { id: 'asc' }], select: { referralDate: true } });

  // This month in Sofia, first day to last: the sessions held, as the session list counts them
  // (`sessions(serviceId, from, to)`: a planned, missed or cancelled one is no work done).
  const month = firstDayOfMonth(on);
  const sessions = await ctx.db.session.groupBy({
    by: ['serviceId'],
    where: sessionFilter({ from: month, to: lastDayOfMonth(on) }),
    _count: { _all: true },
  });
  const serviceRows = await ctx.db.centerService.findMany({ where: { centerId }, select: { id: true, nameBg: true, nameEn: true, capacity: true, active: true }, orderBy: { nameBg: 'asc' } });
  const services: DeskService[] = [];
  for (const s of serviceRows) {
    const inUse = await ctx.db.case.count({ where: usingService(s.id) });
    const sessionsThisMonth = sessions.find((g) => g.serviceId === s.id)?._count._all ?? 0;
    if (!s.active && inUse === 0 && sessionsThisMonth === 0) continue;
    services.push({ serviceId: s.id, name: lang === 'en' ? s.nameEn : s.nameBg, licensedPlaces: s.capacity, inUse, sessionsThisMonth });
  }
  return { workers, teams, waitingCount, oldestWaitingDays: oldest ? daysBetween(oldest.referralDate, on) : null, services, month };
}

const DeskWorkerRef = builder.objectRef<DeskWorker>('DeskWorker').implement({
  description: 'One staff member’s load: open cases they lead against their FTE, and what is overdue in them.',
  fields: (t) => ({
    membershipId: t.id({ description: 'Their membership (the cases list’s leadWorkerId).', resolve: (w) => encodeId('Membership', w.membershipId) }),
    name: t.exposeString('name'),
    fte: t.exposeFloat('fte', { nullable: true, description: 'Full-time equivalent (null: not recorded).' }),
    openCases: t.exposeInt('openCases', { description: 'Open cases (any stage but closed) they lead.' }),
    overdueAssessments: t.exposeInt('overdueAssessments', { description: 'Needs assessments (ИОП) past their due date.' }),
    overduePlans: t.exposeInt('overduePlans', { description: 'Cases with no support plan (ИПП) in effect past its due date.' }),
    overdueReviews: t.exposeInt('overdueReviews', { description: 'Plans in effect whose review is overdue.' }),
    overdueCases: t.exposeInt('overdueCases', { description: 'Cases with anything overdue (cases(leadWorkerId, overdue: true)).' }),
  }),
});

const DeskTeamRef = builder.objectRef<DeskTeam>('DeskTeam').implement({
  fields: (t) => ({
    teamId: t.id({ resolve: (x) => encodeId('Team', x.teamId) }),
    name: t.exposeString('name'),
    fte: t.exposeFloat('fte', { description: 'The sum of its current members’ FTE.' }),
    members: t.exposeInt('members'),
    openCases: t.exposeInt('openCases', { description: 'Open cases assigned to the team (cases(teamId:)).' }),
  }),
});

const DeskServiceRef = builder.objectRef<DeskService>('DeskService').implement({
  fields: (t) => ({
    serviceId: t.id({ resolve: (x) => encodeId('CenterService', x.serviceId) }),
    name: t.exposeString('name'),
    licensedPlaces: t.exposeInt('licensedPlaces', { nullable: true, description: 'The places the service is licensed for (null: not set).' }),
    inUse: t.exposeInt('inUse', { description: 'Active cases with a contract in force naming the service (cases(serviceId:)).' }),
    sessionsThisMonth: t.exposeInt('sessionsThisMonth', { description: 'Sessions of the service held this calendar month (Sofia): sessions(serviceId, from, to).' }),
  }),
});

const CenterDeskRef = builder.objectRef<Desk>('CenterDesk').implement({
  description: 'The manager’s view of the whole center.',
  fields: (t) => ({
    workers: t.field({ type: [DeskWorkerRef], resolve: (d) => d.workers }),
    teams: t.field({ type: [DeskTeamRef], resolve: (d) => d.teams }),
    waitingCount: t.exposeInt('waitingCount', { description: 'Open cases not yet started (no session), the list: cases(waiting: true), oldest first.' }),
    oldestWaitingDays: t.exposeInt('oldestWaitingDays', { nullable: true }),
    services: t.field({ type: [DeskServiceRef], resolve: (d) => d.services }),
    month: t.expose('month', { type: 'Date' }),
  }),
});

builder.queryField('centerDesk', (t) =>
  t.field({ type: CenterDeskRef, description: 'The active center at a glance (its manager only).', resolve: (_r, _a, ctx) => desk(ctx) }),
);

// Days waiting on a case (the waiting list's column): from the request or referral to today.
builder.prismaObjectFields('Case', (t) => ({
  daysWaiting: t.int({
    nullable: true,
    description: 'Days since the request or referral came in while the case waits to start (null once a session was held or it closed).',
    select: { status: true, firstSessionOn: true, referralDate: true },
    resolve: (c) => (c.status !== 'CLOSED' && !c.firstSessionOn ? daysBetween(c.referralDate, today()) : null),
  }),
}));

definePermissions({
  Query: { centerDesk: isCenterManager },
  CenterDesk: isCenterManager,
  DeskWorker: isCenterManager,
  DeskTeam: isCenterManager,
  DeskService: isCenterManager,
});

