import { overdueCases, planningDaysOf, usingService, WAITING } from './center-desk.ts';
import { z } from 'zod';
import type { CaseStatus, Prisma } from '@opora/prisma/client';
import { toSearchName } from '@opora/prisma/search-name';
import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterStaff } from '../permissions/rules.ts';
import { idOf } from '../support/global-id.ts';
import { requireCenter } from '../support/viewer.ts';
import { AssessmentRef } from './assessment.ts';
import { CaseRef } from './case.ts';
import { today } from '@opora/common/calendar';
import { CaseStatusEnum } from './enums.ts';
import { SupportPlanRef } from './support-plan.ts';
import { findPage, pageTotal } from '../support/pages.ts';
import type { Context } from '../context.ts';
import { CONTRACT_ENDING_SOON_DAYS, contractsEndingWhere, overduePlanCases, overdueReviewPlans } from './due-dates.ts';
import { ContractRef } from './contract.ts';

// Caseload views: my cases, my teams' cases, the whole center's, what is overdue, and the
// contracts whose term ends soon or has passed.
// Each is one connection with totalCount; nested child, lead worker and target groups are
// loaded by Prisma in a fixed number of statements whatever the page size.

const NOWHERE = '00000000-0000-0000-0000-000000000000';

/** A named connection with totalCount, shared by every query that lists the type. */
function connectionOf<T extends typeof CaseRef | typeof AssessmentRef | typeof SupportPlanRef | typeof ContractRef>(type: T, name: string) {
  return builder.connectionObject(
    {
      type,
      name: `${name}Connection`,
      fields: (t) => ({
        totalCount: t.int({
          extensions: { pothosPrismaTotalCount: true },
          resolve: (conn) => (typeof conn.totalCount === 'function' ? conn.totalCount() : conn.totalCount),
        }),
      }),
    },
    { name: `${name}Edge` },
  );
}

const CaseConnection = connectionOf(CaseRef, 'Case');
const AssessmentConnection = connectionOf(AssessmentRef, 'Assessment');
const SupportPlanConnection = connectionOf(SupportPlanRef, 'SupportPlan');
const ContractConnection = connectionOf(ContractRef, 'Contract');

const CASE_ORDER: Prisma.CaseOrderByWithRelationInput[] = [{ referralDate: 'desc' }, { id: 'desc' }];

function statusFilter(status: readonly CaseStatus[] | null | undefined): Prisma.CaseWhereInput {
  return status?.length ? { status: { in: [...status] } } : {};
}

builder.queryFields((t) => {
  const statusArg = () =>
    t.arg({ type: [CaseStatusEnum], required: false, description: 'One status or several; all when left out.' });

  return {
    myCases: t.prismaConnection(
      {
        type: 'Case',
        cursor: 'id',
        description: 'Cases where the viewer is the lead worker or on the case team.',
        args: { status: statusArg() },
        totalCount: (_c, args, ctx) => pageTotal(args, () => ctx.db.case.count({ where: myCases(ctx.viewer?.membership?.id ?? NOWHERE, args.status) })),
        resolve: (query, _root, args, ctx, info) => {
          const { membershipId } = requireCenter(ctx);
          return findPage((a) => ctx.db.case.findMany(a), query, myCases(membershipId, args.status), CASE_ORDER, { args, info });
        },
      },
      CaseConnection,
    ),

    teamCases: t.prismaConnection(
      {
        type: 'Case',
        cursor: 'id',
        description: 'Cases of the teams the viewer belongs to.',
        args: { status: statusArg() },
        totalCount: (_c, args, ctx) => pageTotal(args, () => ctx.db.case.count({ where: teamCases(ctx.viewer?.membership?.id ?? NOWHERE, args.status) })),
        resolve: (query, _root, args, ctx, info) => {
          const { membershipId } = requireCenter(ctx);
          return findPage((a) => ctx.db.case.findMany(a), query, teamCases(membershipId, args.status), CASE_ORDER, { args, info });
        },
      },
      CaseConnection,
    ),

    cases: t.prismaConnection(
      {
        type: 'Case',
        cursor: 'id',
        description: 'The center’s cases, newest referral first; search by case number or the main person’s name (Cyrillic or Latin).',
        args: {
          status: statusArg(),
          search: t.arg.string({ required: false, validate: z.string().max(100, 'tooLong|max=100').nullish() }),
          leadWorkerId: t.arg.id({ required: false }),
          // The manager's desk's figures lead here (center-desk.ts has each filter).
          teamId: t.arg.id({ required: false, description: 'Cases assigned to this team.' }),
          serviceId: t.arg.id({ required: false, description: 'Active cases with a contract in force naming this service.' }),
          waiting: t.arg.boolean({ required: false, description: 'Open cases not yet started (no session), the longest waiting first.' }),
          overdue: t.arg.boolean({ required: false, description: 'Open cases with an overdue needs assessment, support plan or plan review.' }),
        },
        totalCount: (_c, args, ctx) => pageTotal(args, async () => ctx.db.case.count({ where: await deskFilter(ctx, args) })),
        resolve: async (query, _root, args, ctx, info) => {
          requireCenter(ctx);
          return findPage((a) => ctx.db.case.findMany(a), query, await deskFilter(ctx, args), args.waiting ? WAITING_ORDER : CASE_ORDER, { args, info });
        },
      },
      CaseConnection,
    ),

    overdueAssessments: t.prismaConnection(
      {
        type: 'Assessment',
        cursor: 'id',
        description: 'Needs assessments of open cases not completed by their due date, the oldest first.',
        totalCount: (_c, _a, ctx) => ctx.db.assessment.count({ where: overdueAssessments() }),
        resolve: (query, _root, _args, ctx) => {
          requireCenter(ctx);
          return findPage((a) => ctx.db.assessment.findMany(a), query, overdueAssessments(), [{ dueOn: 'asc' }, { id: 'asc' }]);
        },
      },
      AssessmentConnection,
    ),

    overduePlans: t.prismaConnection(
      {
        type: 'Case',
        cursor: 'id',
        description:
          'Open cases with no support plan (ИПП) in effect past the plan’s due date: the center’s planning days after the request, or the referral (due-dates.ts); the oldest first.',
        totalCount: async (_c, _a, ctx) => ctx.db.case.count({ where: await overduePlans(ctx) }),
        resolve: async (query, _root, _args, ctx) =>
          findPage((a) => ctx.db.case.findMany(a), query, await overduePlans(ctx), [{ referralDate: 'asc' }, { id: 'asc' }]),
      },
      CaseConnection,
    ),

    overduePlanReviews: t.prismaConnection(
      {
        type: 'SupportPlan',
        cursor: 'id',
        description: 'Active support plans whose next review date has passed with no review held since.',
        totalCount: (_c, _a, ctx) => ctx.db.supportPlan.count({ where: overduePlanReviews() }),
        resolve: (query, _root, _args, ctx) => {
          requireCenter(ctx);
          return findPage((a) => ctx.db.supportPlan.findMany(a), query, overduePlanReviews(), [{ nextReviewOn: 'asc' }, { id: 'asc' }]);
        },
      },
      SupportPlanConnection,
    ),

    contractsEnding: t.prismaConnection(
      {
        type: 'Contract',
        cursor: 'id',
        description: `Contracts in force of open cases whose term has passed (not recorded as extended or ended) or ends within ${CONTRACT_ENDING_SOON_DAYS} days (due-dates.ts, \`contractEndsOn\`): the earliest end first. Extend or end each in time.`,
        totalCount: (_c, _a, ctx) => ctx.db.contract.count({ where: contractsEndingWhere(today()) }),
        resolve: (query, _root, _args, ctx) => {
          requireCenter(ctx);
          return findPage((a) => ctx.db.contract.findMany(a), query, contractsEndingWhere(today()), [{ endsOn: 'asc' }, { id: 'asc' }]);
        },
      },
      ContractConnection,
    ),
  };
});

