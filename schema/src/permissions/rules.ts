import type { GraphQLError } from 'graphql';
import { rule } from 'graphql-shield';
import type { Context } from '../context.ts';
import { forbidden, notFound, oporaError, unauthenticated } from '../support/errors.ts';
import { idOf } from '../support/global-id.ts';
import { OWNER_SELECT, ownerOfAttachment } from '../support/attachment-owners.ts';
import { CENTER_ROLES, MUNICIPAL_ROLES, NETWORK_ROLES } from '../support/viewer.ts';
import { missingAnswer } from '../support/restriction.ts';

// Rules named in the domain. A rule answers true or the Error the client should see
// (graphql-shield turns a thrown error into a silent `false`, so we return it instead).
// No rule has a fixed name: graphql-shield caches by name, and a shared name with
// cache 'contextual' would reuse one answer for every later check.

export const isSignedIn = rule({ cache: 'contextual' })((_p, _a, ctx: Context) =>
  ctx.viewer ? true : unauthenticated(ctx.locale),
);

export const isCenterStaff = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (!m) return oporaError('FORBIDDEN', 'noActiveCenter', ctx.locale);
  return m.centerId && CENTER_ROLES.has(m.role) ? true : forbidden(ctx.locale);
});

/** The rule's check, for doors outside GraphQL (the audit trail's XLSX export): true or the error to answer. */
export function centerManagerCheck(ctx: Context) {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.centerId && m.role === 'MANAGER' ? true : forbidden(ctx.locale);
}

export const isCenterManager = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => centerManagerCheck(ctx));

export const isNetworkAnalyst = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.networkId && NETWORK_ROLES.has(m.role) ? true : forbidden(ctx.locale);
});

export const isMunicipalViewer = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.municipalityId && m.role === 'MUNICIPAL_VIEWER' ? true : forbidden(ctx.locale);
});

/**
 * On the case team: the lead worker, a case team member, or the center's manager. `caseIdOf`
 * picks the case's global id out of the arguments. Another center's case reads as NOT_FOUND
 * (RLS hides it), exactly like a case that does not exist.
 */
export const onCaseTeam = (caseIdOf: (args: Record<string, unknown>) => unknown) =>
  rule({ cache: 'strict' })(async (_p, args: Record<string, unknown>, ctx: Context) => {
    const globalId = caseIdOf(args);
    return caseTeamAnswer(ctx, typeof globalId === 'string' ? idOf(globalId, 'Case') : null);
  });

/** Adding or removing a case's family members (CaseParticipant): the case team, by `caseId`. */
export const mayChangeCaseFamily = onCaseTeam((args) => args.caseId);

