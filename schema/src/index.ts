import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { builder } from './builder.ts';
import './modules/index.ts';
import { withPermissions } from './permissions/index.ts';
import { personReadAudit } from './support/person-reads.ts';
import { freshPermissionsPerMutationField } from './support/identity-change.ts';
import { boundPageArguments } from './support/page-args.ts';
export { badLiteralPageSize, MAX_PAGE_SIZE } from './support/page-args.ts';

export type { Context, Viewer, ActiveMembership, Locale, IssuedSession } from './context.ts';
export { IDENTITY_CHANGE, identityChangeFields, mixedIdentityChanges } from './support/identity-change.ts';
export { AuditLog } from './support/audit.ts';
export { createLoaders } from './support/loaders.ts';
export { hashToken } from './auth/tokens.ts';
export { hashPassword } from './auth/passwords.ts';
export { sessionTouchDue } from './accounts/session-touch.ts';
export { touchSession } from './accounts/store.ts';
export { createAuthGateway, type AuthGateway, type AuthGatewayOptions } from './auth/sign-in.ts';
export { oporaError } from './support/errors.ts';
// What the server and the tests use besides the schema itself (the package exports only this
// entry, not its files).
export { clearAggregateCaches, ensureFresh, redecideMunicipal, registerAggregateCache } from './aggregates/engine.ts';
export {
  closeDeciders,
  decisionEvents,
  holdDecisions,
  registerDecisionStore,
  settledDecisions,
  type Decision,
  type DecisionKey,
  type DecisionStore,
} from './aggregates/decider.ts';
export { prepareAggregateSystems, preparedYears, type AggregateRunner } from './aggregates/prepare.ts';
export { protect, type Reason as SuppressionReason, type System as ProtectedSystem } from './aggregates/protect.ts';
export { REPORT_NAMES, reportCsv, type ReportName } from './modules/report-drafts.ts';
export { auditExportRows, AUDIT_EXPORT_LIMIT } from './modules/audit-trail.ts';
export { TABLE_SCREENS, aggregateTableFile, hiddenText, type TableFile, type TableFileCell, type TableScreen } from './modules/aggregate-exports.ts';
export { DOCUMENT_KINDS, buildDocument, renderPdf, renderDocx, type BuiltDocument, type PrintedDocument } from './documents/index.ts';
export type { SubjectAccessData } from './documents/kinds/subject-access.ts';
export { ACCEPTED_TYPES, attachmentLimits, downloadAttachment, sanitizeFileName, sizeWords, uploadAttachment, type UploadedAttachment } from './modules/attachment.ts';
export { attachmentContents, DATABASE_CONTENTS, type AttachmentContents, type ObjectStore } from './support/attachment-content.ts';
export { PERSON_PARTS, PERSON_RECORDS } from './support/person-reads.ts';
export { publishSignedOffReports } from './modules/yearly-reports.ts';
export { approvalsStamp } from './modules/period-approvals.ts';
export { publishFigures, hiddenFigures, reportSystem, HIDDEN as YEARLY_REPORT_HIDDEN, type ShownFigures, type YearlyFigures } from './reports/yearly-figures.ts';
export { ANONYMISED_FIRST_NAME, ANONYMISED_LAST_NAME, ANONYMISED_TEXT, RETENTION_USER, retentionCutoff, runCenterRetention, runRetention, type RetentionReport } from './support/retention.ts';
export {
  ACCOUNT_ATTACK_AFTER,
  ADDRESS_BLOCK_AFTER,
  failureDelayMs,
  MAX_DELAY_MS,
  PAIR_BLOCK_AFTER,
  PAIR_BLOCK_UNDER_ATTACK,
  signInDecision,
} from './auth/throttle.ts';
export { gatheredPermissions } from './permissions/registry.ts';
export { isSignedIn } from './permissions/rules.ts';

let plain: GraphQLSchema | undefined;

/** The schema as Pothos builds it, without the permission layer (printing, type-graph tests). */
export function buildPlainSchema(): GraphQLSchema {
  return (plain ??= builder.toSchema());
}

export type SchemaOptions = {
  /** Benchmark-only: leave graphql-shield off to measure its price. Never set in production. */
  unsafeWithoutShield?: boolean;
  /** Benchmark-only (A/B): shield's wrapper on every guarded field (see permissions/index.ts). */
  shieldWrapsEveryField?: boolean;
};

/** The executable schema: graphql-shield (deny by default), the person-read audit, fresh permissions per mutation field. */
export function buildSchema(options: SchemaOptions = {}): GraphQLSchema {
  const base = buildPlainSchema();
  const guarded = options.unsafeWithoutShield ? base : withPermissions(base, { wrapEveryField: options.shieldWrapsEveryField ?? false });
  const audited = Object.fromEntries(Object.entries(personReadAudit).filter(([type]) => guarded.getType(type)));
  // Outermost: each mutation root field starts with no cached permission answer.
  return boundPageArguments(applyMiddleware(applyMiddleware(guarded, audited), freshPermissionsPerMutationField));
}

export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(buildPlainSchema()));
}
export { checkImport, runImport, type ImportReport, type ProbableDuplicate, type RefusedRow } from './import/history.ts';
export { importTemplateCsv, importTemplateXlsx, MAX_IMPORT_ROWS } from './import/file.ts';
export { SHEETS as IMPORT_SHEETS, type SheetKind as ImportSheetKind } from './import/sheets.ts';
export { importHistoryAnswer } from './permissions/rules.ts';
export { MAIL_MAX_ATTEMPTS, mailBackoffMs, runReminders, sendQueuedMail, type OutgoingMail } from './reminders/job.ts';
export { notificationPath } from './reminders/notify.ts';
