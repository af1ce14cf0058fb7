import { z } from 'zod';
import type { AssessmentArea, NeedRating } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { caseIdOfAssessment, isCenterStaff, onCaseTeam, onCaseTeamOf } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { list, optionalText, pastOrToday, text, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { ASSESSMENT_AREAS, areasFor, ratingChange, sideOf } from '@opora/common/assessment';
import { AssessmentAreaEnum, AssessmentChangeEnum, AssessmentSideEnum, NeedRatingEnum } from './enums.ts';
import { ParticipationInput, participationList, replaceParticipation } from './participation.ts';
import {
  ASSESSMENT_DAYS,
  assertOpen,
  caseForWrite,
  deliveryHalted,
  ensureAssessment,
  OPEN_ASSESSMENT,
  recordMove,
  staffMembershipIds,
  stageRefusal,
} from './case-workflow.ts';
import { today } from '@opora/common/calendar';
import { reassessmentDueOn } from './due-dates.ts';

// The individual needs assessment (ИОП): due 20 days after the referral unless set per call.
// Starting it moves a referred case to ASSESSMENT; completing it moves the case to SUPPORT_PLAN.
// An active case is reassessed (started and completed, the stage stays). A case has at most one
// open assessment.
//
// It is structured as the assessment framework of Bulgarian child protection
// (@opora/common/assessment): every area of the three sides that applies to the person is rated
// on one scale with notes; risks, strengths, sources consulted and the participation of the
// child and the parents are recorded. It completes only with every area rated. A reassessment
// shows, per area, the change against the previous completed assessment of the case.

const areaOrder = (area: AssessmentArea) => ASSESSMENT_AREAS.findIndex((a) => a.area === area);

/** The kind of the case's main person (CHILD or ADULT): which areas are assessed. */
async function personKindOfCase(ctx: Context, caseId: string): Promise<string> {
  const c = await ctx.db.case.findUnique({ where: { id: caseId }, select: { person: { select: { kind: true } } } });
  return c?.person.kind ?? 'CHILD';
}

type AssessmentRow = { id: string; caseId: string; completedOn: Date | null; createdAt: Date };

/**
 * The completed assessment this one is compared with: the latest completed before it (for a
 * completed one, by completion date; for an open one, the latest completed).
 */
export async function previousAssessment(ctx: Context, a: AssessmentRow) {
  return ctx.db.assessment.findFirst({
    where: {
      caseId: a.caseId,
      id: { not: a.id },
      completedOn: a.completedOn ? { not: null, lte: a.completedOn } : { not: null },
      ...(a.completedOn ? { createdAt: { lt: a.createdAt } } : {}),
    },
    orderBy: [{ completedOn: 'desc' }, { createdAt: 'desc' }],
  });
}

export const AssessmentAreaRatingRef = builder.prismaNode('AssessmentAreaRating', {
  id: { field: 'id' },
  nullable: true,
  description: 'One assessed area of a needs assessment: its rating (null until rated) and notes.',
  fields: (t) => ({
    assessment: t.relation('assessment'),
    area: t.expose('area', { type: AssessmentAreaEnum }),
    side: t.field({ type: AssessmentSideEnum, resolve: (r) => sideOf(r.area) }),
    rating: t.expose('rating', { type: NeedRatingEnum, nullable: true }),
    notes: t.exposeString('notes', { nullable: true }),
  }),
});

type AreaChange = { area: AssessmentArea; previousRating: NeedRating | null; rating: NeedRating | null };

const AssessmentAreaChange = builder.objectRef<AreaChange>('AssessmentAreaChange').implement({
  description: 'An area of a reassessment against the previous completed assessment of the case.',
  fields: (t) => ({
    area: t.field({ type: AssessmentAreaEnum, resolve: (c) => c.area }),
    side: t.field({ type: AssessmentSideEnum, resolve: (c) => sideOf(c.area) }),
    previousRating: t.field({ type: NeedRatingEnum, nullable: true, resolve: (c) => c.previousRating }),
    rating: t.field({ type: NeedRatingEnum, nullable: true, resolve: (c) => c.rating }),
    change: t.field({
      type: AssessmentChangeEnum,
      nullable: true,
      description: 'Better (less need), the same or worse; null where either assessment did not rate the area.',
      resolve: (c) => ratingChange(c.previousRating, c.rating),
    }),
  }),
});

export const AssessmentRef = builder.prismaNode('Assessment', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    case: t.relation('case'),
    assessor: t.relation('assessor', { nullable: true }),
    dueOn: t.expose('dueOn', { type: 'Date' }),
    startedOn: t.expose('startedOn', { type: 'Date', nullable: true }),
    completedOn: t.expose('completedOn', { type: 'Date', nullable: true }),
    superseded: t.boolean({ description: 'Replaced by a newer assessment before it was completed; no longer due.', resolve: (a) => a.supersededAt !== null }),
    summary: t.exposeString('summary', { nullable: true, description: 'The overall conclusion.' }),
    areas: t.relation('areas', {
      description: 'The areas recorded so far, in the framework’s order (every area to rate once completed; none for an assessment made before areas were rated).',
      resolve: async (query, a, _args, ctx) => {
        const rows = await ctx.db.assessmentAreaRating.findMany({ ...query, where: { assessmentId: a.id } });
        return rows.sort((x, y) => areaOrder(x.area) - areaOrder(y.area));
      },
    }),
    areasToRate: t.field({
      type: [AssessmentAreaEnum],
      description: 'The areas assessed for the case’s main person (a child: all; an adult: those that apply).',
      resolve: async (a, _args, ctx) => areasFor(await personKindOfCase(ctx, a.caseId)) as AssessmentArea[],
    }),
    risks: t.exposeStringList('risks'),
    strengths: t.exposeStringList('strengths'),
    sources: t.exposeStringList('sources', { description: 'Who was consulted and which documents were read.' }),
    participants: t.relation('participants', { query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } }),
    previous: t.prismaField({
      type: 'Assessment',
      nullable: true,
      description: 'The previous completed assessment of the case (a reassessment is compared with it).',
      resolve: (query, a, _args, ctx) => previousAssessment(ctx, a).then((p) => (p ? ctx.db.assessment.findUnique({ ...query, where: { id: p.id } }) : null)),
    }),
    changes: t.field({
      type: [AssessmentAreaChange],
      description: 'Per area, the rating against the previous completed assessment; empty for a first assessment.',
      resolve: async (a, _args, ctx) => {
        const previous = await previousAssessment(ctx, a);
        if (!previous) return [];
        const [before, now] = await Promise.all([
          ctx.db.assessmentAreaRating.findMany({ where: { assessmentId: previous.id } }),
          ctx.db.assessmentAreaRating.findMany({ where: { assessmentId: a.id } }),
        ]);
        const was = new Map(before.map((r) => [r.area, r.rating]));
        const is = new Map(now.map((r) => [r.area, r.rating]));
        const areas = areasFor(await personKindOfCase(ctx, a.caseId)) as AssessmentArea[];
        return areas.map((area) => ({ area, previousRating: was.get(area) ?? null, rating: is.get(area) ?? null }));
      },
    }),
    overdue: t.boolean({ description: 'Not completed and past its due date.', resolve: (a) => !a.completedOn && !a.supersededAt && a.dueOn < today() }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Case', 'assessments', (t) =>
  t.relation('assessments', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

// ── Inputs ──────────────────────────────────────────────────────────────────────────────
const AssessmentAreaInput = builder.inputType('AssessmentAreaInput', {
  fields: (t) => ({
    area: t.field({ type: AssessmentAreaEnum }),
    rating: t.field({ type: NeedRatingEnum, required: false, description: 'Null or left out: not rated yet.' }),
    notes: t.string({ required: false, validate: optionalText(4000) }),
  }),
});

const entries = list(text(1000), 50).nullish();

const AssessmentInput = builder.inputType('AssessmentInput', {
  description: 'Fields left out stay as they are; `areas` updates the areas it names; each list given replaces the stored one.',
  fields: (t) => ({
    areas: t.field({ type: [AssessmentAreaInput], required: false, validate: list(z.unknown(), ASSESSMENT_AREAS.length).nullish() }),
    risks: t.stringList({ required: false, validate: entries }),
    strengths: t.stringList({ required: false, validate: entries }),
    sources: t.stringList({ required: false, validate: entries }),
    participants: t.field({ type: [ParticipationInput], required: false, validate: participationList }),
    summary: t.string({ required: false, description: 'The overall conclusion.', validate: optionalText(10_000) }),
  }),
});

type AssessmentInputShape = typeof AssessmentInput.$inferInput;

async function openAssessmentForWrite(ctx: Context, globalId: string) {
  const id = idOf(globalId, 'Assessment');
  const found = id ? await ctx.db.assessment.findUnique({ where: { id }, include: { case: { select: { id: true, centerId: true, status: true, referralDate: true } } } }) : null;
  if (!found) throw notFound(ctx.locale);
  assertOpen(ctx, found.case);
  if (found.supersededAt) throw stageRefusal(ctx.locale, 'assessmentSuperseded', found.case.status);
  return found;
}

/** Writes the given parts of an open assessment (its version is checked and goes up). */
async function writeAssessment(ctx: Context, a: { id: string; caseId: string }, expectedVersion: number | null, input: AssessmentInputShape, path: string) {
  const { centerId } = requireCenter(ctx);
  const allowed = new Set<string>(areasFor(await personKindOfCase(ctx, a.caseId)));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [i, area] of (input.areas ?? []).entries()) {
    if (!allowed.has(area.area)) issues.push({ path: `${path}.areas.${i}.area`, messageKey: 'areaNotForPerson' });
    else if (seen.has(area.area)) issues.push({ path: `${path}.areas.${i}.area`, messageKey: 'duplicateItem' });
    seen.add(area.area);
  }
  if (issues.length) throw invalidFields(ctx.locale, issues);
  const data: Record<string, unknown> = {};
  if (input.risks) data.risks = input.risks;
  if (input.strengths) data.strengths = input.strengths;
  if (input.sources) data.sources = input.sources;
  if (input.summary !== undefined) data.summary = input.summary ?? null;
  if (expectedVersion !== null) await updateAtVersion(ctx, 'Assessment', ctx.db.assessment as never, a.id, expectedVersion, data);
  else await ctx.db.assessment.update({ where: { id: a.id }, data: { ...data, version: { increment: 1 } } });
  for (const area of input.areas ?? []) {
    const values = { rating: area.rating ?? null, notes: area.notes ?? null };
    await ctx.db.assessmentAreaRating.upsert({
      where: { centerId_assessmentId_area: { centerId, assessmentId: a.id, area: area.area } },
      create: { centerId, assessmentId: a.id, area: area.area, ...values },
      update: values,
    });
  }
  if (input.participants) await replaceParticipation(ctx, centerId, { assessmentId: a.id }, input.participants);
  ctx.audit.record('UPDATE', 'Assessment', a.id);
}

builder.mutationFields((t) => ({
  saveAssessment: t.prismaField({
    type: 'Assessment',
    description:
      'Saves an open needs assessment as it is being made: area ratings and notes, risks, strengths, sources, participation, the conclusion. A stale `version` gives CONFLICT; a completed assessment is not changed (INVALID_TRANSITION).',
    args: { id: t.arg.id(), version: t.arg.int({ validate: version }), input: t.arg({ type: AssessmentInput }) },
    resolve: async (query, _root, args, ctx) => {
      const found = await openAssessmentForWrite(ctx, args.id);
      if (found.completedOn) throw stageRefusal(ctx.locale, 'assessmentNotEditable', found.case.status);
      await writeAssessment(ctx, found, args.version, args.input, 'input');
      return ctx.db.assessment.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),

  startAssessment: t.prismaField({
    type: 'Assessment',
    description: `Starts the case's needs assessment (creates it if the case has none open) and moves a REFERRED case to ASSESSMENT. Due the center's planning days (${ASSESSMENT_DAYS} by default, Center.planningDays) after the request, or the referral when there is none (due-dates.ts), unless \`dueOn\`. In an ACTIVE case it starts a reassessment (the stage stays; due the planning days after its start), compared per area with the previous completed assessment; refused there while delivery is stopped (the contract ended, none in force). Refused (INVALID_TRANSITION) in SUPPORT_PLAN and CLOSED, and while an assessment is already started and not completed.`,
    args: {
      caseId: t.arg.id(),
      assessorId: t.arg.id({ required: false, description: 'A staff membership; the viewer by default.' }),
      dueOn: t.arg({ type: 'Date', required: false }),
      startedOn: t.arg({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { membershipId } = requireCenter(ctx);
      const c = await caseForWrite(ctx, args.caseId);
      assertOpen(ctx, c);
      const reassessment = c.status === 'ACTIVE';
      if (c.status !== 'REFERRED' && c.status !== 'ASSESSMENT' && !reassessment) throw stageRefusal(ctx.locale, 'assessmentNotInStage', c.status);
      const open = await ctx.db.assessment.findFirst({ where: { caseId: c.id, ...OPEN_ASSESSMENT }, select: { startedOn: true } });
      // One open assessment per case: a started one is completed before another begins.
      if (open?.startedOn) throw stageRefusal(ctx.locale, 'assessmentAlreadyOpen', c.status);
      if (reassessment) {
        const contracts = await ctx.db.contract.findMany({ where: { caseId: c.id }, select: { status: true, endsOn: true } });
        if (deliveryHalted({ status: c.status, contracts })) throw stageRefusal(ctx.locale, 'reassessmentNeedsContract', c.status);
      }
      const [assessorId] = args.assessorId ? await staffMembershipIds(ctx, [args.assessorId], 'assessorId') : [membershipId];
      if (args.dueOn && args.dueOn < c.referralDate) throw invalidFields(ctx.locale, [{ path: 'dueOn', messageKey: 'dateBeforeReferral' }]);
      const startedOn = args.startedOn ?? today();
      let dueOn = args.dueOn ?? null;
      if (reassessment && !dueOn) {
        const center = await ctx.db.center.findUniqueOrThrow({ where: { id: c.centerId }, select: { planningDays: true } });
        dueOn = reassessmentDueOn(startedOn, center);
      }
      const id = await ensureAssessment(ctx, c, { dueOn, assessorId: assessorId ?? null, startedOn });
      if (c.status === 'REFERRED') await recordMove(ctx, c, 'ASSESSMENT');
      return ctx.db.assessment.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),

  completeAssessment: t.prismaField({
    type: 'Assessment',
    description:
      'Completes the needs assessment with its conclusion (`summary`) and moves the case from ASSESSMENT to SUPPORT_PLAN (the plan is drafted next); a reassessment of an ACTIVE case completes and the stage stays. `input`, if given, is saved first. Every area to rate must be rated (BAD_USER_INPUT naming each one otherwise; nothing is saved). Refused (INVALID_TRANSITION) in any other stage.',
    args: {
      id: t.arg.id(),
      completedOn: t.arg({ type: 'Date', validate: pastOrToday }),
      summary: t.arg.string({ validate: text(10_000) }),
      version: t.arg.int({ required: false, validate: version.nullish(), description: 'The version seen; a stale one gives CONFLICT.' }),
      input: t.arg({ type: AssessmentInput, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const found = await openAssessmentForWrite(ctx, args.id);
      if (found.completedOn) throw stageRefusal(ctx.locale, 'assessmentAlreadyCompleted', found.case.status);
      if (found.case.status !== 'ASSESSMENT' && found.case.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'completeNotInStage', found.case.status);
      if (args.completedOn < found.case.referralDate) throw invalidFields(ctx.locale, [{ path: 'completedOn', messageKey: 'dateBeforeReferral' }]);
      if (args.input) await writeAssessment(ctx, found, args.version ?? null, args.input, 'input');
      else if (args.version != null && args.version !== found.version) await updateAtVersion(ctx, 'Assessment', ctx.db.assessment as never, found.id, args.version, {});
      // Completing needs every area rated: each unrated one is named (the request rolls back whole).
      const rated = await ctx.db.assessmentAreaRating.findMany({ where: { assessmentId: found.id, rating: { not: null } }, select: { area: true } });
      const done = new Set<string>(rated.map((r) => r.area));
      const missing = areasFor(await personKindOfCase(ctx, found.caseId)).filter((a) => !done.has(a));
      if (missing.length) {
        throw invalidFields(ctx.locale, [
          { path: 'areas', messageKey: 'assessmentIncomplete', params: { count: missing.length } },
          ...missing.map((area): FieldIssue => ({ path: `areas.${area}`, messageKey: 'areaNotRated' })),
        ]);
      }
      await ctx.db.assessment.update({
        where: { id: found.id },
        data: { completedOn: args.completedOn, startedOn: found.startedOn ?? args.completedOn, summary: args.summary, version: { increment: 1 } },
      });
      ctx.audit.record('UPDATE', 'Assessment', found.id, { completed: true });
      // The first assessment completes the stage; a reassessment leaves the active case where it is.
      if (found.case.status === 'ASSESSMENT') await recordMove(ctx, found.case, 'SUPPORT_PLAN');
      return ctx.db.assessment.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
}));

definePermissions({
  Mutation: {
    startAssessment: onCaseTeam((args) => args.caseId),
    completeAssessment: onCaseTeamOf(caseIdOfAssessment),
    saveAssessment: onCaseTeamOf(caseIdOfAssessment),
  },
  Assessment: isCenterStaff,
  AssessmentAreaRating: isCenterStaff,
  AssessmentAreaChange: isCenterStaff,
});