/** The onCaseTeam answer for a case given by its uuid: true, or the error to show. `leadOnly`: the manager or the lead worker only. */
export async function caseTeamAnswer(ctx: Context, caseId: string | null, leadOnly = false): Promise<true | GraphQLError> {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  if (!m?.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
  if (!caseId) return notFound(ctx.locale);
  const access = await ctx.loaders.caseAccess.load(caseId);
  if (!access) return missingAnswer(ctx, caseId);
  if (m.role === 'MANAGER' || access.leadWorkerId === m.id) return true;
  return !leadOnly && access.teamMembershipIds.has(m.id) ? true : forbidden(ctx.locale);
}

/**
 * A case note is written (or moved onto or off a case) only by the case team: every path that
 * does so (addCaseNote, a session's first note from logSession and quickLogVisit, a session
 * with notes moved to another case) asks this, with the same answers as onCaseTeam but a
 * message that says why.
 */
export async function requireCaseTeamForNote(ctx: Context, caseId: string): Promise<void> {
  const answer = await caseTeamAnswer(ctx, caseId);
  if (answer === true) return;
  throw answer.extensions.code === 'FORBIDDEN' ? oporaError('FORBIDDEN', 'noteNeedsCaseTeam', ctx.locale) : answer;
}

/**
 * RESTRICTED notes: only the author, the case's lead worker and the manager read the body.
 * Not cached by shield: 'strict' hashes the whole note, and object-hash throws on the Prisma
 * Decimal of an included author (Membership.fte), which shield turns into a silent deny.
 * The case lookup is cached by the per-request loader.
 */
export const mayReadNoteBody = rule({ cache: 'no_cache' })(
  async (note: { confidentiality: string; authorId: string; caseId: string | null }, _a, ctx: Context) => {
    const m = ctx.viewer?.membership;
    if (!m?.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
    if (note.confidentiality === 'TEAM' || m.role === 'MANAGER' || note.authorId === m.id) return true;
    if (note.caseId) {
      const access = await ctx.loaders.caseAccess.load(note.caseId);
      if (access?.leadWorkerId === m.id) return true;
    }
    return forbidden(ctx.locale);
  },
);

// ── Records that belong to a case (assessment, plan, goal, review) ──────────────────────

/**
 * onCaseTeam for a record that belongs to a case (assessment, plan, goal, review): `caseIdOf`
 * finds the record's case (null when the record does not exist or is another center's).
 */
export const onCaseTeamOf = (caseIdOf: (args: Record<string, unknown>, ctx: Context) => Promise<string | null>) =>
  rule({ cache: 'strict' })(async (_p, args: Record<string, unknown>, ctx: Context) => {
    if (!ctx.viewer?.membership?.centerId) return caseTeamAnswer(ctx, null);
    return caseTeamAnswer(ctx, await caseIdOf(args, ctx).catch(() => null));
  });

/** Assigning the lead worker and team: the manager or the case's lead worker. */
export const mayAssignCase = rule({ cache: 'strict' })(async (_p, args: Record<string, unknown>, ctx: Context) =>
  caseTeamAnswer(ctx, typeof args.id === 'string' ? idOf(args.id, 'Case') : null, true),
);

export const caseIdOfAssessment = async (args: Record<string, unknown>, ctx: Context) => {
  const id = typeof args.id === 'string' ? idOf(args.id, 'Assessment') : null;
  return id ? ((await ctx.db.assessment.findUnique({ where: { id }, select: { caseId: true } }))?.caseId ?? null) : null;
};

export const caseIdOfPlan = (arg: string) => async (args: Record<string, unknown>, ctx: Context) => {
  const value = args[arg];
  const id = typeof value === 'string' ? idOf(value, 'SupportPlan') : null;
  return id ? ((await ctx.db.supportPlan.findUnique({ where: { id }, select: { caseId: true } }))?.caseId ?? null) : null;
};

export const caseIdOfContract = async (args: Record<string, unknown>, ctx: Context) => {
  const id = typeof args.id === 'string' ? idOf(args.id, 'Contract') : null;
  return id ? ((await ctx.db.contract.findUnique({ where: { id }, select: { caseId: true } }))?.caseId ?? null) : null;
};

export const caseIdOfGoal = async (args: Record<string, unknown>, ctx: Context) => {
  const id = typeof args.id === 'string' ? idOf(args.id, 'SupportPlanGoal') : null;
  return id ? ((await ctx.db.supportPlanGoal.findUnique({ where: { id }, select: { plan: { select: { caseId: true } } } }))?.plan.caseId ?? null) : null;
};

// ── Attachments ─────────────────────────────────────────────────────────────────────────

/**
 * Adding or voiding a file: for a case's record (the case, its assessment, its plan) the case
 * team (onCaseTeam's answers); for a person's record (client, consent) any staff of the center,
 * like the record itself. Another center's record or file reads as NOT_FOUND.
 */
export async function attachmentOwnerAnswer(ctx: Context, owner: { caseId: string | null } | null): Promise<true | GraphQLError> {
  const m = ctx.viewer?.membership;
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  if (!m?.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
  if (!owner) return notFound(ctx.locale);
  return owner.caseId ? caseTeamAnswer(ctx, owner.caseId) : true;
}

export const mayVoidAttachment = rule({ cache: 'strict' })(async (_p, args: Record<string, unknown>, ctx: Context) => {
  if (!ctx.viewer?.membership?.centerId) return attachmentOwnerAnswer(ctx, null);
  const id = typeof args.id === 'string' ? idOf(args.id, 'Attachment') : null;
  const attachment = id ? await ctx.db.attachment.findFirst({ where: { id }, select: OWNER_SELECT }) : null;
  return attachmentOwnerAnswer(ctx, attachment ? await ownerOfAttachment(ctx.db, attachment) : null);
});

// ── A center's own records ───────────────────────────────────────────────────────────────

/** The center being read is the viewer's active center (staff of that center). */
export const isOwnCenterStaff = rule({ cache: 'strict' })((center: { id?: string }, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (!m) return oporaError('FORBIDDEN', 'noActiveCenter', ctx.locale);
  if (!m.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
  return center?.id === m.centerId ? true : forbidden(ctx.locale);
});

// ── Open-access contacts ────────────────────────────────────────────────────────────────

/**
 * Correcting or voiding an open-access contact: its author or the manager. Another center's
 * contact reads as NOT_FOUND (RLS hides it), like one that does not exist.
 */
export const mayChangeOpenAccessContact = rule({ cache: 'strict' })(async (_p, args: Record<string, unknown>, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (!m?.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
  const id = typeof args.id === 'string' ? idOf(args.id, 'OpenAccessContact') : null;
  const contact = id ? await ctx.db.openAccessContact.findFirst({ where: { id, centerId: m.centerId }, select: { recordedById: true } }) : null;
  if (!contact) return notFound(ctx.locale);
  if (m.role === 'MANAGER' || contact.recordedById === m.id) return true;
  return oporaError('FORBIDDEN', 'contactNotYours', ctx.locale);
});

// ── Reports ──────────────────────────────────────────────────────────────────────────────

// The provider's report: the network's analysts (any member center) or the center's own manager.
export const mayDraftProviderReport = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (m?.networkId && NETWORK_ROLES.has(m.role)) return true;
  return m?.centerId && m.role === 'MANAGER' ? true : forbidden(ctx.locale);
});

/** A report draft: the network's analysts, the municipality's viewers, or a center's manager. */
export const mayReadReportDraft = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (m?.networkId && NETWORK_ROLES.has(m.role)) return true;
  if (m?.municipalityId && m.role === 'MUNICIPAL_VIEWER') return true;
  return m?.centerId && m.role === 'MANAGER' ? true : forbidden(ctx.locale);
});

// ── History import ───────────────────────────────────────────────────────────────────────

/**
 * Bringing a center's history in (schema/src/import/, served by server/src/history-import.ts):
 * only the center's manager, who answers for the records as the controller's representative.
 * The plain answer is for the HTTP door; the rule is the same check for any GraphQL field.
 */
export function importHistoryAnswer(ctx: Context): true | GraphQLError {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.centerId && m.role === 'MANAGER' ? true : forbidden(ctx.locale);
}
export const mayImportHistory = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => importHistoryAnswer(ctx));
/** A notification is read only by its own person (RLS returns no other; this says so in the API too). */
export const isOwnNotification = rule({ cache: 'strict' })((n: { userId?: string }, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  return n.userId === ctx.viewer.userId ? true : forbidden(ctx.locale);
});

