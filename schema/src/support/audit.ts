import type { AuditAction, Prisma, PrismaClient } from '@opora/prisma/client';
import { deferToCommit, inTenant, sqlLiteral, type TenantScope, type TenantTransactionOptions, type TenantTx } from '@opora/prisma/tenant';

type Actor = { centerId: string | null; userId: string | null; membershipId: string | null; requestId: string; ip?: string | null; userAgent?: string | null };

// Events that say something was seen, not changed: they stand even when the request's
// changes are rolled back, because what was read was also answered.
const READ_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>(['READ', 'EXPORT']);

/**
 * The request's audit trail: every read of a person's record and every change. Events are
 * written in the request's own transaction (one INSERT at the end, however many rows were
 * read), so a change's event exists exactly when the change was committed. A request that
 * rolls back (a mutation with any error) still answered what it read, a CONFLICT's current
 * record included: `flushReadsApart` then writes the read events alone, after the rollback.
 */
export class AuditLog {
  private readonly events: Prisma.AuditEventCreateManyInput[] = [];
  private readonly seenReads = new Set<string>();
  // A list read is one event: per list (its name and record type), the ids it showed.
  private readonly lists = new Map<string, { listName: string; entityType: string; ids: Set<string>; actor: Actor }>();

  constructor(private readonly actor: () => Actor) {}

  /**
   * A record shown as one of a list's rows: the list becomes ONE READ event naming the list,
   * how many records it showed and their ids (written when the request's events are).
   */
  readInList(listName: string, entityType: string, entityId: string): void {
    const key = `${listName}|${entityType}`;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = { listName, entityType, ids: new Set(), actor: this.actor() }));
    list.ids.add(entityId);
  }

  private closeLists(): void {
    for (const { listName, entityType, ids, actor } of this.lists.values()) {
      this.events.push({
        ...actorColumns(actor),
        action: 'READ',
        entityType,
        entityId: null,
        listName,
        recordCount: ids.size,
        entityIds: [...ids],
      });
    }
    this.lists.clear();
  }

  read(entityType: string, entityId: string): void {
    const key = `${entityType}:${entityId}`;
    if (this.seenReads.has(key)) return;
    this.seenReads.add(key);
    this.record('READ', entityType, entityId);
  }

  record(action: AuditAction, entityType: string, entityId: string | null, detail?: Prisma.InputJsonValue): void {
    this.events.push({
      ...actorColumns(this.actor()),
      action,
      entityType,
      entityId,
      ...(detail === undefined ? {} : { detail }),
    });
  }

  get pending(): number {
    return this.events.length + this.lists.size;
  }

  async flush(db: TenantTx): Promise<void> {
    this.closeLists();
    if (this.events.length === 0) return;
    await insertEvents(db, this.events.splice(0));
  }

  /**
   * After the request's transaction rolled back: the read events, in a short transaction of
   * their own under each actor's tenant (inTenant: the runtime role, RLS applies; the table is
   * append-only), and never the rolled-back work's changes, whose events are dropped with it.
   */
  async flushReadsApart(prisma: PrismaClient, options: TenantTransactionOptions = {}): Promise<void> {
    this.closeLists();
    const reads = this.events.splice(0).filter((e) => READ_ACTIONS.has(e.action));
    const byActor = new Map<string, Prisma.AuditEventCreateManyInput[]>();
    for (const e of reads) {
      const key = `${e.centerId ?? ''}|${e.userId ?? ''}`;
      byActor.set(key, [...(byActor.get(key) ?? []), e]);
    }
    for (const batch of byActor.values()) {
      const { centerId, userId } = batch[0]!;
      const scope: TenantScope = centerId && userId ? { kind: 'center', centerId, userId } : userId ? { kind: 'user', userId } : { kind: 'anonymous' };
      await inTenant(prisma, scope, (tx) => insertEvents(tx, batch), options);
    }
  }
}

const actorColumns = (actor: Actor) => ({
  centerId: actor.centerId,
  userId: actor.userId,
  membershipId: actor.membershipId,
  requestId: actor.requestId,
  ip: actor.ip ?? null,
  // A user agent is the client's free text: kept, but bounded.
  userAgent: actor.userAgent ? actor.userAgent.slice(0, 500) : null,
});

