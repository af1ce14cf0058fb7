import type { Context } from '../context.ts';

// Relay global ids: base64url("Type:uuid"). Opaque to clients, checked on the way in.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INVALID = { typename: '__Invalid', id: '00000000-0000-0000-0000-000000000000' };

export function encodeId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** Never throws: a malformed id decodes to a type nobody may resolve, so it reads as null. */
export function decodeId(globalId: string): { typename: string; id: string } {
  if (typeof globalId !== 'string' || globalId.length > 200) return INVALID;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const at = text.indexOf(':');
  if (at <= 0) return INVALID;
  const typename = text.slice(0, at);
  const id = text.slice(at + 1);
  if (!/^[A-Za-z]+$/.test(typename) || !(UUID.test(id) || /^\d{1,19}$/.test(id))) return INVALID;
  return { typename, id };
}

/** Decodes an id argument that must name a `typename`; anything else reads as "not found". */
export function idOf(globalId: string, typename: string): string | null {
  const decoded = decodeId(globalId);
  return decoded.typename === typename ? decoded.id : null;
}

// Person-level types only center staff may resolve through node(id:) / nodes(ids:).
const CENTER_NODE_TYPES = new Set([
  'Client',
  'Household',
  'Case',
  'Assessment',
  'AssessmentAreaRating',
  'Participation',
  'SupportPlan',
  'SupportPlanGoal',
  'PlanReview',
  'Contract',
  'Session',
  'Note',
  'GroupProgram',
  'GroupProgramParticipant',
  'GroupMeeting',
  'Consent',
  'Attachment',
  'OpenAccessContact',
  'Team',
  'CenterService',
  'Membership',
  'PartnerOrganization',
]);

// Reference data and the center directory: any signed-in person.
const PUBLIC_NODE_TYPES = new Set(['Municipality', 'Settlement', 'Profession', 'ServiceKind', 'TargetGroup', 'Center']);

export function mayResolveNode(ctx: Context, typename: string): boolean {
  if (!ctx.viewer) return false;
  if (PUBLIC_NODE_TYPES.has(typename)) return true;
  const m = ctx.viewer.membership;
  if (!m) return false;
  if (CENTER_NODE_TYPES.has(typename)) return m.centerId !== null;
  return false;
}