// ── Quality registers ────────────────────────────────────────────────────────────────────

/** A complaint or signal: the center's manager, or the staff member who registered it. */
export const mayReadComplaint = rule({ cache: 'no_cache' })((complaint: { recordedById: string | null }, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (!m?.centerId || !CENTER_ROLES.has(m.role)) return forbidden(ctx.locale);
  return m.role === 'MANAGER' || complaint.recordedById === m.id ? true : forbidden(ctx.locale);
});

// ── The yearly report per service ────────────────────────────────────────────────────────

/** Signed-off yearly reports: the network's analysts and the municipality's viewers (which ones: the resolver). */
export const mayReadSignedOffReports = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (m?.networkId && NETWORK_ROLES.has(m.role)) return true;
  return m?.municipalityId && m.role === 'MUNICIPAL_VIEWER' ? true : forbidden(ctx.locale);
});

/** A yearly report: its center's manager (drafts too), or a network/municipal reader of a signed-off one (with small counts hidden). */
export const mayReadYearlyReport = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  if (m?.networkId && NETWORK_ROLES.has(m.role)) return true;
  if (m?.municipalityId && m.role === 'MUNICIPAL_VIEWER') return true;
  return m?.centerId && m.role === 'MANAGER' ? true : forbidden(ctx.locale);
});

// ── The municipality's yearly analysis (art. 113(2)) ─────────────────────────────────────

/**
 * The door's check too (the .docx download has no graphql-shield in front of it): an official of
 * a municipality (a role of MUNICIPAL_ROLES with a municipality). The analysis is always the
 * active membership's own municipality, never an argument; the database checks it again (RLS).
 */
export function municipalOfficialCheck(ctx: Context) {
  if (!ctx.viewer) return unauthenticated(ctx.locale);
  const m = ctx.viewer.membership;
  return m?.municipalityId && MUNICIPAL_ROLES.has(m.role) ? true : forbidden(ctx.locale);
}

/** Reads the analysis: its municipality's own officials. A row of another municipality is refused. */
export const mayReadMunicipalAnalysis = rule({ cache: 'strict' })((analysis: { municipalityId?: string } | undefined, _a, ctx: Context) => {
  const official = municipalOfficialCheck(ctx);
  if (official !== true) return official;
  return analysis?.municipalityId === undefined || analysis.municipalityId === ctx.viewer!.membership!.municipalityId ? true : forbidden(ctx.locale);
});

/**
 * Writes and signs off the analysis. MUNICIPAL_ROLES has one role today (MUNICIPAL_VIEWER, the
 * municipality's social-services official), who both reads and writes; a read-only municipal role
 * added later is refused here.
 */
const MUNICIPAL_WRITERS: ReadonlySet<string> = new Set(['MUNICIPAL_VIEWER']);
export const mayWriteMunicipalAnalysis = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => {
  const official = municipalOfficialCheck(ctx);
  if (official !== true) return official;
  return MUNICIPAL_WRITERS.has(ctx.viewer!.membership!.role) ? true : forbidden(ctx.locale);
});
