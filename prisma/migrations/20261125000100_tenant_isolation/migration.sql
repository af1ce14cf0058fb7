-- Tenant isolation inside the database (the second wall; the API is the first).
--
-- * opora_app: the runtime role every request runs as (SET LOCAL ROLE through
--   set_config('role', 'opora_app', true)); neither SUPERUSER nor BYPASSRLS.
-- * opora_aggregate: the role of network and municipal requests; it reads the
--   catalogue and (later) rollup tables only, never a center-owned table.
-- * Every center-owned table: ENABLE + FORCE row-level security, one policy on the
--   per-transaction setting app.center_id. With no center set, nothing is visible.
-- * AuditEvent is append-only for everyone, the table owner included.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opora_app') THEN
    CREATE ROLE opora_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opora_aggregate') THEN
    CREATE ROLE opora_aggregate NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

-- The connecting login must be able to switch to the runtime roles.
DO $$
BEGIN
  EXECUTE format('GRANT opora_app TO %I', current_user);
  EXECUTE format('GRANT opora_aggregate TO %I', current_user);
EXCEPTION WHEN others THEN
  -- Already granted, or the login is a superuser that needs no grant.
  NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO opora_app, opora_aggregate;

-- The tenant of the current transaction; NULL (so nothing matches) when unset.
CREATE OR REPLACE FUNCTION app_current_center() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $fn$ SELECT nullif(current_setting('app.center_id', true), '')::uuid $fn$;

-- The signed-in user of the current transaction; NULL when unset.
CREATE OR REPLACE FUNCTION app_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $fn$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $fn$;

GRANT EXECUTE ON FUNCTION app_current_center() TO opora_app, opora_aggregate;
GRANT EXECUTE ON FUNCTION app_current_user() TO opora_app, opora_aggregate;

-- Shared catalogue: read-only for both runtime roles.

GRANT SELECT ON "Municipality" TO opora_app, opora_aggregate;
GRANT SELECT ON "Settlement" TO opora_app, opora_aggregate;
GRANT SELECT ON "Profession" TO opora_app, opora_aggregate;
GRANT SELECT ON "ServiceKind" TO opora_app, opora_aggregate;
GRANT SELECT ON "TargetGroup" TO opora_app, opora_aggregate;
GRANT SELECT ON "Network" TO opora_app, opora_aggregate;

-- Centers: a public directory; only the active center's own row can be edited.
GRANT SELECT, UPDATE ON "Center" TO opora_app;
GRANT SELECT ON "Center" TO opora_aggregate;
ALTER TABLE "Center" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Center" FORCE ROW LEVEL SECURITY;
CREATE POLICY center_directory_read ON "Center" FOR SELECT USING (true);
CREATE POLICY center_own_update ON "Center" FOR UPDATE
  USING ("id" = app_current_center()) WITH CHECK ("id" = app_current_center());

-- Identities and sessions are not center-owned; the API reaches them only through
-- sign-in, the viewer and staff management.
GRANT SELECT, INSERT, UPDATE ON "User" TO opora_app;
GRANT SELECT, INSERT, UPDATE ON "AuthSession" TO opora_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "LoginThrottle" TO opora_app;

ALTER TABLE "CenterPartnerMunicipality" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CenterPartnerMunicipality" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CenterPartnerMunicipality"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CenterPartnerMunicipality" TO opora_app;

ALTER TABLE "PartnerOrganization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PartnerOrganization" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PartnerOrganization"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "PartnerOrganization" TO opora_app;

ALTER TABLE "Team" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Team" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Team"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Team" TO opora_app;

ALTER TABLE "TeamMember" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TeamMember" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TeamMember"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "TeamMember" TO opora_app;

ALTER TABLE "CenterService" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CenterService" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CenterService"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CenterService" TO opora_app;

ALTER TABLE "Client" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Client" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Client"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Client" TO opora_app;

ALTER TABLE "Household" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Household" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Household"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Household" TO opora_app;

