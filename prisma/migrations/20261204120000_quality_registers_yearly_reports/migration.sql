-- CreateEnum
CREATE TYPE "LegalServiceType" AS ENUM ('OA_INFORMATION', 'OA_COUNSELLING_TRAINING', 'OA_MOBILE_COMMUNITY_WORK', 'SP_INFORMATION_COUNSELLING', 'SP_PSYCHOLOGICAL_THERAPY', 'SP_SKILLS_TRAINING', 'SP_ADVOCACY_MEDIATION');

-- CreateEnum
CREATE TYPE "ComplaintKind" AS ENUM ('COMPLAINT', 'SIGNAL');

-- CreateEnum
CREATE TYPE "ComplaintChannel" AS ENUM ('IN_PERSON', 'PHONE', 'EMAIL', 'LETTER', 'BOX', 'OTHER');

-- CreateEnum
CREATE TYPE "ComplaintOutcome" AS ENUM ('UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'WITHDRAWN', 'REFERRED_ON');

-- CreateEnum
CREATE TYPE "SupervisionKind" AS ENUM ('INTERNAL', 'EXTERNAL');

-- CreateEnum
CREATE TYPE "YearlyReportStatus" AS ENUM ('DRAFT', 'SIGNED_OFF');

-- CreateTable
CREATE TABLE "Complaint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "kind" "ComplaintKind" NOT NULL,
    "receivedOn" DATE NOT NULL,
    "channel" "ComplaintChannel" NOT NULL,
    "serviceType" "LegalServiceType",
    "subject" TEXT NOT NULL,
    "response" TEXT,
    "outcome" "ComplaintOutcome",
    "closedOn" DATE,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SatisfactionSurvey" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "serviceType" "LegalServiceType" NOT NULL,
    "respondents" INTEGER NOT NULL,
    "satisfiedCount" INTEGER NOT NULL,
    "averageScore" DECIMAL(3,2),
    "note" TEXT,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SatisfactionSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSupervision" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "heldOn" DATE NOT NULL,
    "hours" DECIMAL(5,2) NOT NULL,
    "supervisor" TEXT NOT NULL,
    "kind" "SupervisionKind" NOT NULL,
    "topic" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffSupervision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffSupervisionStaff" (
    "centerId" UUID NOT NULL,
    "supervisionId" UUID NOT NULL,
    "membershipId" UUID NOT NULL,

    CONSTRAINT "StaffSupervisionStaff_pkey" PRIMARY KEY ("centerId","supervisionId","membershipId")
);

-- CreateTable
CREATE TABLE "StaffTraining" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "course" TEXT NOT NULL,
    "organizer" TEXT,
    "startedOn" DATE NOT NULL,
    "hours" DECIMAL(6,2) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffTraining_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearlyReport" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "serviceType" "LegalServiceType" NOT NULL,
    "goalsResults" TEXT,
    "qualityProgramme" TEXT,
    "internalControl" TEXT,
    "status" "YearlyReportStatus" NOT NULL DEFAULT 'DRAFT',
    "figures" JSONB,
    "signedOffAt" TIMESTAMP(3),
    "signedOffById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "YearlyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MunicipalServiceContract" (
    "centerId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "serviceType" "LegalServiceType" NOT NULL,
    "since" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MunicipalServiceContract_pkey" PRIMARY KEY ("centerId","municipalityId","serviceType")
);

