import { z } from 'zod';
import type { CaseStatus, Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { caseIdOfGoal, caseIdOfPlan, isCenterStaff, onCaseTeam, onCaseTeamOf } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, intRange, list, optionalText, pastOrToday, text, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { assertOpen, caseForWrite, referenceId, stageRefusal, staffMembershipIds } from './case-workflow.ts';
import { FrequencyUnitEnum, GoalStatusEnum, ReviewDecisionEnum, ServicePlaceEnum, SupportPlanStatusEnum } from './enums.ts';
import { ParticipationInput, participationList, replaceParticipation } from './participation.ts';
import { addMonths, today } from '@opora/common/calendar';
import { nextReviewOn } from './due-dates.ts';

// The individual support plan (ИПП): goals, planned services, and periodic reviews. The next
// review falls `reviewEveryMonths` after the start, then after each review held. A plan is
// drafted (createSupportPlan) and put into effect (activateSupportPlan) as explicit acts; the
// case stays in SUPPORT_PLAN until the contract for using the service is concluded (contract.ts).
//
// A plan's versions keep their history: revising the plan in effect drafts the next version
// (a copy of its goals and services, reviseSupportPlan); putting it into effect supersedes the
// version before, which stays readable and unchanged (SUPERSEDED, with the dates it was in
// effect). Goals answer assessed needs (an area of a completed assessment of the same case);
// services say how often, where and who is responsible; the person's participation and
// agreement are recorded per version.

export const SupportPlanRef = builder.prismaNode('SupportPlan', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    case: t.relation('case'),
    status: t.expose('status', { type: SupportPlanStatusEnum }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    reviewEveryMonths: t.exposeInt('reviewEveryMonths'),
    nextReviewOn: t.expose('nextReviewOn', { type: 'Date', nullable: true }),
    revisionNumber: t.exposeInt('revisionNumber', { description: 'The version of the case’s plan: 1 for the first, then each revision.' }),
    revisionOf: t.relation('revisionOf', { nullable: true, description: 'The version this one revises.' }),
    effectiveOn: t.expose('effectiveOn', { type: 'Date', nullable: true, description: 'When it was put into effect (unknown for plans from before versions were kept).' }),
    supersededOn: t.expose('supersededOn', { type: 'Date', nullable: true, description: 'When a later version replaced it.' }),
    participants: t.relation('participants', { query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } }),
    reviewOverdue: t.boolean({
      resolve: (p) => p.status === 'ACTIVE' && !!p.nextReviewOn && p.nextReviewOn < today(),
    }),
    goals: t.relation('goals', { query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } }),
    plannedServices: t.relation('plannedServices'),
    reviews: t.relation('reviews', { query: { orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] } }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('SupportPlanGoal', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    position: t.exposeInt('position'),
    description: t.exposeString('description'),
    targetOn: t.expose('targetOn', { type: 'Date', nullable: true }),
    status: t.expose('status', { type: GoalStatusEnum }),
    area: t.relation('areaRating', { nullable: true, description: 'The assessed area (need) this goal answers.' }),
  }),
});

