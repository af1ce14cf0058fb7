import { z } from 'zod';
import type { Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isCenterStaff } from '../permissions/rules.ts';
import { invalidFields, notFound, oporaError, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { birthYear, idempotencyKey, intRange, list, optionalText, phone, text } from '../support/validation.ts';
import { CENTER_ROLES, requireCenter } from '../support/viewer.ts';
import { localizedName } from './catalogue.ts';
import { DeliveryModeEnum, GroupMeetingStatusEnum, GroupProgramKindEnum, SexEnum } from './enums.ts';
import { isAfterToday, now, sofiaDay, today } from '@opora/common/calendar';
import { findPage } from '../support/pages.ts';

// Group programs: school for young parents, foster/adoptive-parent training, socializing
// activities… People may join with no case at all (a light registration). A meeting is
// planned, then held or cancelled (with its reason); attendance belongs to a held meeting only,
// never to one still ahead (Sofia's today). Each meeting carries a GROUP session, and only a
// held meeting counts: as a meeting, its attendances and its session (the rollups filter).

export const GroupProgramRef = builder.prismaNode('GroupProgram', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: GroupProgramKindEnum }),
    service: t.relation('service'),
    name: t.string({ resolve: localizedName }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
    descriptionBg: t.exposeString('descriptionBg', { nullable: true }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    capacity: t.exposeInt('capacity', { nullable: true }),
    mode: t.expose('mode', { type: DeliveryModeEnum }),
    participantCount: t.relationCount('participants', { where: { leftOn: null }, description: 'Participants who have not left.' }),
    participants: t.relation('participants', {
      description: 'Everyone enrolled, with their attendance.',
      query: { orderBy: [{ enrolledOn: 'asc' }, { id: 'asc' }] },
    }),
    meetings: t.relation('meetings', {
      description: 'Meetings in order of time, with how many were present.',
      query: { orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const GroupProgramParticipantRef = builder.prismaNode('GroupProgramParticipant', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    program: t.relation('program'),
    client: t.relation('client', { nullable: true, description: 'Null for a light registration (no client record, no case).' }),
    isLightRegistration: t.boolean({ resolve: (p) => p.clientId === null }),
    displayName: t.string({
      description: 'The client’s name, or how a light registration is called in the group.',
      select: { displayName: true, client: { select: { firstName: true, lastName: true } } },
      resolve: (p) => (p.client ? `${p.client.firstName} ${p.client.lastName}` : (p.displayName ?? '')),
    }),
    birthYear: t.exposeInt('birthYear', { nullable: true }),
    sex: t.expose('sex', { type: SexEnum, nullable: true }),
    settlement: t.relation('settlement', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    enrolledOn: t.expose('enrolledOn', { type: 'Date' }),
    leftOn: t.expose('leftOn', { type: 'Date', nullable: true }),
    meetingsRecorded: t.relationCount('attendances', { description: 'Meetings with attendance recorded for this participant.' }),
    meetingsAttended: t.relationCount('attendances', { where: { present: true } }),
    attendanceRate: t.float({
      nullable: true,
      description: 'Share of recorded meetings attended (0–1); null before any attendance is recorded.',
      select: { attendances: { select: { present: true } } },
      resolve: (p) => (p.attendances.length ? p.attendances.filter((a) => a.present).length / p.attendances.length : null),
    }),
  }),
});

export const GroupMeetingRef = builder.prismaNode('GroupMeeting', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    program: t.relation('program'),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    durationMinutes: t.exposeInt('durationMinutes'),
    topic: t.exposeString('topicBg', { nullable: true }),
    mode: t.expose('mode', { type: DeliveryModeEnum }),
    settlement: t.relation('settlement', { nullable: true }),
    status: t.expose('status', { type: GroupMeetingStatusEnum }),
    cancellationReason: t.exposeString('cancellationReason', { nullable: true, description: 'Why a cancelled meeting did not take place.' }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime', nullable: true, description: 'When it was marked held or cancelled.' }),
    canBeHeld: t.boolean({
      description: 'Planned and not ahead of today (Sofia): it may be marked held now.',
      select: { status: true, startsAt: true },
      resolve: (m) => m.status === 'PLANNED' && !isAfterToday(sofiaDay(m.startsAt)),
    }),
    presentCount: t.relationCount('attendances', { where: { present: true } }),
    attendanceRecorded: t.boolean({
      select: { _count: { select: { attendances: true } } },
      resolve: (m) => m._count.attendances > 0,
    }),
    attendance: t.relation('attendances', { query: { orderBy: { participantId: 'asc' } } }),
  }),
});

builder.prismaObject('Attendance', {
  name: 'Attendance',
  fields: (t) => ({
    participant: t.relation('participant'),
    present: t.exposeBoolean('present'),
  }),
});

// ───────────────────────────── Inputs ─────────────────────────────

const idText = z.string().max(200, 'invalidId');
const deliveryModesNeedingPlace = new Set(['AT_HOME', 'FIELD']);

const CreateGroupProgramInput = builder.inputType('CreateGroupProgramInput', {
  fields: (t) => ({
    kind: t.field({ type: GroupProgramKindEnum }),
    serviceId: t.id({ validate: idText }),
    nameBg: t.string({ validate: text(200) }),
    nameEn: t.string({ required: false, validate: optionalText(200) }),
    descriptionBg: t.string({ required: false, validate: optionalText(2000) }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date', required: false }),
    capacity: t.int({ required: false, validate: intRange(1, 500).nullish() }),
    mode: t.field({ type: DeliveryModeEnum, required: false, description: 'IN_CENTER by default.' }),
  }),
  validate: z
    .looseObject({ startsOn: z.date(), endsOn: z.date().nullish() })
    .refine((v) => !v.endsOn || v.endsOn.getTime() >= v.startsOn.getTime(), { message: 'endBeforeStart', path: ['endsOn'] }),
});

const LightRegistrationInput = builder.inputType('LightRegistrationInput', {
  description: 'A participant with no client record and no case: how they are called in the group.',
  fields: (t) => ({
    displayName: t.string({ validate: text(150) }),
    birthYear: t.int({ required: false, validate: birthYear.nullish() }),
    sex: t.field({ type: SexEnum, required: false }),
    settlementId: t.id({ required: false, validate: idText.nullish() }),
    phone: t.string({ required: false, validate: phone }),
  }),
});

const AttendanceInput = builder.inputType('AttendanceInput', {
  fields: (t) => ({
    participantId: t.id({ validate: idText }),
    present: t.boolean(),
  }),
});

// ───────────────────────────── Helpers ─────────────────────────────

async function programOf(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'GroupProgram');
  const program = id ? await ctx.db.groupProgram.findFirst({ where: { id, centerId } }) : null;
  if (!program) throw notFound(ctx.locale);
  return program;
}

async function settlementOf(ctx: Context, globalId: string | null | undefined, path: string, issues: FieldIssue[]) {
  if (!globalId) return null;
  const id = idOf(globalId, 'Settlement');
  const found = id ? await ctx.db.settlement.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!found) issues.push({ path, messageKey: 'unknownReference' });
  return found?.id ?? null;
}

