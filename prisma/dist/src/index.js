// The data layer: one client factory, the tenant transaction, migrations, demo data.
export { openDatabase } from "./db.js";
export { inTenant, TenantContextError, RUNTIME_ROLE, AGGREGATE_ROLE } from "./tenant.js";
export { databaseTargetFromEnv } from "./database-config.js";
export * from "./client.js";
//# sourceMappingURL=index.js.map