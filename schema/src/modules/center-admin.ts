import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Prisma } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { isCenterManager, isCenterStaff, isOwnCenterStaff, isSignedIn } from '../permissions/rules.ts';
import { forbidden, invalidFields, notFound, oporaError, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { email, intRange, list, optionalText, pastOrToday, phone, text } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { localizedName } from './catalogue.ts';
import { DeliveryModeEnum, PartnerKindEnum, ServiceAccessEnum, TeamKindEnum } from './enums.ts';
import { MembershipRef } from './viewer.ts';
import { isoDay, today } from '@opora/common/calendar';

// The center as its own staff see it: services, teams, staff and partners. Managers edit,
// the rest of the staff read. `Center` itself is a public directory type, so every field
// added here is guarded twice: a rule that the center is the viewer's own active center,
// and the same check in the resolver (RLS would also hide another center's rows).

// ───────────────────────────── Types ─────────────────────────────

export const CenterServiceRef = builder.prismaNode('CenterService', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    serviceKind: t.relation('serviceKind'),
    name: t.string({ resolve: localizedName }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
    access: t.expose('access', { type: ServiceAccessEnum }),
    capacity: t.exposeInt('capacity', { nullable: true }),
    deliveryModes: t.expose('deliveryModes', { type: [DeliveryModeEnum] }),
    active: t.exposeBoolean('active'),
  }),
});

export const TeamRef = builder.prismaNode('Team', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: TeamKindEnum }),
    name: t.string({ resolve: localizedName }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn'),
    members: t.field({
      type: [MembershipRef],
      description: 'Staff on the team (memberships of the center, ended ones included).',
      select: (_args, _ctx, nestedSelection) => ({
        members: { select: { membership: nestedSelection(true) }, orderBy: { membership: { startedOn: 'asc' } } },
      }),
      resolve: (team) => team.members.map((m) => m.membership),
    }),
  }),
});

export const PartnerMunicipalityRef = builder.prismaObject('CenterPartnerMunicipality', {
  name: 'PartnerMunicipality',
  description: 'A municipality whose residents may use the center’s services.',
  fields: (t) => ({
    municipality: t.relation('municipality'),
    since: t.expose('since', { type: 'Date' }),
    until: t.expose('until', { type: 'Date', nullable: true }),
  }),
});

