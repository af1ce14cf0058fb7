import type { Prisma } from '@opora/prisma/client';
import { isoDay, SOFIA, sofiaToday } from '@opora/common/calendar';
import { documentWords, enumLabel, type Lang } from '@opora/common/vocabulary';
import type { Context } from '../context.ts';
import { previousAssessment } from '../modules/assessment.ts';
import { caseTeamAnswer } from '../permissions/rules.ts';
import { forbidden, notFound, unauthenticated } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { CENTER_ROLES } from '../support/viewer.ts';
import type { CenterHeading } from './engine.ts';
import { missingAnswer } from '../support/restriction.ts';

// What every document reads, and under which rules: the same as GraphQL's. A document about a
// case needs the case team (onCaseTeam's answer: the lead worker, a team member or the manager);
// another center's record reads as not found (RLS hides it, like a record that does not exist).
// RESTRICTED notes never enter a document, whoever asks.

/** The viewer as center staff, or the error GraphQL's isCenterStaff gives. */
export function requireStaff(ctx: Context): { centerId: string; membershipId: string } {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) throw unauthenticated(ctx.locale);
  if (!m?.centerId || !CENTER_ROLES.has(m.role)) throw forbidden(ctx.locale);
  return { centerId: m.centerId, membershipId: m.id };
}

/** A case's uuid after the case-team check (NOT_FOUND for another center's or no case, FORBIDDEN off the team). */
export async function caseOnTeam(ctx: Context, caseId: string | null): Promise<string> {
  requireStaff(ctx);
  const answer = await caseTeamAnswer(ctx, caseId);
  if (answer !== true) throw answer;
  return caseId!;
}

/** A global id of the given type as a uuid, or NOT_FOUND. */
export function uuidOf(ctx: Context, globalId: string, typename: string): string {
  const id = idOf(globalId, typename);
  if (!id) throw notFound(ctx.locale);
  return id;
}

/**
 * Each person whose record a document prints is read: one READ event naming the document kind,
 * recorded as soon as the record is read (so a later failure still leaves it; see the handler).
 */
export function auditPersons(ctx: Context, kind: string, clientIds: Iterable<string>): void {
  for (const id of new Set(clientIds)) ctx.audit.record('READ', 'Client', id, { document: kind });
}

export async function centerHeading(ctx: Context, lang: Lang): Promise<CenterHeading> {
  const { centerId } = requireStaff(ctx);
  const c = await ctx.db.center.findUniqueOrThrow({
    where: { id: centerId },
    select: { nameBg: true, nameEn: true, providerNameBg: true, providerNameEn: true, addressBg: true, addressEn: true, phone: true, email: true },
  });
  const en = lang === 'en';
  return {
    name: en ? c.nameEn : c.nameBg,
    provider: en ? c.providerNameEn : c.providerNameBg,
    address: (en ? c.addressEn : null) ?? c.addressBg,
    contact: [c.phone, c.email].filter(Boolean).join(' · ') || null,
  };
}

/** "Produced on … by …", the viewer named. */
export function producedBy(ctx: Context, lang: Lang): string {
  return documentWords(lang)('generatedOn', { day: formatDay(new Date(`${sofiaToday()}T00:00:00Z`), lang), name: ctx.viewer?.displayName ?? '' });
}

// ── Formatting ──────────────────────────────────────────────────────────────────────────

/** A calendar day: 03.12.2026 (the same in both languages, as Bulgarian forms write it). */
export function formatDay(day: Date | null | undefined, _lang: Lang): string {
  if (!day) return '—';
  const [y, m, d] = isoDay(day).split('-');
  return `${d}.${m}.${y}`;
}

/** An instant as Sofia's day and time: 03.12.2026 14:30. */
export function formatInstant(at: Date, lang: Lang): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: SOFIA, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
  return `${formatDay(new Date(`${sofiaToday(at)}T00:00:00Z`), lang)} ${time}`;
}

