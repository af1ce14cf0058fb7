import { z } from 'zod';
import * as enums from '@opora/prisma/client';
import { firstDayOfMonth } from '@opora/common/calendar';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isCenterStaff, mayReadComplaint } from '../permissions/rules.ts';
import { invalidFields } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { ownRecord } from '../support/own-center.ts';
import { intRange, list, optionalText, pastOrToday, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { labelled } from './enums.ts';
import { MembershipRef } from './viewer.ts';

// The quality registers a center keeps (the quality standards for social services, and what the
// yearly report per service draws on): complaints and signals, user satisfaction surveys, staff
// supervision and staff training. Each is the center's own (RLS by center) and every write is
// audited. Who: any staff member may REGISTER a complaint or signal (whoever receives it at the
// desk or on the phone), and reads back only the ones they registered; the manager reads the
// whole register and answers, closes and corrects entries. Surveys, supervision and training
// are the manager's to keep. A complaint may name a person: it never leaves the center (the
// yearly report counts complaints, it never prints one).

export const LegalServiceTypeEnum = labelled('LegalServiceType', enums.LegalServiceType);
export const ComplaintKindEnum = labelled('ComplaintKind', enums.ComplaintKind);
export const ComplaintChannelEnum = labelled('ComplaintChannel', enums.ComplaintChannel);
export const ComplaintOutcomeEnum = labelled('ComplaintOutcome', enums.ComplaintOutcome);
export const SupervisionKindEnum = labelled('SupervisionKind', enums.SupervisionKind);

const yearArg = intRange(2000, 2100);
const hours = z.number('invalidValue').positive('tooSmall|min=0').max(2000, 'tooBig|max=2000');

/** The days of a calendar year, as `date` columns hold them. */
export function yearBounds(year: number): { gte: Date; lt: Date } {
  return { gte: firstDayOfMonth(new Date(Date.UTC(year, 0, 1))), lt: firstDayOfMonth(new Date(Date.UTC(year + 1, 0, 1))) };
}

// ── Complaints and signals ───────────────────────────────────────────────────────────────

export const ComplaintRef = builder.prismaNode('Complaint', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: ComplaintKindEnum }),
    receivedOn: t.expose('receivedOn', { type: 'Date' }),
    channel: t.expose('channel', { type: ComplaintChannelEnum }),
    serviceType: t.expose('serviceType', { type: LegalServiceTypeEnum, nullable: true, description: 'The service it is about; null: the center as a whole.' }),
    subject: t.exposeString('subject'),
    response: t.exposeString('response', { nullable: true }),
    outcome: t.expose('outcome', { type: ComplaintOutcomeEnum, nullable: true }),
    closedOn: t.expose('closedOn', { type: 'Date', nullable: true }),
    recordedBy: t.relation('recordedBy', { nullable: true }),
  }),
});

const ComplaintInput = builder.inputType('ComplaintInput', {
  fields: (t) => ({
    kind: t.field({ type: ComplaintKindEnum }),
    receivedOn: t.field({ type: 'Date', validate: pastOrToday }),
    channel: t.field({ type: ComplaintChannelEnum }),
    serviceType: t.field({ type: LegalServiceTypeEnum, required: false }),
    subject: t.string({ validate: text(4000) }),
  }),
});

const ComplaintAnswerInput = builder.inputType('ComplaintAnswerInput', {
  description: 'The manager’s answer: the response, the outcome and the day it was closed (outcome and day together).',
  fields: (t) => ({
    response: t.string({ required: false, validate: optionalText(4000) }),
    outcome: t.field({ type: ComplaintOutcomeEnum, required: false }),
    closedOn: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
  }),
});

// ── Satisfaction surveys ─────────────────────────────────────────────────────────────────