function myCases(membershipId: string, status?: readonly CaseStatus[] | null): Prisma.CaseWhereInput {
  return { ...statusFilter(status), OR: [{ leadWorkerId: membershipId }, { teamMembers: { some: { membershipId } } }] };
}

function teamCases(membershipId: string, status?: readonly CaseStatus[] | null): Prisma.CaseWhereInput {
  return { ...statusFilter(status), team: { members: { some: { membershipId } } } };
}

type DeskArgs = { teamId?: string | null; serviceId?: string | null; waiting?: boolean | null; overdue?: boolean | null };
const WAITING_ORDER: Prisma.CaseOrderByWithRelationInput[] = [{ referralDate: 'asc' }, { id: 'asc' }];

async function deskFilter(ctx: Context, args: Parameters<typeof centerCases>[0] & DeskArgs): Promise<Prisma.CaseWhereInput> {
  const and: Prisma.CaseWhereInput[] = [centerCases(args)];
  if (args.teamId) and.push({ teamId: idOf(args.teamId, 'Team') ?? NOWHERE });
  if (args.serviceId) and.push(usingService(idOf(args.serviceId, 'CenterService') ?? NOWHERE));
  if (args.waiting) and.push(WAITING);
  if (args.overdue) and.push(overdueCases(await planningDaysOf(ctx)));
  return and.length === 1 ? and[0]! : { AND: and };
}

function centerCases(args: { status?: readonly CaseStatus[] | null; search?: string | null; leadWorkerId?: string | null }): Prisma.CaseWhereInput {
  const words = args.search ? toSearchName(args.search).split(' ').filter(Boolean).slice(0, 5) : [];
  const number = args.search?.trim();
  // Another center's (or a malformed) id matches nothing, like an id that does not exist.
  const leadWorkerId = args.leadWorkerId ? (idOf(args.leadWorkerId, 'Membership') ?? NOWHERE) : undefined;
  return {
    ...statusFilter(args.status),
    ...(leadWorkerId ? { leadWorkerId } : {}),
    ...(number
      ? { OR: [{ number: { contains: number, mode: 'insensitive' } }, ...(words.length ? [{ person: { AND: words.map((w) => ({ searchName: { contains: w } })) } }] : [])] }
      : {}),
  };
}

// The due dates come from one place (due-dates.ts). An assessment's date is set by that rule
// when it is created.
const overdueAssessments = (): Prisma.AssessmentWhereInput => ({
  completedOn: null,
  supersededAt: null,
  dueOn: { lt: today() },
  case: { status: { not: 'CLOSED' } },
});

// Reviews held advance nextReviewOn, so a past nextReviewOn means none was held since it fell due.
const overduePlanReviews = (): Prisma.SupportPlanWhereInput => overdueReviewPlans(today());

async function overduePlans(ctx: Context): Promise<Prisma.CaseWhereInput> {
  const { centerId } = requireCenter(ctx);
  const { planningDays } = await ctx.db.center.findUniqueOrThrow({ where: { id: centerId }, select: { planningDays: true } });
  return overduePlanCases(planningDays, today());
}

definePermissions({
  Query: {
    myCases: isCenterStaff,
    teamCases: isCenterStaff,
    cases: isCenterStaff,
    overdueAssessments: isCenterStaff,
    overduePlans: isCenterStaff,
    overduePlanReviews: isCenterStaff,
    contractsEnding: isCenterStaff,
  },
});
