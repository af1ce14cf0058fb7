import type { Context } from '../context.ts';
import { notFound, oporaError } from './errors.ts';

// Restriction of processing (GDPR Art. 18): a person's record frozen by the manager
// (Client.restrictedAt). While it stands, nobody but the manager reads the person's details or
// changes anything about them: Client's fields show a placeholder to anyone else (should a row
// ever reach them: the database no longer hands it out), and every write that reaches the person (updateClient, a case write through caseForWrite, a
// session on their case) is refused with `recordRestricted`, in both languages.
// The database is the second wall (migration 20261204163000_restriction_of_processing): for anyone
// but the manager the person's row and every row about them (cases, sessions, notes, assessments,
// plans, contracts, also those they signed as a child's representative, consents, files, household
// and case memberships) is invisible and unwritable.
// Where the API finds nothing it asks the database whether the id is a restricted person's record
// (app_record_is_restricted), to say "restricted" rather than "not found".

export const RESTRICTED_NAME = { first: 'Ограничено', last: 'обработване · restricted' } as const;

export function isManagerViewer(ctx: Context): boolean {
  const m = ctx.viewer?.membership;
  return !!m?.centerId && m.role === 'MANAGER';
}

/** True when this viewer may not see the person's details. */
export function hiddenFrom(ctx: Context, client: { restrictedAt?: Date | null }): boolean {
  return !!client.restrictedAt && !isManagerViewer(ctx);
}

export const restrictedError = (ctx: Context) => oporaError('FORBIDDEN', 'recordRestricted', ctx.locale, {}, { restricted: true });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the record with this id (a person, case, session, assessment, plan, contract, consent, file) is a restricted person's, in the active center. */
export async function isRestrictedRecord(ctx: Context, id: string | null | undefined): Promise<boolean> {
  if (!id || !UUID.test(id)) return false;
  const [row] = await ctx.db.$queryRawUnsafe<{ r: boolean }[]>(`SELECT app_record_is_restricted($1::uuid) AS r`, id);
  return !!row?.r;
}

/** Refuses a write about the person while their record is restricted (the manager excepted). */
export async function refuseIfRestricted(ctx: Context, id: string | null | undefined): Promise<void> {
  if (!id || isManagerViewer(ctx)) return;
  if (await isRestrictedRecord(ctx, id)) throw restrictedError(ctx);
}

/** The error for a record the caller could not find: `recordRestricted` when the database hid it for restriction, else NOT_FOUND. */
export async function missingAnswer(ctx: Context, id: string | null | undefined) {
  return !isManagerViewer(ctx) && (await isRestrictedRecord(ctx, id)) ? restrictedError(ctx) : notFound(ctx.locale);
}

/** A household's member list is the manager's only while one of its members is restricted. */
export async function refuseRestrictedHousehold(ctx: Context, householdId: string): Promise<void> {
  if (isManagerViewer(ctx)) return;
  if (await ctx.loaders.householdRestricted.load(householdId)) throw restrictedError(ctx);
}
