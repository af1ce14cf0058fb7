import type { Database } from '@opora/prisma/db';
import { inTenant, type TenantScope } from '@opora/prisma/tenant';

/** Raw SQL inside a tenant transaction, as the runtime role would run it. */
export function sqlAs<T = Record<string, unknown>>(db: Database, scope: TenantScope, sql: string, ...params: unknown[]) {
  return inTenant(db.prisma, scope, (tx) => tx.$queryRawUnsafe<T[]>(sql, ...params));
}

/** Raw SQL as the connecting login (the owner; used to read the catalog and set up). */
export function sqlAsOwner<T = Record<string, unknown>>(db: Database, sql: string, ...params: unknown[]) {
  return db.prisma.$queryRawUnsafe<T[]>(sql, ...params);
}