export const PartnerOrganizationRef = builder.prismaNode('PartnerOrganization', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    kind: t.expose('kind', { type: PartnerKindEnum }),
    name: t.string({ resolve: (p, _a, ctx) => (ctx.locale === 'en' ? (p.nameEn ?? p.nameBg) : p.nameBg) }),
    nameBg: t.exposeString('nameBg'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    since: t.expose('since', { type: 'Date', nullable: true }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

// The position as the center writes it, in both languages, for the edit form.
builder.prismaObjectFields('Membership', (t) => ({
  titleBg: t.exposeString('titleBg', { nullable: true }),
  titleEn: t.exposeString('titleEn', { nullable: true }),
}));

/** Staff roles a center can give (network and municipal roles are not the center's to give). */
export const CenterRoleEnum = builder.enumType('CenterRole', {
  values: ['MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE'] as const,
});

// ───────────────────────────── The center's own data ─────────────────────────────

/** The center being read is the viewer's active center (the field rule and the resolver both ask). */
export function requireOwnCenter(ctx: Context, center: { id: string }): string {
  const { centerId } = requireCenter(ctx);
  if (center.id !== centerId) throw forbidden(ctx.locale);
  return centerId;
}



export const current = () => ({ OR: [{ endedOn: null }, { endedOn: { gte: today() } }] });

builder.prismaObjectFields('Center', (t) => ({
  services: t.prismaField({
    type: ['CenterService'],
    nullable: true,
    description: 'The center’s services (staff of this center only).',
    args: { includeInactive: t.arg.boolean({ required: false }) },
    resolve: (query, center, args, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.centerService.findMany({
        ...query,
        where: { centerId, ...(args.includeInactive ? {} : { active: true }) },
        orderBy: [{ active: 'desc' }, { nameBg: 'asc' }, { id: 'asc' }],
      });
    },
  }),
  teams: t.prismaField({
    type: ['Team'],
    nullable: true,
    description: 'The center’s teams (staff of this center only).',
    resolve: (query, center, _a, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.team.findMany({ ...query, where: { centerId }, orderBy: [{ nameBg: 'asc' }, { id: 'asc' }] });
    },
  }),
  staff: t.prismaField({
    type: ['Membership'],
    nullable: true,
    description: 'The center’s staff: current memberships, or every one with `includeEnded` (staff of this center only).',
    args: { includeEnded: t.arg.boolean({ required: false }) },
    resolve: (query, center, args, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.membership.findMany({
        ...query,
        where: { centerId, ...(args.includeEnded ? {} : current()) },
        orderBy: [{ user: { displayName: 'asc' } }, { id: 'asc' }],
      });
    },
  }),
  partnerMunicipalities: t.prismaField({
    type: ['CenterPartnerMunicipality'],
    nullable: true,
    description: 'Municipalities whose residents may use the services; ended ones with `includeEnded`.',
    args: { includeEnded: t.arg.boolean({ required: false }) },
    resolve: (query, center, args, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.centerPartnerMunicipality.findMany({
        ...query,
        where: { centerId, ...(args.includeEnded ? {} : { OR: [{ until: null }, { until: { gte: today() } }] }) },
        orderBy: [{ since: 'asc' }, { municipalityId: 'asc' }],
      });
    },
  }),
  partnerOrganizations: t.prismaField({
    type: ['PartnerOrganization'],
    nullable: true,
    description: 'Partner organizations: referrers, co-organizers, donors (staff of this center only).',
    resolve: (query, center, _a, ctx) => {
      const centerId = requireOwnCenter(ctx, center);
      return ctx.db.partnerOrganization.findMany({ ...query, where: { centerId }, orderBy: [{ kind: 'asc' }, { nameBg: 'asc' }, { id: 'asc' }] });
    },
  }),
}));

// ───────────────────────────── Inputs ─────────────────────────────

const optionalId = z.string().max(200, 'invalidId').nullish();

const CenterProfileInput = builder.inputType('CenterProfileInput', {
  fields: (t) => ({
    nameBg: t.string({ validate: text(200) }),
    nameEn: t.string({ validate: text(200) }),
    providerNameBg: t.string({ validate: text(200) }),
    providerNameEn: t.string({ validate: text(200) }),
    addressBg: t.string({ validate: text(300) }),
    addressEn: t.string({ required: false, validate: optionalText(300) }),
    phone: t.string({ required: false, validate: phone }),
    email: t.string({ required: false, validate: email.nullish() }),
    licensedCapacity: t.int({ validate: intRange(0, 100_000) }),
  }),
});

const CenterServiceInput = builder.inputType('CenterServiceInput', {
  fields: (t) => ({
    serviceKindId: t.id({ validate: z.string().max(200, 'invalidId') }),
    nameBg: t.string({ validate: text(200) }),
    nameEn: t.string({ validate: text(200) }),
    access: t.field({
      type: ServiceAccessEnum,
      required: false,
      description: 'Defaults to the kind’s usual access (open-access kinds need no referral).',
    }),
    capacity: t.int({ required: false, validate: intRange(1, 10_000).nullish() }),
    deliveryModes: t.field({ type: [DeliveryModeEnum], validate: list(z.string(), 4, 1) }),
  }),
});

const TeamInput = builder.inputType('TeamInput', {
  fields: (t) => ({
    kind: t.field({ type: TeamKindEnum }),
    nameBg: t.string({ validate: text(200) }),
    nameEn: t.string({ validate: text(200) }),
  }),
});

const fte = z
  .number()
  .gt(0, 'tooSmall|min=0.01')
  .max(1, 'tooBig|max=1')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'invalidValue')
  .nullish();

export const AddStaffMemberInput = builder.inputType('AddStaffMemberInput', {
  fields: (t) => ({
    email: t.string({ validate: email }),
    displayName: t.string({ validate: text(200), description: 'The name the invitation shows; a new account takes it.' }),
    role: t.field({ type: CenterRoleEnum }),
    professionId: t.id({ required: false, validate: optionalId }),
    titleBg: t.string({ required: false, validate: optionalText(200) }),
    titleEn: t.string({ required: false, validate: optionalText(200) }),
    fte: t.float({ required: false, validate: fte }),
    startedOn: t.field({ type: 'Date', required: false, description: 'Defaults to today.' }),
  }),
});

const UpdateStaffMemberInput = builder.inputType('UpdateStaffMemberInput', {
  fields: (t) => ({
    role: t.field({ type: CenterRoleEnum }),
    professionId: t.id({ required: false, validate: optionalId }),
    titleBg: t.string({ required: false, validate: optionalText(200) }),
    titleEn: t.string({ required: false, validate: optionalText(200) }),
    fte: t.float({ required: false, validate: fte }),
    startedOn: t.field({ type: 'Date', required: false, description: 'Unchanged when left out.' }),
  }),
});

const PartnerOrganizationInput = builder.inputType('PartnerOrganizationInput', {
  fields: (t) => ({
    kind: t.field({ type: PartnerKindEnum }),
    nameBg: t.string({ validate: text(300) }),
    nameEn: t.string({ required: false, validate: optionalText(300) }),
    since: t.field({ type: 'Date', required: false, validate: pastOrToday.nullish() }),
    note: t.string({ required: false, validate: optionalText(1000) }),
  }),
});

// ───────────────────────────── Lookups inside the center ─────────────────────────────

async function findOwn<T>(ctx: Context, find: () => Promise<T | null>): Promise<T> {
  const found = await find();
  if (!found) throw notFound(ctx.locale);
  return found;
}

export async function professionIdOf(ctx: Context, globalId: string | null | undefined, path: string): Promise<string | null> {
  if (!globalId) return null;
  const id = idOf(globalId, 'Profession');
  const found = id ? await ctx.db.profession.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!found) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  return found.id;
}

async function municipalityIdOf(ctx: Context, globalId: string, path: string): Promise<string> {
  const id = idOf(globalId, 'Municipality');
  const found = id ? await ctx.db.municipality.findUnique({ where: { id }, select: { id: true } }) : null;
  if (!found) throw invalidFields(ctx.locale, [{ path, messageKey: 'unknownReference' }]);
  return found.id;
}

/** A staff membership of the active center (never the viewer's membership elsewhere). */
export function ownMembership(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'Membership');
  return findOwn(ctx, () => (id ? ctx.db.membership.findFirst({ where: { id, centerId } }) : Promise.resolve(null)));
}