type Named = { firstName: string; middleName: string | null; lastName: string };
export const personName = (p: Named) => [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ');

type Staff = { user: { displayName: string }; titleBg: string | null; titleEn: string | null } | null | undefined;
export const staffName = (m: Staff) => m?.user.displayName ?? null;
export const staffWithTitle = (m: Staff, lang: Lang) => {
  if (!m) return null;
  const title = lang === 'en' ? (m.titleEn ?? m.titleBg) : m.titleBg;
  return title ? `${m.user.displayName} (${title})` : m.user.displayName;
};

export const named = (row: { nameBg: string; nameEn: string | null } | null | undefined, lang: Lang) =>
  row ? (lang === 'en' ? (row.nameEn ?? row.nameBg) : row.nameBg) : null;

/** A file name for the Content-Disposition header: ASCII letters, digits, dot, dash. */
export function safeFilename(...parts: Array<string | null | undefined>): string {
  const stem = parts.filter(Boolean).join('-').normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${stem.slice(0, 120) || 'document'}.pdf`;
}

export const sexLabel = (s: Prisma.ClientGetPayload<{ select: { sex: true } }>['sex'], lang: Lang) => enumLabel('Sex', s, lang);

// ── The case as documents read it ───────────────────────────────────────────────────────

const STAFF = { select: { user: { select: { displayName: true } }, titleBg: true, titleEn: true } } as const;
const PERSON = {
  select: {
    id: true, kind: true, firstName: true, middleName: true, lastName: true, birthDate: true, birthYear: true, sex: true, address: true, phone: true,
    settlement: { select: { nameBg: true, nameEn: true } },
  },
} as const;

const PARTICIPANTS = {
  select: { role: true, name: true, present: true, heard: true, agreed: true, signed: true, signedOn: true } as const,
  orderBy: [{ position: 'asc' as const }, { id: 'asc' as const }],
};

export const CASE_RECORD = {
  id: true, number: true, status: true, intakeRoute: true, requestDate: true, requestNumber: true, legalReferrer: true, referralDocumentDate: true, concernRaisedBy: true, referralDate: true, referralDocumentNumber: true, referralReason: true,
  firstSessionOn: true, closedOn: true, closureOutcome: true, closureNote: true, personId: true,
  person: PERSON,
  household: { select: { id: true, name: true, address: true, settlement: { select: { nameBg: true, nameEn: true } }, members: { select: { relationship: true, isPrimaryCaregiver: true, client: PERSON }, orderBy: [{ isPrimaryCaregiver: 'desc' }, { relationship: 'asc' }, { clientId: 'asc' }] } } },
  participants: { select: { role: true, client: PERSON }, orderBy: { clientId: 'asc' } },
  referringOrganization: { select: { nameBg: true, nameEn: true, kind: true } },
  targetGroups: { select: { targetGroup: { select: { nameBg: true, nameEn: true } } } },
  leadWorker: STAFF,
  teamMembers: { select: { membership: STAFF }, orderBy: { addedOn: 'asc' } },
  assessments: {
    select: {
      id: true, caseId: true, createdAt: true, dueOn: true, startedOn: true, completedOn: true, supersededAt: true, summary: true, risks: true, strengths: true, sources: true, assessor: STAFF,
      areas: { select: { area: true, rating: true, notes: true } },
      participants: PARTICIPANTS,
    },
    orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }],
  },
  supportPlans: {
    select: {
      id: true, status: true, startsOn: true, endsOn: true, reviewEveryMonths: true, nextReviewOn: true, revisionNumber: true, revisionOfId: true, effectiveOn: true, supersededOn: true,
      goals: { select: { description: true, targetOn: true, status: true, areaRating: { select: { area: true, rating: true } } }, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
      plannedServices: {
        select: { sessionsPerMonth: true, frequency: true, frequencyUnit: true, place: true, note: true, responsible: STAFF, service: { select: { nameBg: true, nameEn: true } } },
        orderBy: { id: 'asc' },
      },
      reviews: { select: { dueOn: true, heldOn: true, decision: true, summary: true }, orderBy: [{ dueOn: 'asc' }, { id: 'asc' }] },
      participants: PARTICIPANTS,
    },
    orderBy: [{ startsOn: 'asc' }, { revisionNumber: 'asc' }, { createdAt: 'asc' }],
  },
  contracts: {
    select: {
      id: true, number: true, contractDate: true, status: true, startsOn: true, endsOn: true, feeAmount: true, feeNote: true, signedOn: true, endedOn: true, endGround: true, endNote: true,
      representative: PERSON,
      providerSignatory: STAFF,
      services: { select: { service: { select: { nameBg: true, nameEn: true } } }, orderBy: { service: { nameBg: 'asc' } } },
      extensions: { select: { extendedOn: true, previousEndsOn: true, newEndsOn: true, ground: true }, orderBy: [{ extendedOn: 'asc' }, { createdAt: 'asc' }] },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.CaseSelect;

export type CaseRecord = Prisma.CaseGetPayload<{ select: typeof CASE_RECORD }>;
export type PersonRecord = CaseRecord['person'];
export type PlanRecord = CaseRecord['supportPlans'][number];
export type AssessmentRecord = CaseRecord['assessments'][number];
export type ContractRecord = CaseRecord['contracts'][number];
export type ParticipationRecord = AssessmentRecord['participants'][number];

/** The case with everything its documents print, after the case-team check; its people's reads audited. */
export async function caseRecord(ctx: Context, caseId: string, kind: string): Promise<CaseRecord> {
  await caseOnTeam(ctx, caseId);
  const c = await ctx.db.case.findUnique({ where: { id: caseId }, select: CASE_RECORD });
  if (!c) throw await missingAnswer(ctx, caseId);
  auditPersons(ctx, kind, [c.person.id]);
  return c;
}

/**
 * The completed assessment a reassessment is compared with, by the module's own rule
 * (`previousAssessment`: what Assessment.changes compares), taken from the case's record.
 */
export async function previousOf(ctx: Context, c: CaseRecord, a: AssessmentRecord): Promise<AssessmentRecord | null> {
  const previous = await previousAssessment(ctx, a);
  return previous ? (c.assessments.find((x) => x.id === previous.id) ?? null) : null;
}

/** The case's held sessions (optionally within [from, to) instants), with their staff: planned, missed and cancelled ones are not work done. */
export async function caseSessions(ctx: Context, caseId: string, window?: { from: Date; to: Date }) {
  return ctx.db.session.findMany({
    where: { caseId, status: 'HELD', ...(window ? { startsAt: { gte: window.from, lt: window.to } } : {}) },
    select: {
      id: true, startsAt: true, durationMinutes: true, kind: true, mode: true,
      service: { select: { nameBg: true, nameEn: true } },
      staff: { select: { membership: STAFF }, orderBy: { membershipId: 'asc' } },
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
  });
}

/**
 * The case's notes the document may print: TEAM notes only, on the case or on its sessions
 * (never a RESTRICTED one, whoever asks: a paper copy leaves the system's access rules behind).
 */
export async function teamNotes(ctx: Context, caseId: string, window?: { from: Date; to: Date }) {
  return ctx.db.note.findMany({
    where: {
      confidentiality: 'TEAM',
      OR: [{ caseId }, { session: { caseId } }],
      ...(window ? { createdAt: { gte: window.from, lt: window.to } } : {}),
    },
    select: { id: true, body: true, createdAt: true, sessionId: true, author: STAFF },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** The center's manager (the first active one by start date), for the signature places. */
export async function managerName(ctx: Context): Promise<string | null> {
  const { centerId } = requireStaff(ctx);
  const m = await ctx.db.membership.findFirst({
    where: { centerId, role: 'MANAGER', endedOn: null },
    select: { user: { select: { displayName: true } } },
    orderBy: [{ startedOn: 'asc' }, { id: 'asc' }],
  });
  return m?.user.displayName ?? null;
}
