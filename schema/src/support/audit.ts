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
    await db.auditEvent.createMany({ data: batch });
  }
}