function ownService(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'CenterService');
  return findOwn(ctx, () => (id ? ctx.db.centerService.findFirst({ where: { id, centerId } }) : Promise.resolve(null)));
}

function ownTeam(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'Team');
  return findOwn(ctx, () => (id ? ctx.db.team.findFirst({ where: { id, centerId } }) : Promise.resolve(null)));
}

function ownPartnerOrganization(ctx: Context, globalId: string) {
  const { centerId } = requireCenter(ctx);
  const id = idOf(globalId, 'PartnerOrganization');
  return findOwn(ctx, () => (id ? ctx.db.partnerOrganization.findFirst({ where: { id, centerId } }) : Promise.resolve(null)));
}

type ServiceInputShape = typeof CenterServiceInput.$inferInput;

async function serviceData(ctx: Context, input: ServiceInputShape) {
  const kindId = idOf(input.serviceKindId, 'ServiceKind');
  const kind = kindId ? await ctx.db.serviceKind.findUnique({ where: { id: kindId } }) : null;
  if (!kind) throw invalidFields(ctx.locale, [{ path: 'input.serviceKindId', messageKey: 'unknownReference' }]);
  return {
    serviceKindId: kind.id,
    nameBg: input.nameBg,
    nameEn: input.nameEn,
    access: input.access ?? (kind.openAccessByDefault ? ('OPEN_ACCESS' as const) : ('SPECIALISED' as const)),
    capacity: input.capacity ?? null,
    // Order-independent and without repeats, as the center's form means it.
    deliveryModes: [...new Set(input.deliveryModes)],
  } satisfies Omit<Prisma.CenterServiceUncheckedCreateInput, 'centerId'>;
}

