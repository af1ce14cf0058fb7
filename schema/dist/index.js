import { lexicographicSortSchema, printSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { builder } from "./builder.js";
import "./modules/index.js";
import { withPermissions } from "./permissions/index.js";
import { personReadAudit } from "./support/person-reads.js";
import { freshPermissionsPerMutationField } from "./support/identity-change.js";
import { boundPageArguments } from "./support/page-args.js";
export { badLiteralPageSize, MAX_PAGE_SIZE } from "./support/page-args.js";
export { IDENTITY_CHANGE, identityChangeFields, mixedIdentityChanges } from "./support/identity-change.js";
export { AuditLog } from "./support/audit.js";
export { createLoaders } from "./support/loaders.js";
export { hashToken } from "./auth/tokens.js";
export { hashPassword } from "./auth/passwords.js";
export { sessionTouchDue } from "./accounts/session-touch.js";
export { touchSession } from "./accounts/store.js";
export { createAuthGateway } from "./auth/sign-in.js";
export { oporaError } from "./support/errors.js";
// What the server and the tests use besides the schema itself (the package exports only this
// entry, not its files).
export { clearAggregateCaches, ensureFresh, registerAggregateCache } from "./aggregates/engine.js";
export { protect } from "./aggregates/protect.js";
export { REPORT_NAMES, reportCsv } from "./modules/report-drafts.js";
export { PERSON_PARTS, PERSON_RECORDS } from "./support/person-reads.js";
export { ACCOUNT_ATTACK_AFTER, ADDRESS_BLOCK_AFTER, failureDelayMs, MAX_DELAY_MS, PAIR_BLOCK_AFTER, PAIR_BLOCK_UNDER_ATTACK, signInDecision, } from "./auth/throttle.js";
export { gatheredPermissions } from "./permissions/registry.js";
export { isSignedIn } from "./permissions/rules.js";
let plain;
/** The schema as Pothos builds it, without the permission layer (printing, type-graph tests). */
export function buildPlainSchema() {
    return (plain ??= builder.toSchema());
}
/** The executable schema: graphql-shield (deny by default), the person-read audit, fresh permissions per mutation field. */
export function buildSchema(options = {}) {
    const base = buildPlainSchema();
    const guarded = options.unsafeWithoutShield ? base : withPermissions(base);
    const audited = Object.fromEntries(Object.entries(personReadAudit).filter(([type]) => guarded.getType(type)));
    // Outermost: each mutation root field starts with no cached permission answer.
    return boundPageArguments(applyMiddleware(applyMiddleware(guarded, audited), freshPermissionsPerMutationField));
}
export function printedSchema() {
    return printSchema(lexicographicSortSchema(buildPlainSchema()));
}
//# sourceMappingURL=index.js.map