export const SatisfactionSurveyRef = builder.prismaNode('SatisfactionSurvey', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    year: t.exposeInt('year'),
    serviceType: t.expose('serviceType', { type: LegalServiceTypeEnum }),
    respondents: t.exposeInt('respondents'),
    satisfiedCount: t.exposeInt('satisfiedCount'),
    averageScore: t.float({ nullable: true, description: 'Mean score on a 1–5 scale, when the survey has one.', resolve: (s) => (s.averageScore === null ? null : Number(s.averageScore)) }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const SatisfactionSurveyInput = builder.inputType('SatisfactionSurveyInput', {
  fields: (t) => ({
    year: t.int({ validate: yearArg }),
    serviceType: t.field({ type: LegalServiceTypeEnum }),
    respondents: t.int({ validate: intRange(0, 100_000) }),
    satisfiedCount: t.int({ validate: intRange(0, 100_000) }),
    averageScore: t.float({ required: false, validate: z.number('invalidValue').min(1, 'tooSmall|min=1').max(5, 'tooBig|max=5').nullish() }),
    note: t.string({ required: false, validate: optionalText(2000) }),
  }),
});

// ── Supervision and training ─────────────────────────────────────────────────────────────

export const StaffSupervisionRef = builder.prismaNode('StaffSupervision', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    heldOn: t.expose('heldOn', { type: 'Date' }),
    hours: t.float({ resolve: (s) => Number(s.hours) }),
    supervisor: t.exposeString('supervisor'),
    kind: t.expose('kind', { type: SupervisionKindEnum }),
    topic: t.exposeString('topic', { nullable: true }),
    staff: t.field({
      type: [MembershipRef],
      description: 'The staff members who took part.',
      resolve: async (s, _a, ctx) => {
        const rows = await ctx.db.staffSupervisionStaff.findMany({ where: { supervisionId: s.id }, select: { membershipId: true } });
        return ctx.db.membership.findMany({ where: { id: { in: rows.map((r) => r.membershipId) } }, orderBy: { id: 'asc' } });
      },
    }),
  }),
});

const StaffSupervisionInput = builder.inputType('StaffSupervisionInput', {
  fields: (t) => ({
    heldOn: t.field({ type: 'Date', validate: pastOrToday }),
    hours: t.float({ validate: hours }),
    supervisor: t.string({ validate: text(300) }),
    kind: t.field({ type: SupervisionKindEnum }),
    topic: t.string({ required: false, validate: optionalText(1000) }),
    staffIds: t.idList({ validate: list(z.string().max(200, 'invalidId'), 200, 1) }),
  }),
});

export const StaffTrainingRef = builder.prismaNode('StaffTraining', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    staffMember: t.relation('membership'),
    course: t.exposeString('course'),
    organizer: t.exposeString('organizer', { nullable: true }),
    startedOn: t.expose('startedOn', { type: 'Date' }),
    hours: t.float({ resolve: (s) => Number(s.hours) }),
  }),
});

const StaffTrainingInput = builder.inputType('StaffTrainingInput', {
  fields: (t) => ({
    staffId: t.id({ validate: z.string().max(200, 'invalidId') }),
    course: t.string({ validate: text(500) }),
    organizer: t.string({ required: false, validate: optionalText(300) }),
    startedOn: t.field({ type: 'Date', validate: pastOrToday }),
    hours: t.float({ validate: hours }),
  }),
});

/** Staff members of the active center by their global ids, or a field error on `path`. */
async function ownStaff(ctx: Context, globalIds: readonly string[], path: string): Promise<string[]> {
  const { centerId } = requireCenter(ctx);
  const ids = [...new Set(globalIds.map((g) => idOf(g, 'Membership')))];
  if (ids.some((id) => !id)) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  const found = await ctx.db.membership.findMany({ where: { id: { in: ids as string[] }, centerId }, select: { id: true } });
  if (found.length !== ids.length) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  return found.map((m) => m.id);
}

