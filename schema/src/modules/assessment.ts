import { builder } from '../builder.ts';
import { definePermissions } from '../permissions/registry.ts';
import { caseIdOfAssessment, isCenterStaff, onCaseTeam, onCaseTeamOf } from '../permissions/rules.ts';
import { invalidFields, notFound } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { pastOrToday, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import {
  ASSESSMENT_DAYS,
  assertOpen,
  caseForWrite,
  ensureAssessment,
  OPEN_ASSESSMENT,
  recordMove,
  staffMembershipIds,
  stageRefusal,
} from './case-workflow.ts';
import { today } from '@opora/common/calendar';

// The individual needs assessment (ИОП): due 20 days after the referral unless set per call.
// Starting it moves a referred case to ASSESSMENT; completing it moves the case to SUPPORT_PLAN.
// A case has at most one open assessment.

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
    summary: t.exposeString('summary', { nullable: true }),
    overdue: t.boolean({ description: 'Not completed and past its due date.', resolve: (a) => !a.completedOn && !a.supersededAt && a.dueOn < today() }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Case', 'assessments', (t) =>
  t.relation('assessments', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

builder.mutationFields((t) => ({
  startAssessment: t.prismaField({
    type: 'Assessment',
    description: `Starts the case's needs assessment (creates it if the case has none open) and moves a REFERRED case to ASSESSMENT. Due the center's planning days (${ASSESSMENT_DAYS} by default, Center.planningDays) after the request, or the referral when there is none (due-dates.ts), unless \`dueOn\`. Refused (INVALID_TRANSITION) in later stages and while an assessment is already started and not completed.`,
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
      if (c.status !== 'REFERRED' && c.status !== 'ASSESSMENT') throw stageRefusal(ctx.locale, 'assessmentNotInStage', c.status);
      const open = await ctx.db.assessment.findFirst({ where: { caseId: c.id, ...OPEN_ASSESSMENT }, select: { startedOn: true } });
      // One open assessment per case: a started one is completed before another begins.
      if (open?.startedOn) throw stageRefusal(ctx.locale, 'assessmentAlreadyOpen', c.status);
      const [assessorId] = args.assessorId ? await staffMembershipIds(ctx, [args.assessorId], 'assessorId') : [membershipId];
      if (args.dueOn && args.dueOn < c.referralDate) throw invalidFields(ctx.locale, [{ path: 'dueOn', messageKey: 'dateBeforeReferral' }]);
      const id = await ensureAssessment(ctx, c, { dueOn: args.dueOn ?? null, assessorId: assessorId ?? null, startedOn: args.startedOn ?? today() });
      if (c.status === 'REFERRED') await recordMove(ctx, c, 'ASSESSMENT');
      return ctx.db.assessment.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),

  completeAssessment: t.prismaField({
    type: 'Assessment',
    description: 'Completes the needs assessment with its summary and moves the case from ASSESSMENT to SUPPORT_PLAN (the plan is drafted next). Refused (INVALID_TRANSITION) in any other stage.',
    args: {
      id: t.arg.id(),
      completedOn: t.arg({ type: 'Date', validate: pastOrToday }),
      summary: t.arg.string({ validate: text(10_000) }),
    },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const id = idOf(args.id, 'Assessment');
      const found = id ? await ctx.db.assessment.findUnique({ where: { id }, include: { case: { select: { id: true, centerId: true, status: true, referralDate: true } } } }) : null;
      if (!found) throw notFound(ctx.locale);
      assertOpen(ctx, found.case);
      if (found.completedOn) throw stageRefusal(ctx.locale, 'assessmentAlreadyCompleted', found.case.status);
      if (found.supersededAt) throw stageRefusal(ctx.locale, 'assessmentSuperseded', found.case.status);
      if (found.case.status !== 'ASSESSMENT') throw stageRefusal(ctx.locale, 'completeNotInStage', found.case.status);
      if (args.completedOn < found.case.referralDate) throw invalidFields(ctx.locale, [{ path: 'completedOn', messageKey: 'dateBeforeReferral' }]);
      await ctx.db.assessment.update({
        where: { id: found.id },
        data: { completedOn: args.completedOn, startedOn: found.startedOn ?? args.completedOn, summary: args.summary, version: { increment: 1 } },
      });
      ctx.audit.record('UPDATE', 'Assessment', found.id, { completed: true });
      await recordMove(ctx, found.case, 'SUPPORT_PLAN');
      return ctx.db.assessment.findUniqueOrThrow({ ...query, where: { id: found.id } });
    },
  }),
}));

definePermissions({
  Mutation: {
    startAssessment: onCaseTeam((args) => args.caseId),
    completeAssessment: onCaseTeamOf(caseIdOfAssessment),
  },
  Assessment: isCenterStaff,
});
