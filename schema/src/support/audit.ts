import type { AuditAction, Prisma } from '@opora/prisma/client';
import type { TenantTx } from '@opora/prisma/tenant';

type Actor = { centerId: string | null; userId: string | null; membershipId: string | null; requestId: string };

/**
 * The request's audit trail: every read of a person's record and every change. Events are
 * written in the request's own transaction (one INSERT at the end, however many rows were
 * read), so an audit event exists exactly when the work it describes was committed.
 */
export class AuditLog {
  private readonly events: Prisma.AuditEventCreateManyInput[] = [];
  private readonly seenReads = new Set<string>();

  constructor(private readonly actor: () => Actor) {}

  read(entityType: string, entityId: string): void {
    const key = `${entityType}:${entityId}`;
    if (this.seenReads.has(key)) return;
    this.seenReads.add(key);
    this.record('READ', entityType, entityId);
  }

  record(action: AuditAction, entityType: string, entityId: string | null, detail?: Prisma.InputJsonValue): void {
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

  get pending(): number {
    return this.events.length;
  }

  async flush(db: TenantTx): Promise<void> {
    if (this.events.length === 0) return;
    const batch = this.events.splice(0);
    // One statement with a fixed shape whatever the number of rows: Prisma compiles every
    // createMany afresh (its query plan cache skips them), which cost more than the insert.
    const column = <T>(pick: (e: Prisma.AuditEventCreateManyInput) => T) => batch.map(pick);
    await db.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" ("centerId", "userId", "membershipId", "action", "entityType", "entityId", "requestId", "detail", "at")
       SELECT c, u, m, a::"AuditAction", t, e, r, d::jsonb, clock_timestamp() AT TIME ZONE 'UTC'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(c, u, m, a, t, e, r, d)`,
      column((e) => e.centerId ?? null),
      column((e) => e.userId ?? null),
      column((e) => e.membershipId ?? null),
      column((e) => e.action),
      column((e) => e.entityType),
      column((e) => e.entityId ?? null),
      column((e) => e.requestId ?? null),
      column((e) => (e.detail === undefined || e.detail === null ? null : JSON.stringify(e.detail))),
    );
  }
}