// ── Queries and mutations ────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  complaints: t.prismaField({
    type: ['Complaint'],
    description: 'The register of complaints and signals received in a year: the manager reads all, other staff the ones they registered.',
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: (query, _root, args, ctx) => {
      const { centerId, membershipId, role } = requireCenter(ctx);
      return ctx.db.complaint.findMany({
        ...query,
        where: { centerId, receivedOn: yearBounds(args.year), ...(role === 'MANAGER' ? {} : { recordedById: membershipId }) },
        orderBy: [{ receivedOn: 'desc' }, { createdAt: 'desc' }],
      });
    },
  }),
  satisfactionSurveys: t.prismaField({
    type: ['SatisfactionSurvey'],
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.satisfactionSurvey.findMany({ ...query, where: { centerId: requireCenter(ctx).centerId, year: args.year }, orderBy: [{ serviceType: 'asc' }, { createdAt: 'asc' }] }),
  }),
  staffSupervisions: t.prismaField({
    type: ['StaffSupervision'],
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.staffSupervision.findMany({ ...query, where: { centerId: requireCenter(ctx).centerId, heldOn: yearBounds(args.year) }, orderBy: [{ heldOn: 'desc' }, { id: 'asc' }] }),
  }),
  staffTrainings: t.prismaField({
    type: ['StaffTraining'],
    args: { year: t.arg.int({ validate: yearArg }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.staffTraining.findMany({ ...query, where: { centerId: requireCenter(ctx).centerId, startedOn: yearBounds(args.year) }, orderBy: [{ startedOn: 'desc' }, { id: 'asc' }] }),
  }),
}));

const ownComplaint = (ctx: Context, id: string) => ownRecord(ctx, id, 'Complaint', (where) => ctx.db.complaint.findFirst({ where }));