-- CreateIndex
CREATE INDEX "Complaint_centerId_receivedOn_idx" ON "Complaint"("centerId", "receivedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_centerId_id_key" ON "Complaint"("centerId", "id");

-- CreateIndex
CREATE INDEX "SatisfactionSurvey_centerId_year_idx" ON "SatisfactionSurvey"("centerId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "SatisfactionSurvey_centerId_id_key" ON "SatisfactionSurvey"("centerId", "id");

-- CreateIndex
CREATE INDEX "StaffSupervision_centerId_heldOn_idx" ON "StaffSupervision"("centerId", "heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "StaffSupervision_centerId_id_key" ON "StaffSupervision"("centerId", "id");

-- CreateIndex
CREATE INDEX "StaffTraining_centerId_startedOn_idx" ON "StaffTraining"("centerId", "startedOn");

-- CreateIndex
CREATE UNIQUE INDEX "StaffTraining_centerId_id_key" ON "StaffTraining"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "YearlyReport_centerId_id_key" ON "YearlyReport"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "YearlyReport_centerId_year_serviceType_key" ON "YearlyReport"("centerId", "year", "serviceType");

-- CreateIndex
CREATE INDEX "MunicipalServiceContract_municipalityId_idx" ON "MunicipalServiceContract"("municipalityId");

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_centerId_recordedById_fkey" FOREIGN KEY ("centerId", "recordedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionSurvey" ADD CONSTRAINT "SatisfactionSurvey_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SatisfactionSurvey" ADD CONSTRAINT "SatisfactionSurvey_centerId_recordedById_fkey" FOREIGN KEY ("centerId", "recordedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSupervision" ADD CONSTRAINT "StaffSupervision_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSupervisionStaff" ADD CONSTRAINT "StaffSupervisionStaff_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSupervisionStaff" ADD CONSTRAINT "StaffSupervisionStaff_centerId_supervisionId_fkey" FOREIGN KEY ("centerId", "supervisionId") REFERENCES "StaffSupervision"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffSupervisionStaff" ADD CONSTRAINT "StaffSupervisionStaff_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffTraining" ADD CONSTRAINT "StaffTraining_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffTraining" ADD CONSTRAINT "StaffTraining_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "YearlyReport" ADD CONSTRAINT "YearlyReport_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "YearlyReport" ADD CONSTRAINT "YearlyReport_centerId_signedOffById_fkey" FOREIGN KEY ("centerId", "signedOffById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MunicipalServiceContract" ADD CONSTRAINT "MunicipalServiceContract_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MunicipalServiceContract" ADD CONSTRAINT "MunicipalServiceContract_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Row-level security: each register and report is its center's own (opora_app, by the tenant).
ALTER TABLE "Complaint" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Complaint" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Complaint"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Complaint" TO opora_app;

ALTER TABLE "SatisfactionSurvey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SatisfactionSurvey" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SatisfactionSurvey"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "SatisfactionSurvey" TO opora_app;

ALTER TABLE "StaffSupervision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StaffSupervision" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffSupervision"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "StaffSupervision" TO opora_app;

ALTER TABLE "StaffSupervisionStaff" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StaffSupervisionStaff" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffSupervisionStaff"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "StaffSupervisionStaff" TO opora_app;

ALTER TABLE "StaffTraining" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StaffTraining" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffTraining"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "StaffTraining" TO opora_app;

-- The yearly report: its center's staff (the schema lets only the manager in); network and
-- municipal requests (opora_aggregate) read signed-off reports only, and the schema narrows them
-- to their network's centers / the services their municipality contracts. A signed-off report is
-- never changed again (the trigger below), whoever writes.
ALTER TABLE "YearlyReport" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "YearlyReport" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "YearlyReport"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
CREATE POLICY signed_off_read ON "YearlyReport" FOR SELECT TO opora_aggregate USING ("status" = 'SIGNED_OFF');
GRANT SELECT, INSERT, UPDATE ON "YearlyReport" TO opora_app;
GRANT SELECT ON "YearlyReport" TO opora_aggregate;

CREATE OR REPLACE FUNCTION yearly_report_signed_off_is_final() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD."status" = 'SIGNED_OFF' THEN
    RAISE EXCEPTION 'a signed-off yearly report is not changed' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER yearly_report_signed_off_is_final BEFORE UPDATE OR DELETE ON "YearlyReport"
  FOR EACH ROW EXECUTE FUNCTION yearly_report_signed_off_is_final();
ALTER TABLE "YearlyReport" ADD CONSTRAINT yearly_report_signed_off_has_figures
  CHECK (("status" = 'SIGNED_OFF') = ("signedOffAt" IS NOT NULL AND "figures" IS NOT NULL));

-- Which municipality contracts which service: no person in it; the municipality's viewers read it.
ALTER TABLE "MunicipalServiceContract" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MunicipalServiceContract" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MunicipalServiceContract"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
CREATE POLICY aggregate_read ON "MunicipalServiceContract" FOR SELECT TO opora_aggregate USING (true);
GRANT SELECT, INSERT, DELETE ON "MunicipalServiceContract" TO opora_app;
GRANT SELECT ON "MunicipalServiceContract" TO opora_aggregate;

ALTER TABLE "Complaint" ADD CONSTRAINT complaint_closed_after_received CHECK ("closedOn" IS NULL OR "closedOn" >= "receivedOn");
ALTER TABLE "SatisfactionSurvey" ADD CONSTRAINT survey_counts CHECK ("respondents" >= 0 AND "satisfiedCount" >= 0 AND "satisfiedCount" <= "respondents");
ALTER TABLE "StaffSupervision" ADD CONSTRAINT supervision_hours CHECK ("hours" > 0);
ALTER TABLE "StaffTraining" ADD CONSTRAINT training_hours CHECK ("hours" > 0);
