-- Issue #18 item 4: a center's manager approves a month or a year of the center's figures (as
-- DHIS2's data approval). New table, so nothing to carry forward. A change to an approved period's
-- data is recorded by the rollups' own dirty marks: when a month of the period gets a new
-- RollupMonth version (aggregate_mark_ranges, on every change of a source row), the approval's
-- "changedAt" is set until the manager approves again.

-- CreateEnum
CREATE TYPE "ApprovalGrain" AS ENUM ('MONTH', 'YEAR');

-- CreateTable
CREATE TABLE "PeriodApproval" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "grain" "ApprovalGrain" NOT NULL,
    "periodStart" DATE NOT NULL,
    "approvedById" UUID NOT NULL,
    "approvedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedVersion" INTEGER NOT NULL,
    "changedAt" TIMESTAMP(3),

    CONSTRAINT "PeriodApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PeriodApproval_centerId_grain_periodStart_key" ON "PeriodApproval"("centerId", "grain", "periodStart");

-- AddForeignKey
ALTER TABLE "PeriodApproval" ADD CONSTRAINT "PeriodApproval_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeriodApproval" ADD CONSTRAINT "PeriodApproval_centerId_approvedById_fkey" FOREIGN KEY ("centerId", "approvedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A center's own approvals, like its other records: RLS by the active center, forced.
ALTER TABLE "PeriodApproval" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PeriodApproval" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PeriodApproval"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
-- Approved again = the same row with a new approver, time and version; never deleted.
GRANT SELECT, INSERT ON "PeriodApproval" TO opora_app;
GRANT UPDATE ("approvedById", "approvedAt", "approvedVersion", "changedAt") ON "PeriodApproval" TO opora_app;
-- The network and the municipalities see which periods are approved and whether they changed since:
-- never who approved (a person) nor any figure.
CREATE POLICY approval_aggregate_read ON "PeriodApproval" FOR SELECT TO opora_aggregate USING (true);
GRANT SELECT ("centerId", "grain", "periodStart", "approvedAt", "changedAt") ON "PeriodApproval" TO opora_aggregate;
-- The trigger below runs as the owner, which forced RLS would otherwise hold to the active center.
DO $do$
BEGIN
  EXECUTE format('CREATE POLICY approval_maintenance ON "PeriodApproval" TO %I USING (true) WITH CHECK (true)', current_user);
END
$do$;

-- The period's rollup version now (the sum of its months' versions), for the active center only:
-- the runtime role reads no rollup table itself.
CREATE OR REPLACE FUNCTION period_rollup_version(p_grain "ApprovalGrain", p_start date) RETURNS int
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT coalesce(sum("version"), 0)::int FROM "RollupMonth"
   WHERE "centerId" = app_current_center()
     AND "month" >= p_start
     AND "month" < (p_start + CASE p_grain WHEN 'YEAR' THEN interval '1 year' ELSE interval '1 month' END)::date
$fn$;
REVOKE ALL ON FUNCTION period_rollup_version("ApprovalGrain", date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION period_rollup_version("ApprovalGrain", date) TO opora_app;

-- A month of an approved period marked changed (a new version): the approval records when.
CREATE OR REPLACE FUNCTION period_approval_mark_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."version" <= OLD."version" THEN
    RETURN NULL;
  END IF;
  UPDATE "PeriodApproval" SET "changedAt" = now()
   WHERE "centerId" = NEW."centerId" AND "changedAt" IS NULL
     AND (("grain" = 'MONTH' AND "periodStart" = NEW."month")
       OR ("grain" = 'YEAR' AND "periodStart" = date_trunc('year', NEW."month")::date));
  RETURN NULL;
END
$fn$;
CREATE TRIGGER period_approval_changed AFTER INSERT OR UPDATE OF "version" ON "RollupMonth"
  FOR EACH ROW EXECUTE FUNCTION period_approval_mark_changed();