function endNotBeforeStart(ctx: Context, start: Date, end: Date, path: string): void {
  if (end.getTime() < start.getTime()) throw invalidFields(ctx.locale, [{ path, messageKey: 'endBeforeStart' }]);
}

// ───────────────────────────── Mutations ─────────────────────────────

builder.mutationFields((t) => ({
  updateCenterProfile: t.prismaField({
    type: 'Center',
    description: 'Edit the active center’s public profile.',
    args: { input: t.arg({ type: CenterProfileInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      await ctx.db.center.update({
        where: { id: centerId },
        data: {
          nameBg: input.nameBg,
          nameEn: input.nameEn,
          providerNameBg: input.providerNameBg,
          providerNameEn: input.providerNameEn,
          addressBg: input.addressBg,
          addressEn: input.addressEn ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          licensedCapacity: input.licensedCapacity,
        },
      });
      ctx.audit.record('UPDATE', 'Center', centerId);
      return ctx.db.center.findUniqueOrThrow({ ...query, where: { id: centerId } });
    },
  }),

  createService: t.prismaField({
    type: 'CenterService',
    args: { input: t.arg({ type: CenterServiceInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const data = await serviceData(ctx, input);
      const created = await ctx.db.centerService.create({ data: { ...data, centerId }, select: { id: true } });
      ctx.audit.record('CREATE', 'CenterService', created.id);
      return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updateService: t.prismaField({
    type: 'CenterService',
    args: { id: t.arg.id(), input: t.arg({ type: CenterServiceInput }) },
    resolve: async (query, _root, args, ctx) => {
      const service = await ownService(ctx, args.id);
      const data = await serviceData(ctx, args.input);
      await ctx.db.centerService.update({ where: { id: service.id }, data });
      ctx.audit.record('UPDATE', 'CenterService', service.id);
      return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: service.id } });
    },
  }),
  deactivateService: t.prismaField({
    type: 'CenterService',
    description: 'Stop offering a service; its past sessions and plans keep pointing at it.',
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) => setServiceActive(ctx, query, args.id, false),
  }),
  reactivateService: t.prismaField({
    type: 'CenterService',
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) => setServiceActive(ctx, query, args.id, true),
  }),

  createTeam: t.prismaField({
    type: 'Team',
    args: { input: t.arg({ type: TeamInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const team = await ctx.db.team.create({
        data: { centerId, kind: input.kind, nameBg: input.nameBg, nameEn: input.nameEn },
        select: { id: true },
      });
      ctx.audit.record('CREATE', 'Team', team.id);
      return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
    },
  }),
  updateTeam: t.prismaField({
    type: 'Team',
    args: { id: t.arg.id(), input: t.arg({ type: TeamInput }) },
    resolve: async (query, _root, args, ctx) => {
      const team = await ownTeam(ctx, args.id);
      await ctx.db.team.update({
        where: { id: team.id },
        data: { kind: args.input.kind, nameBg: args.input.nameBg, nameEn: args.input.nameEn },
      });
      ctx.audit.record('UPDATE', 'Team', team.id);
      return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
    },
  }),
  setTeamMembers: t.prismaField({
    type: 'Team',
    description: 'Replace the team’s members with these current staff memberships of the center.',
    args: {
      teamId: t.arg.id(),
      membershipIds: t.arg.idList({ validate: list(z.string().max(200, 'invalidId'), 100) }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const team = await ownTeam(ctx, args.teamId);
      const ids = args.membershipIds.map((g) => idOf(g, 'Membership'));
      const known = await ctx.db.membership.findMany({
        where: { centerId, id: { in: ids.filter((id): id is string => !!id) }, ...current() },
        select: { id: true },
      });
      const knownIds = new Set(known.map((m) => m.id));
      const seen = new Set<string>();
      const issues: FieldIssue[] = [];
      ids.forEach((id, i) => {
        if (!id || !knownIds.has(id)) issues.push({ path: `membershipIds.${i}`, messageKey: 'unknownReference' });
        else if (seen.has(id)) issues.push({ path: `membershipIds.${i}`, messageKey: 'duplicateItem' });
        else seen.add(id);
      });
      if (issues.length) throw invalidFields(ctx.locale, issues);
      await ctx.db.teamMember.deleteMany({ where: { centerId, teamId: team.id, membershipId: { notIn: [...seen] } } });
      await ctx.db.teamMember.createMany({
        data: [...seen].map((membershipId) => ({ centerId, teamId: team.id, membershipId })),
        skipDuplicates: true,
      });
      ctx.audit.record('UPDATE', 'Team', team.id, { members: [...seen] });
      return ctx.db.team.findUniqueOrThrow({ ...query, where: { id: team.id } });
    },
  }),

  updateStaffMember: t.prismaField({
    type: 'Membership',
    args: { membershipId: t.arg.id(), input: t.arg({ type: UpdateStaffMemberInput }) },
    resolve: async (query, _root, { membershipId, input }, ctx) => {
      const viewer = requireCenter(ctx);
      const membership = await ownMembership(ctx, membershipId);
      // A manager cannot demote themselves and leave the center without one.
      if (membership.id === viewer.membershipId && input.role !== membership.role) {
        throw invalidFields(ctx.locale, [{ path: 'input.role', messageKey: 'cannotChangeOwnRole' }]);
      }
      const professionId = await professionIdOf(ctx, input.professionId, 'input.professionId');
      const startedOn = input.startedOn ?? membership.startedOn;
      if (membership.endedOn) endNotBeforeStart(ctx, startedOn, membership.endedOn, 'input.startedOn');
      await ctx.db.membership.update({
        where: { id: membership.id },
        data: {
          role: input.role,
          professionId,
          titleBg: input.titleBg ?? null,
          titleEn: input.titleEn ?? null,
          fte: input.fte ?? null,
          startedOn,
        },
      });
      ctx.audit.record('UPDATE', 'Membership', membership.id);
      return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: membership.id } });
    },
  }),
  endStaffMember: t.prismaField({
    type: 'Membership',
    description: 'The staff member leaves the center on `endedOn` (their account stays; sign-in to this center stops after that day).',
    args: { membershipId: t.arg.id(), endedOn: t.arg({ type: 'Date' }) },
    resolve: async (query, _root, args, ctx) => {
      const viewer = requireCenter(ctx);
      const membership = await ownMembership(ctx, args.membershipId);
      if (membership.id === viewer.membershipId) throw oporaError('FORBIDDEN', 'cannotEndOwnMembership', ctx.locale);
      endNotBeforeStart(ctx, membership.startedOn, args.endedOn, 'endedOn');
      await ctx.db.membership.update({ where: { id: membership.id }, data: { endedOn: args.endedOn } });
      ctx.audit.record('UPDATE', 'Membership', membership.id, { endedOn: isoDay(args.endedOn) });
      return ctx.db.membership.findUniqueOrThrow({ ...query, where: { id: membership.id } });
    },
  }),

  addPartnerMunicipality: t.prismaField({
    type: 'CenterPartnerMunicipality',
    description: 'Residents of this municipality may use the services from `since` (an ended partnership is renewed).',
    args: { municipalityId: t.arg.id(), since: t.arg({ type: 'Date' }) },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const municipalityId = await municipalityIdOf(ctx, args.municipalityId, 'municipalityId');
      const key = { centerId_municipalityId: { centerId, municipalityId } };
      const existing = await ctx.db.centerPartnerMunicipality.findUnique({ where: key });
      if (existing && (!existing.until || existing.until.getTime() >= today().getTime())) {
        throw invalidFields(ctx.locale, [{ path: 'municipalityId', messageKey: 'alreadyPartner' }]);
      }
      // One row per municipality: renewing an ended partnership starts it again.
      await ctx.db.centerPartnerMunicipality.upsert({
        where: key,
        create: { centerId, municipalityId, since: args.since },
        update: { since: args.since, until: null },
      });
      ctx.audit.record(existing ? 'UPDATE' : 'CREATE', 'CenterPartnerMunicipality', municipalityId);
      return ctx.db.centerPartnerMunicipality.findUniqueOrThrow({ ...query, where: key });
    },
  }),
  endPartnerMunicipality: t.prismaField({
    type: 'CenterPartnerMunicipality',
    args: { municipalityId: t.arg.id(), until: t.arg({ type: 'Date' }) },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const municipalityId = idOf(args.municipalityId, 'Municipality');
      const key = { centerId_municipalityId: { centerId, municipalityId: municipalityId ?? '' } };
      const existing = municipalityId ? await ctx.db.centerPartnerMunicipality.findUnique({ where: key }) : null;
      if (!existing) throw notFound(ctx.locale);
      endNotBeforeStart(ctx, existing.since, args.until, 'until');
      await ctx.db.centerPartnerMunicipality.update({ where: key, data: { until: args.until } });
      ctx.audit.record('UPDATE', 'CenterPartnerMunicipality', existing.municipalityId);
      return ctx.db.centerPartnerMunicipality.findUniqueOrThrow({ ...query, where: key });
    },
  }),
  addPartnerOrganization: t.prismaField({
    type: 'PartnerOrganization',
    args: { input: t.arg({ type: PartnerOrganizationInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { centerId } = requireCenter(ctx);
      const created = await ctx.db.partnerOrganization.create({ data: { ...partnerData(input), centerId }, select: { id: true } });
      ctx.audit.record('CREATE', 'PartnerOrganization', created.id);
      return ctx.db.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updatePartnerOrganization: t.prismaField({
    type: 'PartnerOrganization',
    args: { id: t.arg.id(), input: t.arg({ type: PartnerOrganizationInput }) },
    resolve: async (query, _root, args, ctx) => {
      const partner = await ownPartnerOrganization(ctx, args.id);
      await ctx.db.partnerOrganization.update({ where: { id: partner.id }, data: partnerData(args.input) });
      ctx.audit.record('UPDATE', 'PartnerOrganization', partner.id);
      return ctx.db.partnerOrganization.findUniqueOrThrow({ ...query, where: { id: partner.id } });
    },
  }),
}));

function partnerData(input: typeof PartnerOrganizationInput.$inferInput) {
  return {
    kind: input.kind,
    nameBg: input.nameBg,
    nameEn: input.nameEn ?? null,
    since: input.since ?? null,
    note: input.note ?? null,
  };
}

async function setServiceActive(ctx: Context, query: object, globalId: string, active: boolean) {
  const service = await ownService(ctx, globalId);
  if (service.active !== active) {
    await ctx.db.centerService.update({ where: { id: service.id }, data: { active } });
    ctx.audit.record('UPDATE', 'CenterService', service.id, { active });
  }
  return ctx.db.centerService.findUniqueOrThrow({ ...query, where: { id: service.id } });
}

definePermissions({
  // Relay's node(id:)/nodes(ids:): which types resolve is decided per type in
  // support/global-id.ts (mayResolveNode), each type's own rules guard its fields, and RLS
  // hides other centers' rows. Declared here (no other module did) so staff can refetch
  // teams, services and memberships by id.
  Query: { node: isSignedIn, nodes: isSignedIn },
  Center: {
    services: isOwnCenterStaff,
    teams: isOwnCenterStaff,
    staff: isOwnCenterStaff,
    partnerMunicipalities: isOwnCenterStaff,
    partnerOrganizations: isOwnCenterStaff,
  },
  Mutation: {
    updateCenterProfile: isCenterManager,
    createService: isCenterManager,
    updateService: isCenterManager,
    deactivateService: isCenterManager,
    reactivateService: isCenterManager,
    createTeam: isCenterManager,
    updateTeam: isCenterManager,
    setTeamMembers: isCenterManager,
    updateStaffMember: isCenterManager,
    endStaffMember: isCenterManager,
    addPartnerMunicipality: isCenterManager,
    endPartnerMunicipality: isCenterManager,
    addPartnerOrganization: isCenterManager,
    updatePartnerOrganization: isCenterManager,
  },
  CenterService: isCenterStaff,
  Team: isCenterStaff,
  PartnerMunicipality: isCenterStaff,
  PartnerOrganization: isCenterStaff,
});
