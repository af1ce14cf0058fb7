import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';

// Every read of a person's record is audited, whatever the path (node, lists, search, nested
// fields): the first field resolved on an object of a type below records one READ event of
// the record it belongs to (deduplicated per request). tests/src/api/person-read-audit.test.ts
// walks the schema and fails on any type or field that reaches a person without one.

/**
 * Object types that describe or contain a person, and the record whose read each one is:
 * the type's own row (`id`), or for a row that joins a person to something else, that person's
 * record (a household member's client, an attendance's participant).
 */
export const PERSON_RECORDS: Readonly<Record<string, { entityType: string; key: string }>> = {
  Client: { entityType: 'Client', key: 'id' },
  Household: { entityType: 'Household', key: 'id' },
  HouseholdMember: { entityType: 'Client', key: 'clientId' },
  Case: { entityType: 'Case', key: 'id' },
  CaseParticipant: { entityType: 'Client', key: 'clientId' },
  Note: { entityType: 'Note', key: 'id' },
  Assessment: { entityType: 'Assessment', key: 'id' },
  // An assessed area (a goal points at it by id) and a participant of an assessment or a plan
  // (a person named in the record): each read is audited by its own id.
  AssessmentAreaRating: { entityType: 'AssessmentAreaRating', key: 'id' },
  Participation: { entityType: 'Participation', key: 'id' },
  SupportPlan: { entityType: 'SupportPlan', key: 'id' },
  SupportPlanGoal: { entityType: 'SupportPlanGoal', key: 'id' },
  PlanReview: { entityType: 'PlanReview', key: 'id' },
  Session: { entityType: 'Session', key: 'id' },
  Consent: { entityType: 'Consent', key: 'id' },
  Attachment: { entityType: 'Attachment', key: 'id' },
  GroupProgramParticipant: { entityType: 'GroupProgramParticipant', key: 'id' },
  Attendance: { entityType: 'GroupProgramParticipant', key: 'participantId' },
  Contract: { entityType: 'Contract', key: 'id' },
};

/**
 * Parts of a record with no key of their own to name, read only through a field of their
 * record's type (so that field's READ covers them): a case's status history, team and
 * timeline, a plan's planned services. The schema-walking test holds them to that.
 */
export const PERSON_PARTS: Readonly<Record<string, string>> = {
  CaseStatusChange: 'Case',
  CaseTeamMember: 'Case',
  CaseTimelineEvent: 'Case',
  CaseDueDates: 'Case',
  PlannedService: 'SupportPlan',
  ContractExtension: 'Contract',
  AssessmentAreaChange: 'Assessment',
};

type Resolve = (parent: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo) => unknown;

/**
 * Where an object sits in the answer: inside a list (any list index on its path), the list's
 * name, the path's response keys without indexes and connection plumbing (`clients`,
 * `case.sessions`, `myCases.person`); null for a record read on its own.
 */
export function listNameOf(path: GraphQLResolveInfo['path']): string | null {
  const keys: Array<string | number> = [];
  // The field's own key is the last one: the object is the parent, so start one level up.
  for (let p = path.prev; p; p = p.prev) keys.unshift(p.key);
  if (!keys.some((k) => typeof k === 'number')) return null;
  return keys.filter((k): k is string => typeof k === 'string' && k !== 'edges' && k !== 'node').join('.');
}

// The places in an answer whose read is recorded. graphql-js gives every field of one object
// the same `info.path.prev` (the object's place: a list index, or the field that returned it),
// so only an object's first field does the work below; the others would record the same event
// (a list's ids are a set, a single read is deduplicated) after walking the same path again.
// Paths are made fresh by each execution, so this never spans two requests.
const recordedPlaces = new WeakSet<object>();

const auditRead =
  ({ entityType, key }: { entityType: string; key: string }) =>
  (resolve: Resolve, parent: Record<string, unknown> | null, args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
    const place = info.path.prev;
    if (place && recordedPlaces.has(place)) return resolve(parent, args, ctx, info);
    if (place) recordedPlaces.add(place);
    const id = parent?.[key];
    if (typeof id === 'string' && id) {
      // A list's rows are one event for the whole list; a record read alone is one event.
      const list = listNameOf(info.path);
      if (list) ctx.audit.readInList(list, entityType, id);
      else ctx.audit.read(entityType, id);
    }
    return resolve(parent, args, ctx, info);
  };

/** graphql-middleware type middleware: every field of every person-record type. */
export const personReadAudit = Object.fromEntries(Object.entries(PERSON_RECORDS).map(([type, record]) => [type, auditRead(record)]));
