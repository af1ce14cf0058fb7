import DataLoader from 'dataloader';
import type { TenantTx } from '@opora/prisma/tenant';

export type CaseAccess = { caseId: string; leadWorkerId: string | null; teamMembershipIds: Set<string> };

/**
 * Per-request DataLoaders, for what Prisma's query planning cannot batch (permission checks
 * made per parent object). Created with the request, dropped with it: never shared between viewers.
 */
export function createLoaders(db: () => TenantTx) {
  return {
    caseAccess: new DataLoader<string, CaseAccess | null>(async (caseIds) => {
      const rows = await db().case.findMany({
        where: { id: { in: [...caseIds] } },
        select: { id: true, leadWorkerId: true, teamMembers: { select: { membershipId: true } } },
      });
      const byId = new Map(
        rows.map((r) => [
          r.id,
          { caseId: r.id, leadWorkerId: r.leadWorkerId, teamMembershipIds: new Set(r.teamMembers.map((m) => m.membershipId)) },
        ]),
      );
      return caseIds.map((id) => byId.get(id) ?? null);
    }),
    // Whether a household has a restricted member (restriction.ts): one statement for every
    // household of a list, not one each.
    householdRestricted: new DataLoader<string, boolean>(async (householdIds) => {
      const rows = await db().$queryRawUnsafe<{ id: string }[]>(
        `SELECT h::text AS id FROM unnest($1::uuid[]) AS h WHERE app_household_has_restricted_member(h)`,
        [...householdIds],
      );
      const restricted = new Set(rows.map((r) => r.id));
      return householdIds.map((id) => restricted.has(id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