ALTER TABLE "HouseholdMember" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "HouseholdMember" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "HouseholdMember"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "HouseholdMember" TO opora_app;

ALTER TABLE "Case" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Case" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Case"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Case" TO opora_app;

ALTER TABLE "CaseTargetGroup" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CaseTargetGroup" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CaseTargetGroup"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CaseTargetGroup" TO opora_app;

ALTER TABLE "CaseParticipant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CaseParticipant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CaseParticipant"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CaseParticipant" TO opora_app;

ALTER TABLE "CaseTeamMember" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CaseTeamMember" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CaseTeamMember"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CaseTeamMember" TO opora_app;

ALTER TABLE "CaseStatusChange" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CaseStatusChange" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CaseStatusChange"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CaseStatusChange" TO opora_app;

ALTER TABLE "Assessment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Assessment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Assessment"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Assessment" TO opora_app;

ALTER TABLE "SupportPlan" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SupportPlan" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SupportPlan"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "SupportPlan" TO opora_app;

ALTER TABLE "SupportPlanGoal" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SupportPlanGoal" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SupportPlanGoal"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "SupportPlanGoal" TO opora_app;

ALTER TABLE "PlannedService" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PlannedService" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PlannedService"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "PlannedService" TO opora_app;

ALTER TABLE "PlanReview" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PlanReview" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PlanReview"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "PlanReview" TO opora_app;

ALTER TABLE "Session" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Session" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Session"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Session" TO opora_app;

ALTER TABLE "SessionStaff" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SessionStaff" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SessionStaff"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "SessionStaff" TO opora_app;

ALTER TABLE "SessionClient" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SessionClient" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SessionClient"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "SessionClient" TO opora_app;

ALTER TABLE "Note" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Note" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Note"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Note" TO opora_app;

ALTER TABLE "GroupProgram" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "GroupProgram" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "GroupProgram"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "GroupProgram" TO opora_app;

ALTER TABLE "GroupProgramParticipant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "GroupProgramParticipant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "GroupProgramParticipant"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "GroupProgramParticipant" TO opora_app;

ALTER TABLE "GroupMeeting" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "GroupMeeting" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "GroupMeeting"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "GroupMeeting" TO opora_app;

ALTER TABLE "Attendance" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Attendance" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Attendance"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Attendance" TO opora_app;

ALTER TABLE "OpenAccessContact" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OpenAccessContact" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "OpenAccessContact"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "OpenAccessContact" TO opora_app;

ALTER TABLE "Consent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Consent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Consent"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Consent" TO opora_app;

ALTER TABLE "IdempotencyKey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "IdempotencyKey" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "IdempotencyKey"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "IdempotencyKey" TO opora_app;

-- Memberships: a center's staff list belongs to the center; a signed-in user also
-- reads their own memberships (to choose the active one), but writes only in-center.
ALTER TABLE "Membership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Membership" FORCE ROW LEVEL SECURITY;
CREATE POLICY membership_read ON "Membership" FOR SELECT
  USING ("centerId" = app_current_center() OR "userId" = app_current_user());
CREATE POLICY membership_insert ON "Membership" FOR INSERT
  WITH CHECK ("centerId" = app_current_center());
CREATE POLICY membership_update ON "Membership" FOR UPDATE
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
CREATE POLICY membership_delete ON "Membership" FOR DELETE
  USING ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Membership" TO opora_app;

-- Audit events: insert and read only. A center reads its own trail; events outside
-- any center (network or municipal sign-in) carry a NULL centerId.
ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON "AuditEvent" FOR SELECT
  USING ("centerId" = app_current_center());
CREATE POLICY audit_append ON "AuditEvent" FOR INSERT
  WITH CHECK ("centerId" IS NULL OR "centerId" = app_current_center());
GRANT SELECT, INSERT ON "AuditEvent" TO opora_app;
GRANT USAGE ON SEQUENCE "AuditEvent_id_seq" TO opora_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM opora_app, opora_aggregate, PUBLIC;

CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER audit_event_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
