import { z } from 'zod';
import * as enums from '@opora/prisma/client';
import type { ContractEndGround } from '@opora/prisma/client';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { definePermissions } from '../permissions/registry.ts';
import { caseIdOfContract, isCenterStaff, onCaseTeam, onCaseTeamOf } from '../permissions/rules.ts';
import { updateAtVersion } from '../support/concurrency.ts';
import { invalidFields, notFound, type FieldIssue } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { idempotentCreate } from '../support/idempotency.ts';
import { idempotencyKey, list, optionalText, pastOrToday, text, version } from '../support/validation.ts';
import { requireCenter } from '../support/viewer.ts';
import { isManagerViewer, restrictedError } from '../support/restriction.ts';
import { assertOpen, caseForWrite, recordMove, referenceId, stageRefusal, staffMembershipIds } from './case-workflow.ts';
import { CenterServiceRef } from './center-services.ts';
import { labelled } from './enums.ts';
import { addDays, isoDay, now, sofiaDayStart, today } from '@opora/common/calendar';
import { contractExpired, daysToContractEnd } from './due-dates.ts';

// The contract for using the service (договор за ползване на социална услуга). The Social
// Services Act and its implementing regulation (ППЗСУ, adopted by ПМС 306/2020) set its minimum
// content: the parties (the person, for a child the legal representative, and the provider),
// the services, the start, end and term, the fees where any, and how it is extended and ended.
// It follows the individual support plan: drafted once the plan is in effect, concluded
// (signed) as its own act, which moves the case from SUPPORT_PLAN to ACTIVE; extended by an
// annex (history kept); ended with its ground when the case closes (closeCase, `endLiveContract`),
// or before, the case staying open (endContract): then delivery stops (case-workflow.ts,
// `deliveryHalted`, `contractEndBefore`) until a new contract is concluded or the case closes.
// A case has at most one contract not ended (server check and a partial unique index).

/** A contract's term in whole months, from its start to its end (the screen and the printed contract alike). */
export function termMonths(startsOn: Date, endsOn: Date): number {
  return (endsOn.getUTCFullYear() - startsOn.getUTCFullYear()) * 12 + endsOn.getUTCMonth() - startsOn.getUTCMonth() - (endsOn.getUTCDate() < startsOn.getUTCDate() ? 1 : 0);
}

export const ContractStatusEnum = labelled('ContractStatus', enums.ContractStatus);
export const ContractEndGroundEnum = labelled('ContractEndGround', enums.ContractEndGround);