async function insertEvents(db: TenantTx, batch: Prisma.AuditEventCreateManyInput[]): Promise<void> {
  // One statement with a fixed shape whatever the number of rows: Prisma compiles every
  // createMany afresh (its query plan cache skips them), which cost more than the insert.
  // On PostgreSQL it rides on the transaction's COMMIT (one round trip fewer for every request
  // that reads a person), its values quoted as literals in plain VALUES rows, which PostgreSQL
  // plans in microseconds (it cannot keep a plan for a text that changes every time); a
  // rolled-back request drops it with the rest, and a failed insert fails the commit.
  const literal = auditValuesLiteral(batch);
  if (literal && deferToCommit(db, literal)) return;
  const columns = auditColumns(batch);
  await db.$executeRawUnsafe(auditInsert(columns.map((c, i) => `$${i + 1}::${c.type}[]`)), ...columns.map((c) => c.values));
}

type AuditColumn = { type: 'uuid' | 'text' | 'int'; values: (string | number | null)[] };

function auditColumns(batch: Prisma.AuditEventCreateManyInput[]): AuditColumn[] {
  const column = (type: AuditColumn['type'], pick: (e: Prisma.AuditEventCreateManyInput) => string | number | null): AuditColumn => ({ type, values: batch.map(pick) });
  return [
    column('uuid', (e) => e.centerId ?? null),
    column('uuid', (e) => e.userId ?? null),
    column('uuid', (e) => e.membershipId ?? null),
    column('text', (e) => e.action),
    column('text', (e) => e.entityType),
    column('text', (e) => e.entityId ?? null),
    column('text', (e) => e.requestId ?? null),
    column('text', (e) => (e.detail === undefined || e.detail === null ? null : JSON.stringify(e.detail))),
    column('text', (e) => e.ip ?? null),
    column('text', (e) => e.userAgent ?? null),
    column('text', (e) => e.listName ?? null),
    column('int', (e) => e.recordCount ?? null),
    column('text', (e) => (Array.isArray(e.entityIds) ? JSON.stringify(e.entityIds) : null)),
  ];
}

const AUDIT_COLUMNS = `"centerId", "userId", "membershipId", "action", "entityType", "entityId", "requestId", "detail", "ip", "userAgent", "listName", "recordCount", "entityIds", "at"`;

// The events as VALUES rows of literals; null when a value cannot be one (sqlLiteral refuses
// it), and the statement then goes with parameters.
function auditValuesLiteral(batch: Prisma.AuditEventCreateManyInput[]): string | null {
  const uuid = (v: string | null | undefined) => (v ? `${sqlLiteral(v)}::uuid` : 'NULL');
  try {
    const rows = batch.map((e) =>
      [
        uuid(e.centerId),
        uuid(e.userId),
        uuid(e.membershipId),
        `${sqlLiteral(e.action)}::"AuditAction"`,
        sqlLiteral(e.entityType),
        sqlLiteral(e.entityId ?? null),
        sqlLiteral(e.requestId ?? null),
        e.detail === undefined || e.detail === null ? 'NULL' : `${sqlLiteral(JSON.stringify(e.detail))}::jsonb`,
        sqlLiteral(e.ip ?? null),
        sqlLiteral(e.userAgent ?? null),
        sqlLiteral(e.listName ?? null),
        sqlLiteral(e.recordCount ?? null),
        Array.isArray(e.entityIds) ? `ARRAY[${e.entityIds.map((id) => sqlLiteral(id)).join(', ')}]::text[]` : 'NULL',
        `clock_timestamp() AT TIME ZONE 'UTC'`,
      ].join(', '),
    );
    return `INSERT INTO "AuditEvent" (${AUDIT_COLUMNS}) VALUES (${rows.join('), (')})`;
  } catch {
    return null;
  }
}

const auditInsert = (arrays: string[]) =>
  `INSERT INTO "AuditEvent" (${AUDIT_COLUMNS})
     SELECT c, u, m, a::"AuditAction", t, e, r, d::jsonb, ip, ua, l, n, CASE WHEN ids IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(ids::jsonb)) END, clock_timestamp() AT TIME ZONE 'UTC'
       FROM unnest(${arrays.join(', ')})
         AS x(c, u, m, a, t, e, r, d, ip, ua, l, n, ids)`;