builder.prismaObject('PlannedService', {
  fields: (t) => ({
    service: t.relation('service'),
    sessionsPerMonth: t.exposeInt('sessionsPerMonth', { nullable: true }),
    frequency: t.exposeInt('frequency', { nullable: true, description: 'How many times per `frequencyUnit`.' }),
    frequencyUnit: t.expose('frequencyUnit', { type: FrequencyUnitEnum, nullable: true }),
    place: t.expose('place', { type: ServicePlaceEnum, nullable: true }),
    responsible: t.relation('responsible', { nullable: true, description: 'The staff member responsible.' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

builder.prismaNode('PlanReview', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    plan: t.relation('plan'),
    dueOn: t.expose('dueOn', { type: 'Date' }),
    heldOn: t.expose('heldOn', { type: 'Date', nullable: true }),
    decision: t.expose('decision', { type: ReviewDecisionEnum, nullable: true }),
    summary: t.exposeString('summary', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Case', 'supportPlans', (t) =>
  t.relation('supportPlans', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────
const GoalInput = builder.inputType('SupportPlanGoalInput', {
  fields: (t) => ({
    description: t.string({ validate: text(1000) }),
    targetOn: t.field({ type: 'Date', required: false }),
    areaId: t.id({ required: false, description: 'The assessed area (AssessmentAreaRating of a completed assessment of the case) this goal answers.' }),
    status: t.field({ type: GoalStatusEnum, required: false, description: 'OPEN by default.' }),
  }),
});

const PlannedServiceInput = builder.inputType('PlannedServiceInput', {
  fields: (t) => ({
    serviceId: t.id({ description: 'A service of the center.' }),
    sessionsPerMonth: t.int({ required: false, validate: intRange(0, 100).nullish(), description: 'Kept for earlier callers: the same as frequency per MONTH.' }),
    frequency: t.int({ required: false, validate: intRange(1, 100).nullish() }),
    frequencyUnit: t.field({ type: FrequencyUnitEnum, required: false }),
    place: t.field({ type: ServicePlaceEnum, required: false }),
    responsibleId: t.id({ required: false, description: 'A staff membership of the center.' }),
    note: t.string({ required: false, validate: optionalText(1000) }),
  }),
  validate: z
    .looseObject({ frequency: z.number().nullish(), frequencyUnit: z.string().nullish() })
    .refine((v) => (v.frequency == null) === (v.frequencyUnit == null), { message: 'frequencyIncomplete', path: ['frequency'] }),
});

const dates = z
  .looseObject({ startsOn: z.date().nullish(), endsOn: z.date().nullish() })
  .refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, { message: 'endBeforeStart', path: ['endsOn'] });

const SupportPlanInput = builder.inputType('SupportPlanInput', {
  fields: (t) => ({
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date', required: false }),
    reviewEveryMonths: t.int({ required: false, description: '3 by default.', validate: intRange(1, 12).nullish() }),
    goals: t.field({ type: [GoalInput], validate: list(z.unknown(), 30, 1) }),
    plannedServices: t.field({ type: [PlannedServiceInput], required: false, validate: list(z.unknown(), 30).nullish() }),
    participants: t.field({ type: [ParticipationInput], required: false, validate: participationList }),
  }),
  validate: dates,
});

const SupportPlanUpdateInput = builder.inputType('SupportPlanUpdateInput', {
  description:
    'Fields left out stay as they are; `plannedServices` and `participants` replace their lists; `goals` replaces the goals of a DRAFT (a plan in effect changes its goals by a revision); `addGoals` appends goals.',
  fields: (t) => ({
    startsOn: t.field({ type: 'Date', required: false }),
    endsOn: t.field({ type: 'Date', required: false }),
    reviewEveryMonths: t.int({ required: false, validate: intRange(1, 12).nullish() }),
    addGoals: t.field({ type: [GoalInput], required: false, validate: list(z.unknown(), 30).nullish() }),
    goals: t.field({ type: [GoalInput], required: false, validate: list(z.unknown(), 30, 1).nullish() }),
    plannedServices: t.field({ type: [PlannedServiceInput], required: false, validate: list(z.unknown(), 30).nullish() }),
    participants: t.field({ type: [ParticipationInput], required: false, validate: participationList }),
  }),
  validate: dates,
});

type PlannedServiceShape = typeof PlannedServiceInput.$inferInput;
type GoalShape = typeof GoalInput.$inferInput;

const CreateSupportPlanPayload = builder.objectRef<{ planId: string; replayed: boolean }>('CreateSupportPlanPayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    supportPlan: t.prismaField({
      type: 'SupportPlan',
      resolve: (query, payload, _a, ctx) => ctx.db.supportPlan.findUniqueOrThrow({ ...query, where: { id: payload.planId } }),
    }),
  }),
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────
/** Sessions a month from a frequency (a week is 52/12 of a month), for earlier readers. */
const perMonth = (frequency: number, unit: 'WEEK' | 'MONTH') => (unit === 'MONTH' ? frequency : Math.round((frequency * 52) / 12));

async function plannedServiceRows(ctx: Context, centerId: string, planId: string, input: readonly PlannedServiceShape[], path: string) {
  const rows: Prisma.PlannedServiceCreateManyInput[] = [];
  for (const [i, s] of input.entries()) {
    const serviceId = await referenceId(ctx, ctx.db.centerService, s.serviceId, 'CenterService', `${path}.${i}.serviceId`);
    const [responsibleId] = s.responsibleId ? await staffMembershipIds(ctx, [s.responsibleId], `${path}.${i}.responsibleId`) : [null];
    // An earlier caller's "sessions a month" is a frequency per month.
    const frequency = s.frequency ?? (s.sessionsPerMonth ? s.sessionsPerMonth : null);
    const frequencyUnit = s.frequency ? s.frequencyUnit! : s.sessionsPerMonth ? 'MONTH' : null;
    rows.push({
      centerId,
      planId,
      serviceId,
      frequency,
      frequencyUnit,
      sessionsPerMonth: frequency && frequencyUnit ? perMonth(frequency, frequencyUnit) : (s.sessionsPerMonth ?? null),
      place: s.place ?? null,
      responsibleId: responsibleId ?? null,
      note: s.note ?? null,
    });
  }
  return rows;
}

/**
 * The goals' rows. A goal tied to an assessed area must name an area of a completed assessment
 * of the plan's own case (another case's, or another center's, is refused alike).
 */
async function goalRows(ctx: Context, centerId: string, plan: { id: string; caseId: string }, goals: readonly GoalShape[], path: string, from = 0) {
  const rows: Prisma.SupportPlanGoalCreateManyInput[] = [];
  for (const [i, g] of goals.entries()) {
    let areaRatingId: string | null = null;
    if (g.areaId) {
      const id = idOf(g.areaId, 'AssessmentAreaRating');
      const area = id ? await ctx.db.assessmentAreaRating.findUnique({ where: { id }, select: { id: true, assessment: { select: { caseId: true, completedOn: true } } } }) : null;
      if (!area || area.assessment.caseId !== plan.caseId || !area.assessment.completedOn) {
        throw invalidFields(ctx.locale, [{ path: `${path}.${i}.areaId`, messageKey: 'goalAreaNotAssessed' }]);
      }
      areaRatingId = area.id;
    }
    rows.push({ centerId, planId: plan.id, position: from + i, description: g.description, targetOn: g.targetOn ?? null, status: g.status ?? 'OPEN', areaRatingId });
  }
  return rows;
}

/** A superseded or ended version stays as it was: it is read, never changed. */
function assertPlanEditable(ctx: Context, plan: { status: string; case: { status: CaseStatus } }) {
  if (plan.status === 'SUPERSEDED' || plan.status === 'ENDED') throw stageRefusal(ctx.locale, 'planNotEditable', plan.case.status);
}

/** The next version number of the case's plan, and the version in effect it revises (if any). */
async function nextRevision(ctx: Context, caseId: string) {
  const [latest, active] = await Promise.all([
    ctx.db.supportPlan.findFirst({ where: { caseId }, orderBy: { revisionNumber: 'desc' }, select: { revisionNumber: true } }),
    ctx.db.supportPlan.findFirst({ where: { caseId, status: 'ACTIVE' }, orderBy: { createdAt: 'desc' }, select: { id: true } }),
  ]);
  return { revisionNumber: (latest?.revisionNumber ?? 0) + 1, revisionOfId: active?.id ?? null };
}

async function planForWrite(ctx: Context, globalId: string) {
  const id = idOf(globalId, 'SupportPlan');
  const plan = id ? await ctx.db.supportPlan.findUnique({ where: { id }, include: { case: { select: { id: true, centerId: true, status: true } } } }) : null;
  if (!plan) throw notFound(ctx.locale);
  return plan;
}

// ── Mutations ───────────────────────────────────────────────────────────────────────────
builder.mutationFields((t) => ({
  createSupportPlan: t.field({
    type: CreateSupportPlanPayload,
    description:
      'A DRAFT support plan for a case in SUPPORT_PLAN (after the completed assessment) or ACTIVE (a revision). activateSupportPlan puts it into effect. Any other stage: INVALID_TRANSITION.',
    args: {
      caseId: t.arg.id(),
      input: t.arg({ type: SupportPlanInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'createSupportPlan', args.idempotencyKey, { caseId: args.caseId, input: args.input }, async () => {
        const c = await caseForWrite(ctx, args.caseId);
        assertOpen(ctx, c);
        if (c.status !== 'SUPPORT_PLAN' && c.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'planNeedsCaseStage', c.status);
        const { input } = args;
        if (input.startsOn < c.referralDate) throw invalidFields(ctx.locale, [{ path: 'input.startsOn', messageKey: 'dateBeforeReferral' }]);
        const months = input.reviewEveryMonths ?? 3;
        // Drafted beside a plan in effect (case ACTIVE), it is that plan's next version.
        const revision = await nextRevision(ctx, c.id);
        const plan = await ctx.db.supportPlan.create({
          data: {
            centerId,
            caseId: c.id,
            status: 'DRAFT',
            ...revision,
            startsOn: input.startsOn,
            endsOn: input.endsOn ?? null,
            reviewEveryMonths: months,
            nextReviewOn: nextReviewOn(input.startsOn, months),
          },
          select: { id: true },
        });
        await ctx.db.supportPlanGoal.createMany({ data: await goalRows(ctx, centerId, { id: plan.id, caseId: c.id }, input.goals, 'input.goals') });
        const services = await plannedServiceRows(ctx, centerId, plan.id, input.plannedServices ?? [], 'input.plannedServices');
        if (services.length) await ctx.db.plannedService.createMany({ data: services });
        if (input.participants?.length) await replaceParticipation(ctx, centerId, { planId: plan.id }, input.participants);
        ctx.audit.record('CREATE', 'SupportPlan', plan.id, { caseId: c.id });
        return plan;
      });
      return { planId: result.id, replayed: result.replayed };
    },
  }),

  updateSupportPlan: t.prismaField({
    type: 'SupportPlan',
    description: 'Edit a support plan. A stale `version` gives CONFLICT with the current record. The next review is recomputed.',
    args: { id: t.arg.id(), version: t.arg.int({ validate: version }), input: t.arg({ type: SupportPlanUpdateInput }) },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const plan = await planForWrite(ctx, args.id);
      assertOpen(ctx, plan.case);
      assertPlanEditable(ctx, plan);
      const { input } = args;
      if (input.goals && plan.status !== 'DRAFT') throw stageRefusal(ctx.locale, 'planGoalsInEffect', plan.case.status);
      const startsOn = input.startsOn ?? plan.startsOn;
      const endsOn = input.endsOn === undefined ? plan.endsOn : input.endsOn;
      if (endsOn && endsOn < startsOn) throw invalidFields(ctx.locale, [{ path: 'input.endsOn', messageKey: 'endBeforeStart' }]);
      const months = input.reviewEveryMonths ?? plan.reviewEveryMonths;
      const lastHeld = await ctx.db.planReview.findFirst({ where: { planId: plan.id, heldOn: { not: null } }, orderBy: { heldOn: 'desc' } });
      const data = {
        startsOn,
        endsOn,
        reviewEveryMonths: months,
        nextReviewOn: nextReviewOn(lastHeld?.heldOn ?? startsOn, months),
      };
      const services = input.plannedServices ? await plannedServiceRows(ctx, centerId, plan.id, input.plannedServices, 'input.plannedServices') : null;
      const goals = input.goals ? await goalRows(ctx, centerId, plan, input.goals, 'input.goals') : null;
      await updateAtVersion(ctx, 'SupportPlan', ctx.db.supportPlan as never, plan.id, args.version, data);
      if (services) {
        await ctx.db.plannedService.deleteMany({ where: { planId: plan.id } });
        if (services.length) await ctx.db.plannedService.createMany({ data: services });
      }
      if (goals) {
        await ctx.db.supportPlanGoal.deleteMany({ where: { planId: plan.id } });
        await ctx.db.supportPlanGoal.createMany({ data: goals });
      }
      if (input.addGoals?.length) {
        const count = await ctx.db.supportPlanGoal.count({ where: { planId: plan.id } });
        await ctx.db.supportPlanGoal.createMany({ data: await goalRows(ctx, centerId, plan, input.addGoals, 'input.addGoals', count) });
      }
      if (input.participants) await replaceParticipation(ctx, centerId, { planId: plan.id }, input.participants);
      ctx.audit.record('UPDATE', 'SupportPlan', plan.id);
      return ctx.db.supportPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
    },
  }),

  activateSupportPlan: t.prismaField({
    type: 'SupportPlan',
    description:
      'Puts a DRAFT plan into effect (the case stays in SUPPORT_PLAN until concludeContract signs the contract); a revision (case ACTIVE) replaces the plan in effect, which is SUPERSEDED and stays readable. The only way a plan comes into effect.',
    args: { id: t.arg.id(), version: t.arg.int({ validate: version }) },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const plan = await planForWrite(ctx, args.id);
      assertOpen(ctx, plan.case);
      if (plan.status !== 'DRAFT') throw stageRefusal(ctx.locale, 'planNotDraft', plan.case.status);
      if (plan.case.status !== 'SUPPORT_PLAN' && plan.case.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'planNeedsCaseStage', plan.case.status);
      await updateAtVersion(ctx, 'SupportPlan', ctx.db.supportPlan as never, plan.id, args.version, { status: 'ACTIVE', effectiveOn: today() });
      // The version in effect until now is kept as it was, marked replaced.
      const others = await ctx.db.supportPlan.findMany({ where: { caseId: plan.caseId, status: 'ACTIVE', id: { not: plan.id } }, select: { id: true } });
      if (others.length) {
        await ctx.db.supportPlan.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { status: 'SUPERSEDED', supersededOn: today(), version: { increment: 1 } } });
        for (const o of others) ctx.audit.record('UPDATE', 'SupportPlan', o.id, { status: 'SUPERSEDED' });
      }
      ctx.audit.record('UPDATE', 'SupportPlan', plan.id, { status: 'ACTIVE' });
      return ctx.db.supportPlan.findUniqueOrThrow({ ...query, where: { id: plan.id } });
    },
  }),

  reviseSupportPlan: t.field({
    type: CreateSupportPlanPayload,
    description:
      'Drafts the next version of the plan in effect: a DRAFT copying its goals (with their needs and statuses), services, dates and review interval, starting today. The participants agree anew. activateSupportPlan puts it into effect and supersedes the version before. Refused (INVALID_TRANSITION) unless the plan is in effect and the case has no draft.',
    args: { id: t.arg.id({ description: 'The plan in effect.' }), idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }) },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'reviseSupportPlan', args.idempotencyKey, { id: args.id }, async () => {
        const plan = await planForWrite(ctx, args.id);
        assertOpen(ctx, plan.case);
        if (plan.status !== 'ACTIVE' || plan.case.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'planRevisionNeedsActive', plan.case.status);
        if (await ctx.db.supportPlan.count({ where: { caseId: plan.caseId, status: 'DRAFT' } })) throw stageRefusal(ctx.locale, 'planDraftExists', plan.case.status);
        const revision = await nextRevision(ctx, plan.caseId);
        const startsOn = today();
        const draft = await ctx.db.supportPlan.create({
          data: {
            centerId,
            caseId: plan.caseId,
            status: 'DRAFT',
            ...revision,
            startsOn,
            endsOn: plan.endsOn && plan.endsOn >= startsOn ? plan.endsOn : null,
            reviewEveryMonths: plan.reviewEveryMonths,
            nextReviewOn: addMonths(startsOn, plan.reviewEveryMonths),
          },
          select: { id: true },
        });
        const [goals, services] = await Promise.all([
          ctx.db.supportPlanGoal.findMany({ where: { planId: plan.id }, orderBy: [{ position: 'asc' }, { id: 'asc' }] }),
          ctx.db.plannedService.findMany({ where: { planId: plan.id }, orderBy: { id: 'asc' } }),
        ]);
        if (goals.length) {
          await ctx.db.supportPlanGoal.createMany({
            data: goals.map((g, position) => ({ centerId, planId: draft.id, position, description: g.description, targetOn: g.targetOn, status: g.status, areaRatingId: g.areaRatingId })),
          });
        }
        if (services.length) {
          await ctx.db.plannedService.createMany({
            data: services.map(({ id: _id, planId: _p, ...s }) => ({ ...s, planId: draft.id })),
          });
        }
        ctx.audit.record('CREATE', 'SupportPlan', draft.id, { caseId: plan.caseId, revisionOf: plan.id });
        return draft;
      });
      return { planId: result.id, replayed: result.replayed };
    },
  }),

  setSupportPlanGoalStatus: t.prismaField({
    type: 'SupportPlanGoal',
    args: { id: t.arg.id(), status: t.arg({ type: GoalStatusEnum }) },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const id = idOf(args.id, 'SupportPlanGoal');
      const goal = id ? await ctx.db.supportPlanGoal.findUnique({ where: { id }, include: { plan: { select: { status: true, case: { select: { status: true } } } } } }) : null;
      if (!goal) throw notFound(ctx.locale);
      assertOpen(ctx, goal.plan.case);
      if (goal.plan.status === 'SUPERSEDED') throw stageRefusal(ctx.locale, 'planNotEditable', goal.plan.case.status);
      await ctx.db.supportPlanGoal.update({ where: { id: goal.id }, data: { status: args.status } });
      ctx.audit.record('UPDATE', 'SupportPlanGoal', goal.id, { status: args.status });
      return ctx.db.supportPlanGoal.findUniqueOrThrow({ ...query, where: { id: goal.id } });
    },
  }),

  recordPlanReview: t.prismaField({
    type: 'PlanReview',
    description:
      'A periodic review held on an active plan; the next review falls `reviewEveryMonths` after it. CLOSE_CASE records the decision only: close the case with closeCase.',
    args: {
      planId: t.arg.id(),
      heldOn: t.arg({ type: 'Date', validate: pastOrToday }),
      decision: t.arg({ type: ReviewDecisionEnum }),
      summary: t.arg.string({ required: false, validate: optionalText(10_000) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const plan = await planForWrite(ctx, args.planId);
      assertOpen(ctx, plan.case);
      if (plan.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'planNotActive', plan.case.status);
      // A review already scheduled (due, not held) is the one held now.
      const held = { heldOn: args.heldOn, decision: args.decision, summary: args.summary ?? null };
      const pending = await ctx.db.planReview.findFirst({ where: { planId: plan.id, heldOn: null }, orderBy: { dueOn: 'asc' }, select: { id: true } });
      const review = pending
        ? await ctx.db.planReview.update({ where: { id: pending.id }, data: held, select: { id: true } })
        : await ctx.db.planReview.create({ data: { centerId, planId: plan.id, dueOn: plan.nextReviewOn ?? args.heldOn, ...held }, select: { id: true } });
      await ctx.db.supportPlan.update({
        where: { id: plan.id },
        data: { nextReviewOn: nextReviewOn(args.heldOn, plan.reviewEveryMonths), version: { increment: 1 } },
      });
      ctx.audit.record(pending ? 'UPDATE' : 'CREATE', 'PlanReview', review.id, { planId: plan.id, decision: args.decision });
      ctx.audit.record('UPDATE', 'SupportPlan', plan.id);
      return ctx.db.planReview.findUniqueOrThrow({ ...query, where: { id: review.id } });
    },
  }),
}));

definePermissions({
  Mutation: {
    createSupportPlan: onCaseTeam((args) => args.caseId),
    updateSupportPlan: onCaseTeamOf(caseIdOfPlan('id')),
    activateSupportPlan: onCaseTeamOf(caseIdOfPlan('id')),
    reviseSupportPlan: onCaseTeamOf(caseIdOfPlan('id')),
    setSupportPlanGoalStatus: onCaseTeamOf(caseIdOfGoal),
    recordPlanReview: onCaseTeamOf(caseIdOfPlan('planId')),
  },
  SupportPlan: isCenterStaff,
  SupportPlanGoal: isCenterStaff,
  PlannedService: isCenterStaff,
  PlanReview: isCenterStaff,
  CreateSupportPlanPayload: isCenterStaff,
});
