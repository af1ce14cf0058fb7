import { inTenant } from '@opora/prisma/tenant';
// Events that say something was seen, not changed: they stand even when the request's
// changes are rolled back, because what was read was also answered.
const READ_ACTIONS = new Set(['READ', 'EXPORT']);
/**
 * The request's audit trail: every read of a person's record and every change. Events are
 * written in the request's own transaction (one INSERT at the end, however many rows were
 * read), so a change's event exists exactly when the change was committed. A request that
 * rolls back (a mutation with any error) still answered what it read, a CONFLICT's current
 * record included: `flushReadsApart` then writes the read events alone, after the rollback.
 */
export class AuditLog {
    actor;
    events = [];
    seenReads = new Set();
    constructor(actor) {
        this.actor = actor;
    }
    read(entityType, entityId) {
        const key = `${entityType}:${entityId}`;
        if (this.seenReads.has(key))
            return;
        this.seenReads.add(key);
        this.record('READ', entityType, entityId);
    }
    record(action, entityType, entityId, detail) {
        const actor = this.actor();
        this.events.push({
            centerId: actor.centerId,
            userId: actor.userId,
            membershipId: actor.membershipId,
            requestId: actor.requestId,
            action,
            entityType,
            entityId,
            ...(detail === undefined ? {} : { detail }),
        });
    }
    get pending() {
        return this.events.length;
    }
    async flush(db) {
        if (this.events.length === 0)
            return;
        await insertEvents(db, this.events.splice(0));
    }
    /**
     * After the request's transaction rolled back: the read events, in a short transaction of
     * their own under each actor's tenant (inTenant: the runtime role, RLS applies; the table is
     * append-only), and never the rolled-back work's changes, whose events are dropped with it.
     */
    async flushReadsApart(prisma, options = {}) {
        const reads = this.events.splice(0).filter((e) => READ_ACTIONS.has(e.action));
        const byActor = new Map();
        for (const e of reads) {
            const key = `${e.centerId ?? ''}|${e.userId ?? ''}`;
            byActor.set(key, [...(byActor.get(key) ?? []), e]);
        }
        for (const batch of byActor.values()) {
            const { centerId, userId } = batch[0];
            const scope = centerId && userId ? { kind: 'center', centerId, userId } : userId ? { kind: 'user', userId } : { kind: 'anonymous' };
            await inTenant(prisma, scope, (tx) => insertEvents(tx, batch), options);
        }
    }
}
async function insertEvents(db, batch) {
    // One statement with a fixed shape whatever the number of rows: Prisma compiles every
    // createMany afresh (its query plan cache skips them), which cost more than the insert.
    const column = (pick) => batch.map(pick);
    await db.$executeRawUnsafe(`INSERT INTO "AuditEvent" ("centerId", "userId", "membershipId", "action", "entityType", "entityId", "requestId", "detail", "at")
     SELECT c, u, m, a::"AuditAction", t, e, r, d::jsonb, clock_timestamp() AT TIME ZONE 'UTC'
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(c, u, m, a, t, e, r, d)`, column((e) => e.centerId ?? null), column((e) => e.userId ?? null), column((e) => e.membershipId ?? null), column((e) => e.action), column((e) => e.entityType), column((e) => e.entityId ?? null), column((e) => e.requestId ?? null), column((e) => (e.detail === undefined || e.detail === null ? null : JSON.stringify(e.detail))));
}
//# sourceMappingURL=audit.js.map