export const ContractRef = builder.prismaNode('Contract', {
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    case: t.relation('case'),
    number: t.exposeString('number', { description: 'Unique in the center: Д-2026-0042 unless the center gave its own.' }),
    contractDate: t.expose('contractDate', { type: 'Date' }),
    status: t.expose('status', { type: ContractStatusEnum }),
    representative: t.relation('representative', { nullable: true, description: 'For a child: the legal representative who signs (a client of the center).' }),
    providerSignatory: t.relation('providerSignatory', { description: 'Who signs for the provider: the manager or a named staff member.' }),
    services: t.field({
      type: [CenterServiceRef],
      select: { services: { select: { service: true }, orderBy: { service: { nameBg: 'asc' } } } },
      resolve: (c) => c.services.map((s) => s.service),
    }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', description: 'The end of the term now (after any extension).' }),
    termMonths: t.int({
      description: 'The term in whole months, from the start to the end now.',
      resolve: (c) => termMonths(c.startsOn, c.endsOn),
    }),
    free: t.boolean({ description: 'True when the services are free of charge (no fee).', resolve: (c) => c.feeAmount === null }),
    feeAmount: t.float({ nullable: true, description: 'The fee in euro, where one is due.', resolve: (c) => (c.feeAmount === null ? null : Number(c.feeAmount)) }),
    feeNote: t.exposeString('feeNote', { nullable: true }),
    signedOn: t.expose('signedOn', { type: 'Date', nullable: true }),
    expired: t.boolean({ description: 'Signed, and its term ended before today (extend it, or end it).', resolve: (c) => contractExpired(c) }),
    daysToEnd: t.int({
      nullable: true,
      description: 'For a contract in force: days from today to the end of its term (negative once it has passed); null otherwise.',
      resolve: (c) => (c.status === 'SIGNED' ? daysToContractEnd(c) : null),
    }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true }),
    endGround: t.expose('endGround', { type: ContractEndGroundEnum, nullable: true }),
    endNote: t.exposeString('endNote', { nullable: true }),
    extensions: t.relation('extensions', { query: { orderBy: [{ extendedOn: 'asc' }, { createdAt: 'asc' }] } }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('ContractExtension', {
  description: 'An annex that extended a signed contract: the end before and after, and why.',
  fields: (t) => ({
    extendedOn: t.expose('extendedOn', { type: 'Date' }),
    previousEndsOn: t.expose('previousEndsOn', { type: 'Date' }),
    newEndsOn: t.expose('newEndsOn', { type: 'Date' }),
    ground: t.exposeString('ground'),
    recordedBy: t.relation('recordedBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Case', 'contracts', (t) =>
  t.relation('contracts', { description: 'The contracts for using the service, oldest first (at most one not ended).', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

/** Whether the case has a contract this viewer may not see: its legal representative's processing is restricted (the manager sees it). */
export async function contractHidden(ctx: Context, caseId: string, liveOnly: boolean): Promise<boolean> {
  if (isManagerViewer(ctx)) return false;
  const [row] = await ctx.db.$queryRawUnsafe<{ hidden: boolean }[]>(`SELECT app_case_contract_hidden($1::uuid, $2) AS hidden`, caseId, liveOnly);
  return !!row?.hidden;
}

builder.prismaObjectFields('Case', (t) => ({
  contractHidden: t.boolean({
    description:
      'True when the case has a contract you may not see: the parent who signed it as the legal representative has their processing restricted (GDPR Art. 18). Only the manager reads it; `contracts` leaves it out.',
    resolve: (c, _args, ctx) => contractHidden(ctx, c.id, false),
  }),
}));

// ── Inputs ──────────────────────────────────────────────────────────────────────────────
const fee = z.number('invalidValue').min(0, 'tooSmall|min=0').max(100_000, 'tooBig|max=100000');

const ContractInput = builder.inputType('ContractInput', {
  description: 'The contract’s content. `number` left out: the next Д-<year>-NNNN of the center. `feeAmount` left out: free of charge.',
  fields: (t) => ({
    number: t.string({ required: false, validate: optionalText(40) }),
    contractDate: t.field({ type: 'Date', validate: pastOrToday }),
    representativeId: t.id({ required: false, description: 'For a child: the legal representative (a client of the center, e.g. a parent on the case).' }),
    providerSignatoryId: t.id({ required: false, description: 'A staff membership; the center’s manager by default.' }),
    serviceIds: t.idList({ description: 'Specialised services of the center.', validate: list(z.string().max(200, 'invalidId'), 20, 1) }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date' }),
    feeAmount: t.float({ required: false, validate: fee.nullish() }),
    feeNote: t.string({ required: false, validate: optionalText(500) }),
  }),
  validate: z
    .looseObject({ startsOn: z.date(), endsOn: z.date() })
    .refine((v) => v.endsOn >= v.startsOn, { message: 'endBeforeStart', path: ['endsOn'] }),
});

type ContractShape = typeof ContractInput.$inferInput;

const CreateContractPayload = builder.objectRef<{ contractId: string; replayed: boolean }>('CreateContractPayload').implement({
  fields: (t) => ({
    replayed: t.exposeBoolean('replayed', { description: 'True when an idempotent retry returned the first result.' }),
    contract: t.prismaField({
      type: 'Contract',
      resolve: (query, payload, _a, ctx) => ctx.db.contract.findUniqueOrThrow({ ...query, where: { id: payload.contractId } }),
    }),
  }),
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────

/** The next number in the center and year: Д-2026-0042 (a lock per center and year serialises two drafts). */
async function nextContractNumber(ctx: Context, centerId: string, year: number): Promise<string> {
  const prefix = `Д-${year}-`;
  await ctx.db.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`contract-number:${centerId}:${year}`}))::text`;
  const [row] = await ctx.db.$queryRaw<{ max: number | null }[]>`
    SELECT max(split_part("number", '-', 3)::int) AS max FROM "Contract"
    WHERE "centerId" = ${centerId}::uuid AND "number" ~ ${`^Д-${year}-[0-9]{1,9}$`}`;
  return `${prefix}${String((row?.max ?? 0) + 1).padStart(4, '0')}`;
}

/**
 * The parties, services and dates checked against the case, as the rows to store: the
 * representative is another, adult client (required for a child), the services are the center's
 * specialised ones, the dates follow the referral. All issues at once; nothing is written.
 */
async function contractContent(ctx: Context, c: { personId: string; referralDate: Date }, input: ContractShape, path: string) {
  const issues: FieldIssue[] = [];
  const person = await ctx.db.client.findUniqueOrThrow({ where: { id: c.personId }, select: { kind: true } });
  let representativeId: string | null = null;
  if (input.representativeId) {
    representativeId = await referenceId(ctx, ctx.db.client, input.representativeId, 'Client', `${path}.representativeId`);
    const rep = await ctx.db.client.findUniqueOrThrow({ where: { id: representativeId }, select: { kind: true } });
    if (representativeId === c.personId) issues.push({ path: `${path}.representativeId`, messageKey: 'representativeIsPerson' });
    else if (rep.kind !== 'ADULT') issues.push({ path: `${path}.representativeId`, messageKey: 'representativeNotAdult' });
  } else if (person.kind === 'CHILD') {
    issues.push({ path: `${path}.representativeId`, messageKey: 'contractNeedsRepresentative' });
  }
  const serviceIds: string[] = [];
  for (const g of new Set(input.serviceIds)) {
    const id = await referenceId(ctx, ctx.db.centerService, g, 'CenterService', `${path}.serviceIds`);
    const service = await ctx.db.centerService.findUniqueOrThrow({ where: { id }, select: { access: true } });
    if (service.access !== 'SPECIALISED') issues.push({ path: `${path}.serviceIds`, messageKey: 'serviceNeedsContract' });
    serviceIds.push(id);
  }
  if (input.contractDate < c.referralDate) issues.push({ path: `${path}.contractDate`, messageKey: 'dateBeforeReferral' });
  if (input.startsOn < c.referralDate) issues.push({ path: `${path}.startsOn`, messageKey: 'dateBeforeReferral' });
  if (issues.length) throw invalidFields(ctx.locale, issues);
  let providerSignatoryId: string;
  if (input.providerSignatoryId) [providerSignatoryId] = (await staffMembershipIds(ctx, [input.providerSignatoryId], `${path}.providerSignatoryId`)) as [string];
  else {
    const { centerId, membershipId } = requireCenter(ctx);
    const manager = await ctx.db.membership.findFirst({
      where: { centerId, role: 'MANAGER', OR: [{ endedOn: null }, { endedOn: { gte: today() } }] },
      orderBy: { startedOn: 'asc' },
      select: { id: true },
    });
    providerSignatoryId = manager?.id ?? membershipId;
  }
  return {
    fields: {
      contractDate: input.contractDate,
      representativeId,
      providerSignatoryId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      feeAmount: input.feeAmount ?? null,
      feeNote: input.feeNote ?? null,
    },
    serviceIds,
  };
}

async function contractForWrite(ctx: Context, globalId: string) {
  const id = idOf(globalId, 'Contract');
  const found = id
    ? await ctx.db.contract.findUnique({ where: { id }, include: { case: { select: { id: true, centerId: true, status: true, referralDate: true, personId: true } } } })
    : null;
  if (!found) throw notFound(ctx.locale);
  return found;
}

async function numberFree(ctx: Context, centerId: string, number: string, path: string, except?: string) {
  const taken = await ctx.db.contract.findFirst({ where: { centerId, number, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (taken) throw invalidFields(ctx.locale, [{ path, messageKey: 'contractNumberTaken' }]);
}

type LiveContract = { id: string; caseId: string; version: number; signedOn: Date | null; endsOn: Date };

/**
 * The checks of ending a contract in force on `endedOn` with `ground`, all at once: not before
 * its signing; the expiry of the term only once the term has ended, and no other ground after it
 * (the contract ended by that expiry); no session of the case delivered after the end (delivery
 * needs a contract in force). `datePath` names the date's field (closedOn or endedOn).
 */
async function endIssues(ctx: Context, live: LiveContract, endedOn: Date, ground: ContractEndGround, groundPath: string, datePath: string): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  if (live.signedOn && endedOn < live.signedOn) issues.push({ path: datePath, messageKey: 'endBeforeSigning' });
  if (ground === 'TERM_EXPIRED' && endedOn < live.endsOn) issues.push({ path: groundPath, messageKey: 'termNotExpired' });
  if (ground !== 'TERM_EXPIRED' && endedOn > live.endsOn) issues.push({ path: groundPath, messageKey: 'termAlreadyExpired', params: { date: isoDay(live.endsOn) } });
  // Held sessions only: one planned ahead, missed or cancelled is not delivery.
  const later = await ctx.db.session.count({ where: { caseId: live.caseId, status: 'HELD', startsAt: { gte: sofiaDayStart(addDays(endedOn, 1)) } } });
  if (later) issues.push({ path: datePath, messageKey: 'sessionsAfterContractEnd' });
  return issues;
}

/** Writes the end (status ENDED, the day, the ground, the note) of a contract the caller has checked. */
async function recordEnd(ctx: Context, live: LiveContract, version: number, endedOn: Date, ground: ContractEndGround, note: string | null) {
  await updateAtVersion(ctx, 'Contract', ctx.db.contract as never, live.id, version, { status: 'ENDED', endedOn, endGround: ground, endNote: note });
  ctx.audit.record('UPDATE', 'Contract', live.id, { status: 'ENDED', endGround: ground });
}

/**
 * Ends the case's contract in force, if it has one, on the closure date with its ground (the
 * ground is required then, and refused when there is nothing to end). Called by closeCase, in
 * its transaction: an error writes nothing.
 */
export async function endLiveContract(ctx: Context, caseId: string, endedOn: Date, ground: ContractEndGround | null, note: string | null) {
  const live = await ctx.db.contract.findFirst({ where: { caseId, status: 'SIGNED' } });
  if (!live) {
    if (ground) throw invalidFields(ctx.locale, [{ path: 'contractEndGround', messageKey: 'noContractToEnd' }]);
    return null;
  }
  if (!ground) throw invalidFields(ctx.locale, [{ path: 'contractEndGround', messageKey: 'contractEndGroundNeeded' }]);
  const issues = await endIssues(ctx, live, endedOn, ground, 'contractEndGround', 'closedOn');
  if (issues.length) throw invalidFields(ctx.locale, issues);
  await recordEnd(ctx, live, live.version, endedOn, ground, note);
  return live.id;
}

// ── Mutations ───────────────────────────────────────────────────────────────────────────
builder.mutationFields((t) => ({
  createContract: t.field({
    type: CreateContractPayload,
    description:
      'A draft contract for using the service, once the support plan is in effect (case SUPPORT_PLAN, or ACTIVE without a contract: an active case from before may record its contract later). concludeContract signs it. Retries with the same idempotencyKey return the first contract.',
    args: {
      caseId: t.arg.id(),
      input: t.arg({ type: ContractInput }),
      idempotencyKey: t.arg.string({ required: false, validate: idempotencyKey }),
    },
    resolve: async (_root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const result = await idempotentCreate(ctx, 'createContract', args.idempotencyKey, { caseId: args.caseId, input: args.input }, async () => {
        const c = await caseForWrite(ctx, args.caseId);
        assertOpen(ctx, c);
        if (c.status !== 'SUPPORT_PLAN' && c.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'contractNotInStage', c.status);
        const inEffect = await ctx.db.supportPlan.count({ where: { caseId: c.id, status: 'ACTIVE' } });
        if (!inEffect) throw stageRefusal(ctx.locale, 'contractNeedsPlan', c.status);
        const live = await ctx.db.contract.count({ where: { caseId: c.id, status: { not: 'ENDED' } } });
        if (live) throw stageRefusal(ctx.locale, 'contractAlreadyLive', c.status);
        // A live contract hidden by its representative's restriction: the case has one, which only the manager sees.
        if (await contractHidden(ctx, c.id, true)) throw restrictedError(ctx);
        const { fields, serviceIds } = await contractContent(ctx, c, args.input, 'input');
        const number = args.input.number ?? (await nextContractNumber(ctx, centerId, fields.contractDate.getUTCFullYear()));
        await numberFree(ctx, centerId, number, 'input.number');
        const created = await ctx.db.contract.create({ data: { ...fields, centerId, caseId: c.id, number, status: 'DRAFT' }, select: { id: true } });
        await ctx.db.contractService.createMany({ data: serviceIds.map((serviceId) => ({ centerId, contractId: created.id, serviceId })) });
        ctx.audit.record('CREATE', 'Contract', created.id, { caseId: c.id, number });
        return created;
      });
      return { contractId: result.id, replayed: result.replayed };
    },
  }),

  updateContract: t.prismaField({
    type: 'Contract',
    description: 'Edits a draft contract (a signed one changes only by extendContract). A stale `version` gives CONFLICT with the current record.',
    args: { id: t.arg.id(), version: t.arg.int({ validate: version }), input: t.arg({ type: ContractInput }) },
    resolve: async (query, _root, args, ctx) => {
      const { centerId } = requireCenter(ctx);
      const contract = await contractForWrite(ctx, args.id);
      assertOpen(ctx, contract.case);
      if (contract.status !== 'DRAFT') throw stageRefusal(ctx.locale, 'contractNotDraft', contract.case.status);
      const { fields, serviceIds } = await contractContent(ctx, contract.case, args.input, 'input');
      const number = args.input.number ?? contract.number;
      await numberFree(ctx, centerId, number, 'input.number', contract.id);
      await updateAtVersion(ctx, 'Contract', ctx.db.contract as never, contract.id, args.version, { ...fields, number });
      await ctx.db.contractService.deleteMany({ where: { contractId: contract.id, serviceId: { notIn: serviceIds } } });
      await ctx.db.contractService.createMany({ data: serviceIds.map((serviceId) => ({ centerId, contractId: contract.id, serviceId })), skipDuplicates: true });
      ctx.audit.record('UPDATE', 'Contract', contract.id);
      return ctx.db.contract.findUniqueOrThrow({ ...query, where: { id: contract.id } });
    },
  }),

  concludeContract: t.prismaField({
    type: 'Contract',
    description:
      'Concludes (signs) a draft contract: in force from its start. A case in SUPPORT_PLAN moves to ACTIVE (delivery begins); an ACTIVE case from before stays ACTIVE. Needs the support plan in effect. A signed contract is not concluded twice (INVALID_TRANSITION).',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      signedOn: t.arg({ type: 'Date', validate: pastOrToday }),
    },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const contract = await contractForWrite(ctx, args.id);
      assertOpen(ctx, contract.case);
      if (contract.status !== 'DRAFT') throw stageRefusal(ctx.locale, 'contractAlreadySigned', contract.case.status);
      if (contract.case.status !== 'SUPPORT_PLAN' && contract.case.status !== 'ACTIVE') throw stageRefusal(ctx.locale, 'contractNotInStage', contract.case.status);
      const inEffect = await ctx.db.supportPlan.count({ where: { caseId: contract.caseId, status: 'ACTIVE' } });
      if (!inEffect) throw stageRefusal(ctx.locale, 'contractNeedsPlan', contract.case.status);
      if (args.signedOn < contract.contractDate) throw invalidFields(ctx.locale, [{ path: 'signedOn', messageKey: 'signedBeforeContractDate' }]);
      if (args.signedOn > contract.endsOn) throw invalidFields(ctx.locale, [{ path: 'signedOn', messageKey: 'signedAfterTermEnd' }]);
      await updateAtVersion(ctx, 'Contract', ctx.db.contract as never, contract.id, args.version, { status: 'SIGNED', signedOn: args.signedOn });
      ctx.audit.record('UPDATE', 'Contract', contract.id, { status: 'SIGNED' });
      if (contract.case.status === 'SUPPORT_PLAN') await recordMove(ctx, contract.case, 'ACTIVE', `Договор № ${contract.number}`);
      return ctx.db.contract.findUniqueOrThrow({ ...query, where: { id: contract.id } });
    },
  }),

  extendContract: t.prismaField({
    type: 'Contract',
    description: 'Extends a signed contract to a later end (an annex), with its ground; the earlier end is kept in `extensions`.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      newEndsOn: t.arg({ type: 'Date' }),
      extendedOn: t.arg({ type: 'Date', validate: pastOrToday }),
      ground: t.arg.string({ validate: text(2000), description: 'Why: e.g. the plan review found the goals need more time.' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { centerId, membershipId } = requireCenter(ctx);
      const contract = await contractForWrite(ctx, args.id);
      assertOpen(ctx, contract.case);
      if (contract.status !== 'SIGNED') throw stageRefusal(ctx.locale, 'contractNotSigned', contract.case.status);
      const issues: FieldIssue[] = [];
      if (args.newEndsOn <= contract.endsOn) issues.push({ path: 'newEndsOn', messageKey: 'extensionNotLater' });
      if (contract.signedOn && args.extendedOn < contract.signedOn) issues.push({ path: 'extendedOn', messageKey: 'extensionBeforeSigning' });
      if (issues.length) throw invalidFields(ctx.locale, issues);
      await updateAtVersion(ctx, 'Contract', ctx.db.contract as never, contract.id, args.version, { endsOn: args.newEndsOn });
      await ctx.db.contractExtension.create({
        data: { centerId, contractId: contract.id, extendedOn: args.extendedOn, previousEndsOn: contract.endsOn, newEndsOn: args.newEndsOn, ground: args.ground, recordedById: membershipId },
        select: { id: true },
      });
      ctx.audit.record('UPDATE', 'Contract', contract.id, { extendedTo: args.newEndsOn });
      return ctx.db.contract.findUniqueOrThrow({ ...query, where: { id: contract.id } });
    },
  }),

  endContract: t.prismaField({
    type: 'Contract',
    description:
      'Ends the contract in force without closing the case, on `endedOn` with the ground the regulation names (ППЗСУ): e.g. the person’s notice, the expiry of the term (only once it has ended; after it, only that ground). The case stays ACTIVE with delivery stopped: no session is recorded after the end and no reassessment started until a new contract is concluded (createContract, concludeContract), or the case closes. Refused (INVALID_TRANSITION) for a contract not in force; BAD_USER_INPUT for a date before the signing, in the future, or before a session already recorded.',
    args: {
      id: t.arg.id(),
      version: t.arg.int({ validate: version }),
      endedOn: t.arg({ type: 'Date', validate: pastOrToday }),
      ground: t.arg({ type: ContractEndGroundEnum }),
      note: t.arg.string({ required: false, validate: optionalText(2000) }),
    },
    resolve: async (query, _root, args, ctx) => {
      requireCenter(ctx);
      const contract = await contractForWrite(ctx, args.id);
      assertOpen(ctx, contract.case);
      if (contract.status !== 'SIGNED') throw stageRefusal(ctx.locale, 'contractNotInForce', contract.case.status);
      const issues = await endIssues(ctx, contract, args.endedOn, args.ground, 'ground', 'endedOn');
      if (issues.length) throw invalidFields(ctx.locale, issues);
      await recordEnd(ctx, contract, args.version, args.endedOn, args.ground, args.note ?? null);
      return ctx.db.contract.findUniqueOrThrow({ ...query, where: { id: contract.id } });
    },
  }),
}));

definePermissions({
  Mutation: {
    createContract: onCaseTeam((args) => args.caseId),
    updateContract: onCaseTeamOf(caseIdOfContract),
    concludeContract: onCaseTeamOf(caseIdOfContract),
    extendContract: onCaseTeamOf(caseIdOfContract),
    endContract: onCaseTeamOf(caseIdOfContract),
  },
  // Who reads a contract follows its case.
  Contract: isCenterStaff,
  ContractExtension: isCenterStaff,
  CreateContractPayload: isCenterStaff,
});