builder.mutationFields((t) => ({
  registerComplaint: t.prismaField({
    type: 'Complaint',
    description: 'Any staff member registers a complaint or signal the center received.',
    args: { input: t.arg({ type: ComplaintInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const created = await ctx.db.complaint.create({
        data: { centerId, kind: input.kind, receivedOn: input.receivedOn, channel: input.channel, serviceType: input.serviceType ?? null, subject: input.subject, recordedById: membershipId },
        select: { id: true },
      });
      ctx.audit.record('CREATE', 'Complaint', created.id);
      return ctx.db.complaint.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  answerComplaint: t.prismaField({
    type: 'Complaint',
    description: 'The manager records the response, the outcome and the day the complaint was closed.',
    args: { id: t.arg.id(), input: t.arg({ type: ComplaintAnswerInput }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const complaint = await ownComplaint(ctx, id);
      const closedOn = input.closedOn ?? null;
      const outcome = input.outcome ?? null;
      if ((closedOn === null) !== (outcome === null)) {
        throw invalidFields(ctx.locale, [{ path: closedOn ? 'input.outcome' : 'input.closedOn', messageKey: 'required' }]);
      }
      if (closedOn && closedOn < complaint.receivedOn) throw invalidFields(ctx.locale, [{ path: 'input.closedOn', messageKey: 'complaintClosedBeforeReceived' }]);
      await ctx.db.complaint.update({ where: { id: complaint.id }, data: { response: input.response ?? null, outcome, closedOn } });
      ctx.audit.record('UPDATE', 'Complaint', complaint.id, { outcome, closed: closedOn !== null });
      return ctx.db.complaint.findUniqueOrThrow({ ...query, where: { id: complaint.id } });
    },
  }),
  recordSatisfactionSurvey: t.prismaField({
    type: 'SatisfactionSurvey',
    args: { input: t.arg({ type: SatisfactionSurveyInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      if (input.satisfiedCount > input.respondents) throw invalidFields(ctx.locale, [{ path: 'input.satisfiedCount', messageKey: 'tooBig', params: { max: input.respondents } }]);
      const created = await ctx.db.satisfactionSurvey.create({
        data: { centerId, year: input.year, serviceType: input.serviceType, respondents: input.respondents, satisfiedCount: input.satisfiedCount, averageScore: input.averageScore ?? null, note: input.note ?? null, recordedById: membershipId },
        select: { id: true },
      });
      ctx.audit.record('CREATE', 'SatisfactionSurvey', created.id);
      return ctx.db.satisfactionSurvey.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  deleteSatisfactionSurvey: t.boolean({
    description: 'Removes an entry made by mistake.',
    args: { id: t.arg.id() },
    resolve: async (_root, { id }, ctx) => {
      const row = await ownRecord(ctx, id, 'SatisfactionSurvey', (where) => ctx.db.satisfactionSurvey.findFirst({ where, select: { id: true } }));
      await ctx.db.satisfactionSurvey.delete({ where: { id: row.id } });
      ctx.audit.record('DELETE', 'SatisfactionSurvey', row.id);
      return true;
    },
  }),
  recordStaffSupervision: t.prismaField({
    type: 'StaffSupervision',
    args: { input: t.arg({ type: StaffSupervisionInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const staff = await ownStaff(ctx, input.staffIds, 'input.staffIds');
      const created = await ctx.db.staffSupervision.create({
        data: { centerId, heldOn: input.heldOn, hours: input.hours, supervisor: input.supervisor, kind: input.kind, topic: input.topic ?? null },
        select: { id: true },
      });
      await ctx.db.staffSupervisionStaff.createMany({ data: staff.map((membershipId) => ({ centerId, supervisionId: created.id, membershipId })) });
      ctx.audit.record('CREATE', 'StaffSupervision', created.id, { staff: staff.length });
      return ctx.db.staffSupervision.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  deleteStaffSupervision: t.boolean({
    args: { id: t.arg.id() },
    resolve: async (_root, { id }, ctx) => {
      const row = await ownRecord(ctx, id, 'StaffSupervision', (where) => ctx.db.staffSupervision.findFirst({ where, select: { id: true } }));
      await ctx.db.staffSupervision.delete({ where: { id: row.id } });
      ctx.audit.record('DELETE', 'StaffSupervision', row.id);
      return true;
    },
  }),
  recordStaffTraining: t.prismaField({
    type: 'StaffTraining',
    args: { input: t.arg({ type: StaffTrainingInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const [membershipId] = await ownStaff(ctx, [input.staffId], 'input.staffId');
      const created = await ctx.db.staffTraining.create({
        data: { centerId, membershipId: membershipId!, course: input.course, organizer: input.organizer ?? null, startedOn: input.startedOn, hours: input.hours },
        select: { id: true },
      });
      ctx.audit.record('CREATE', 'StaffTraining', created.id);
      return ctx.db.staffTraining.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  deleteStaffTraining: t.boolean({
    args: { id: t.arg.id() },
    resolve: async (_root, { id }, ctx) => {
      const row = await ownRecord(ctx, id, 'StaffTraining', (where) => ctx.db.staffTraining.findFirst({ where, select: { id: true } }));
      await ctx.db.staffTraining.delete({ where: { id: row.id } });
      ctx.audit.record('DELETE', 'StaffTraining', row.id);
      return true;
    },
  }),
}));

definePermissions({
  Query: { complaints: isCenterStaff, satisfactionSurveys: isCenterManager, staffSupervisions: isCenterManager, staffTrainings: isCenterManager },
  Mutation: {
    registerComplaint: isCenterStaff,
    answerComplaint: isCenterManager,
    recordSatisfactionSurvey: isCenterManager,
    deleteSatisfactionSurvey: isCenterManager,
    recordStaffSupervision: isCenterManager,
    deleteStaffSupervision: isCenterManager,
    recordStaffTraining: isCenterManager,
    deleteStaffTraining: isCenterManager,
  },
  Complaint: mayReadComplaint,
  SatisfactionSurvey: isCenterManager,
  StaffSupervision: isCenterManager,
  StaffTraining: isCenterManager,
});
