// The data layer: one client factory, the tenant transaction, migrations, demo data.
export { openDatabase, type Database } from './db.ts';
export { inTenant, TenantContextError, RUNTIME_ROLE, AGGREGATE_ROLE, type TenantScope, type TenantTx } from './tenant.ts';
export { databaseTargetFromEnv, type DatabaseTarget } from './database-config.ts';
export * from './client.ts';
