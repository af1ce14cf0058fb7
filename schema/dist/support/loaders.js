import DataLoader from 'dataloader';
/**
 * Per-request DataLoaders, for what Prisma's query planning cannot batch (permission checks
 * made per parent object). Created with the request, dropped with it: never shared between viewers.
 */
export function createLoaders(db) {
    return {
        caseAccess: new DataLoader(async (caseIds) => {
            const rows = await db().case.findMany({
                where: { id: { in: [...caseIds] } },
                select: { id: true, leadWorkerId: true, teamMembers: { select: { membershipId: true } } },
            });
            const byId = new Map(rows.map((r) => [
                r.id,
                { caseId: r.id, leadWorkerId: r.leadWorkerId, teamMembershipIds: new Set(r.teamMembers.map((m) => m.membershipId)) },
            ]));
            return caseIds.map((id) => byId.get(id) ?? null);
        }),
    };
}
//# sourceMappingURL=loaders.js.map