async function meetingOf(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'GroupMeeting');
  const meeting = id
    ? await ctx.db.groupMeeting.findFirst({ where: { id, centerId }, select: { id: true, programId: true, status: true, startsAt: true } })
    : null;
  if (!meeting) throw notFound(ctx.locale);
  return meeting;
}

/** Only a planned meeting is held or cancelled; held only from its own day on (Sofia). */
function requirePlanned(ctx: Context, meeting: { status: string; startsAt: Date }, toHold: boolean): void {
  if (meeting.status === 'HELD') throw oporaError('INVALID_TRANSITION', 'meetingAlreadyHeld', ctx.locale);
  if (meeting.status === 'CANCELLED') throw oporaError('INVALID_TRANSITION', 'meetingAlreadyCancelled', ctx.locale);
  if (toHold && isAfterToday(sofiaDay(meeting.startsAt))) throw oporaError('INVALID_TRANSITION', 'meetingInFuture', ctx.locale);
}

/** Replaces a held meeting's attendance as a whole; its group session counts the clients present. */
async function writeAttendance(
  ctx: Context,
  meeting: { id: string; programId: string },
  attendance: readonly { participantId: string; present: boolean }[],
): Promise<number> {
  const { centerId } = requireCenter(ctx);
  const participants = await ctx.db.groupProgramParticipant.findMany({
    where: { programId: meeting.programId },
    select: { id: true, clientId: true },
  });
  const byId = new Map(participants.map((p) => [p.id, p]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const rows: { participantId: string; present: boolean }[] = [];
  attendance.forEach((a, i) => {
    const pid = idOf(a.participantId, 'GroupProgramParticipant');
    if (!pid || !byId.has(pid)) issues.push({ path: `attendance.${i}.participantId`, messageKey: 'unknownReference' });
    else if (seen.has(pid)) issues.push({ path: `attendance.${i}.participantId`, messageKey: 'invalidValue' });
    else {
      seen.add(pid);
      rows.push({ participantId: pid, present: a.present });
    }
  });
  if (issues.length) throw invalidFields(ctx.locale, issues);
  await ctx.db.attendance.deleteMany({ where: { meetingId: meeting.id } });
  await ctx.db.attendance.createMany({ data: rows.map((r) => ({ centerId, meetingId: meeting.id, ...r })) });
  const sessions = await ctx.db.session.findMany({ where: { groupMeetingId: meeting.id }, select: { id: true } });
  const presentClients = rows.filter((r) => r.present).map((r) => byId.get(r.participantId)!.clientId).filter((c): c is string => !!c);
  for (const s of sessions) {
    await ctx.db.sessionClient.deleteMany({ where: { sessionId: s.id } });
    await ctx.db.sessionClient.createMany({ data: presentClients.map((clientId) => ({ centerId, sessionId: s.id, clientId })) });
  }
  return rows.length;
}

// ───────────────────────────── Queries ─────────────────────────────

builder.queryFields((t) => ({
  groupPrograms: t.prismaConnection(
    {
      type: 'GroupProgram',
      cursor: 'id',
      description: 'Group programs of the center, newest first; `activeOn` keeps those running on that day.',
      args: {
        kind: t.arg({ type: GroupProgramKindEnum, required: false }),
        activeOn: t.arg({ type: 'Date', required: false }),
      },
      totalCount: (_c, args, ctx) => ctx.db.groupProgram.count({ where: programFilter(args) }),
      resolve: (query, _root, args, ctx) => {
        requireCenter(ctx);
        return findPage((a) => ctx.db.groupProgram.findMany(a), query, programFilter(args), [{ startsOn: 'desc' }, { id: 'desc' }]);
      },
    },
    { name: 'GroupProgramConnection' },
    { name: 'GroupProgramEdge' },
  ),
}));

function programFilter(args: { kind?: Prisma.GroupProgramWhereInput['kind'] | null; activeOn?: Date | null }): Prisma.GroupProgramWhereInput {
  return {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.activeOn ? { startsOn: { lte: args.activeOn }, OR: [{ endsOn: null }, { endsOn: { gte: args.activeOn } }] } : {}),
  };
}

// ───────────────────────────── Mutations ─────────────────────────────

builder.mutationFields((t) => ({
  createGroupProgram: t.prismaField({
    type: 'GroupProgram',
    description: 'Start a group program (the manager).',
    args: {
      input: t.arg({ type: CreateGroupProgramInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const input = args.input;
      const result = await idempotentCreate(ctx, 'createGroupProgram', args.idempotencyKey, input, async () => {
        const serviceId = idOf(input.serviceId, 'CenterService');
        const service = serviceId ? await ctx.db.centerService.findFirst({ where: { id: serviceId, centerId }, select: { id: true } }) : null;
        if (!service) throw invalidFields(ctx.locale, [{ path: 'input.serviceId', messageKey: 'unknownReference' }]);
        const program = await ctx.db.groupProgram.create({
          data: {
            centerId,
            kind: input.kind,
            serviceId: service.id,
            nameBg: input.nameBg,
            nameEn: input.nameEn ?? input.nameBg,
            descriptionBg: input.descriptionBg ?? null,
            startsOn: input.startsOn,
            endsOn: input.endsOn ?? null,
            capacity: input.capacity ?? null,
            mode: input.mode ?? 'IN_CENTER',
          },
          select: { id: true },
        });
        ctx.audit.record('CREATE', 'GroupProgram', program.id);
        return program;
      });
      return ctx.db.groupProgram.findUniqueOrThrow({ ...query, where: { id: result.id } });
    },
  }),
  enrollParticipant: t.prismaField({
    type: 'GroupProgramParticipant',
    description: 'Enroll a client, or a light registration that creates no client and no case.',
    args: {
      programId: t.arg.id(),
      clientId: t.arg.id({ required: false, validate: idText.nullish() }),
      registration: t.arg({ type: LightRegistrationInput, required: false }),
      enrolledOn: t.arg({ type: 'Date', required: false, description: 'Today by default.' }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    validate: z
      .looseObject({ clientId: z.string().nullish(), registration: z.unknown().nullish() })
      .refine((v) => !!v.clientId !== !!v.registration, { message: 'participantNeedsName', path: ['clientId'] }),
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const program = await programOf(ctx, args.programId);
      const { idempotencyKey: key, ...input } = args;
      const result = await idempotentCreate(ctx, 'enrollParticipant', key, input, async () => {
        const issues: FieldIssue[] = [];
        let clientId: string | null = null;
        if (args.clientId) {
          const id = idOf(args.clientId, 'Client');
          const client = id ? await ctx.db.client.findFirst({ where: { id, centerId, archivedAt: null }, select: { id: true } }) : null;
          if (!client) issues.push({ path: 'clientId', messageKey: 'unknownReference' });
          else if (await ctx.db.groupProgramParticipant.count({ where: { programId: program.id, clientId: client.id, leftOn: null } })) {
            issues.push({ path: 'clientId', messageKey: 'alreadyEnrolled' });
          }
          clientId = client?.id ?? null;
        }
        const reg = args.registration;
        const settlementId = await settlementOf(ctx, reg?.settlementId, 'registration.settlementId', issues);
        if (program.capacity !== null) {
          const active = await ctx.db.groupProgramParticipant.count({ where: { programId: program.id, leftOn: null } });
          if (active >= program.capacity) issues.push({ path: 'programId', messageKey: 'programFull', params: { max: program.capacity } });
        }
        if (issues.length) throw invalidFields(ctx.locale, issues);
        const participant = await ctx.db.groupProgramParticipant.create({
          data: {
            centerId,
            programId: program.id,
            clientId,
            enrolledOn: args.enrolledOn ?? today(),
            ...(reg
              ? { displayName: reg.displayName, birthYear: reg.birthYear ?? null, sex: reg.sex ?? null, settlementId, phone: reg.phone ?? null }
              : {}),
          },
          select: { id: true },
        });
        ctx.audit.record('CREATE', 'GroupProgramParticipant', participant.id, { programId: program.id });
        return participant;
      });
      return ctx.db.groupProgramParticipant.findUniqueOrThrow({ ...query, where: { id: result.id } });
    },
  }),
  scheduleMeeting: t.prismaField({
    type: 'GroupMeeting',
    description: 'Plan a meeting of a program (also a GROUP session of its staff); it counts only once marked held.',
    args: {
      programId: t.arg.id(),
      startsAt: t.arg({ type: 'DateTime' }),
      durationMinutes: t.arg.int({ validate: intRange(1, 720) }),
      topic: t.arg.string({ required: false, validate: optionalText(300) }),
      mode: t.arg({ type: DeliveryModeEnum, required: false, description: 'The program’s mode by default.' }),
      settlementId: t.arg.id({ required: false, validate: idText.nullish() }),
      staffIds: t.arg.idList({ required: false, validate: list(idText, 20).nullish(), description: 'The viewer by default.' }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const program = await programOf(ctx, args.programId);
      const { idempotencyKey: key, ...input } = args;
      const result = await idempotentCreate(ctx, 'scheduleMeeting', key, input, async () => {
        const issues: FieldIssue[] = [];
        const mode = args.mode ?? program.mode;
        const settlementId = await settlementOf(ctx, args.settlementId, 'settlementId', issues);
        if (deliveryModesNeedingPlace.has(mode) && !args.settlementId) issues.push({ path: 'settlementId', messageKey: 'visitNeedsSettlement' });
        const staffIds: string[] = [];
        if (args.staffIds?.length) {
          const decoded = args.staffIds.map((g) => idOf(g, 'Membership'));
          const found = await ctx.db.membership.findMany({
            where: { id: { in: decoded.filter((x): x is string => !!x) }, centerId, role: { in: [...CENTER_ROLES] } },
            select: { id: true },
          });
          const known = new Set(found.map((m) => m.id));
          decoded.forEach((id, i) => {
            if (!id || !known.has(id)) issues.push({ path: `staffIds.${i}`, messageKey: 'unknownReference' });
            else if (!staffIds.includes(id)) staffIds.push(id);
          });
        } else staffIds.push(membershipId);
        if (issues.length) throw invalidFields(ctx.locale, issues);
        const meeting = await ctx.db.groupMeeting.create({
          data: {
            centerId,
            programId: program.id,
            startsAt: args.startsAt,
            durationMinutes: args.durationMinutes,
            topicBg: args.topic ?? null,
            mode,
            settlementId,
          },
          select: { id: true },
        });
        const session = await ctx.db.session.create({
          data: {
            centerId,
            startsAt: args.startsAt,
            durationMinutes: args.durationMinutes,
            serviceId: program.serviceId,
            format: 'GROUP',
            kind: program.kind === 'SOCIALIZING_ACTIVITIES' ? 'OTHER' : 'TRAINING',
            mode,
            settlementId,
            groupMeetingId: meeting.id,
            createdById: membershipId,
            // The meeting's session follows the meeting: planned until it is held or cancelled.
            status: 'PLANNED',
          },
          select: { id: true },
        });
        await ctx.db.sessionStaff.createMany({ data: staffIds.map((id) => ({ centerId, sessionId: session.id, membershipId: id })) });
        ctx.audit.record('CREATE', 'GroupMeeting', meeting.id, { programId: program.id });
        ctx.audit.record('CREATE', 'Session', session.id);
        return meeting;
      });
      return ctx.db.groupMeeting.findUniqueOrThrow({ ...query, where: { id: result.id } });
    },
  }),
  markMeetingHeld: t.prismaField({
    type: 'GroupMeeting',
    description: 'A planned meeting took place (not before its day, Sofia): it counts from now on; attendance may come with it.',
    args: {
      meetingId: t.arg.id(),
      attendance: t.arg({ type: [AttendanceInput], required: false, validate: list(z.any(), 500).nullish() }),
    },
    resolve: async (query, _root, args, ctx) => {
      const meeting = await meetingOf(ctx, args.meetingId);
      requirePlanned(ctx, meeting, true);
      await ctx.db.groupMeeting.update({ where: { id: meeting.id }, data: { status: 'HELD', statusChangedAt: now() }, select: { id: true } });
      await ctx.db.session.updateMany({ where: { groupMeetingId: meeting.id }, data: { status: 'HELD', statusChangedAt: now() } });
      const recorded = args.attendance ? await writeAttendance(ctx, meeting, args.attendance) : 0;
      ctx.audit.record('UPDATE', 'GroupMeeting', meeting.id, { status: 'HELD', attendance: recorded });
      return ctx.db.groupMeeting.findUniqueOrThrow({ ...query, where: { id: meeting.id } });
    },
  }),
  cancelMeeting: t.prismaField({
    type: 'GroupMeeting',
    description: 'A planned meeting did not take place, and why: it never counts and takes no attendance.',
    args: {
      meetingId: t.arg.id(),
      reason: t.arg.string({ validate: text(300) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const meeting = await meetingOf(ctx, args.meetingId);
      requirePlanned(ctx, meeting, false);
      await ctx.db.groupMeeting.update({
        where: { id: meeting.id },
        data: { status: 'CANCELLED', cancellationReason: args.reason, statusChangedAt: now() },
        select: { id: true },
      });
      await ctx.db.session.updateMany({ where: { groupMeetingId: meeting.id }, data: { status: 'CANCELLED', statusReason: args.reason, statusChangedAt: now() } });
      ctx.audit.record('UPDATE', 'GroupMeeting', meeting.id, { status: 'CANCELLED' });
      return ctx.db.groupMeeting.findUniqueOrThrow({ ...query, where: { id: meeting.id } });
    },
  }),
  recordAttendance: t.prismaField({
    type: 'GroupMeeting',
    description: 'Record who came to a held meeting; replaces the meeting’s attendance as a whole.',
    args: {
      meetingId: t.arg.id(),
      attendance: t.arg({ type: [AttendanceInput], validate: list(z.any(), 500) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const meeting = await meetingOf(ctx, args.meetingId);
      // A planned meeting (ahead or not yet confirmed) or a cancelled one has no attendance.
      if (meeting.status !== 'HELD') throw oporaError('INVALID_TRANSITION', 'meetingNotHeld', ctx.locale);
      const recorded = await writeAttendance(ctx, meeting, args.attendance);
      ctx.audit.record('UPDATE', 'GroupMeeting', meeting.id, { attendance: recorded });
      return ctx.db.groupMeeting.findUniqueOrThrow({ ...query, where: { id: meeting.id } });
    },
  }),
}));

definePermissions({
  Query: { groupPrograms: isCenterStaff },
  Mutation: {
    createGroupProgram: isCenterManager,
    enrollParticipant: isCenterStaff,
    scheduleMeeting: isCenterStaff,
    markMeetingHeld: isCenterStaff,
    cancelMeeting: isCenterStaff,
    recordAttendance: isCenterStaff,
  },
  GroupProgram: isCenterStaff,
  GroupProgramParticipant: isCenterStaff,
  GroupMeeting: isCenterStaff,
  Attendance: isCenterStaff,
});
