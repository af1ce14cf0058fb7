-- CreateEnum
CREATE TYPE "MunicipalAnalysisStatus" AS ENUM ('DRAFT', 'SIGNED_OFF');

-- CreateTable
CREATE TABLE "MunicipalAnalysis" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "municipalityId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "spending" TEXT,
    "providersEvaluation" TEXT,
    "controlMonitoring" TEXT,
    "unmetNeeds" TEXT,
    "status" "MunicipalAnalysisStatus" NOT NULL DEFAULT 'DRAFT',
    "figures" JSONB,
    "signedOffAt" TIMESTAMP(3),
    "signedOffById" UUID,
    "signedOffByName" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MunicipalAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MunicipalAnalysis_municipalityId_year_key" ON "MunicipalAnalysis"("municipalityId", "year");

-- AddForeignKey
ALTER TABLE "MunicipalAnalysis" ADD CONSTRAINT "MunicipalAnalysis_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The analysis belongs to its municipality: only that municipality's own officials (a current
-- MUNICIPAL_VIEWER membership of the signed-in user, who runs as opora_aggregate) read and write
-- it; the API narrows further to the session's active membership. Center staff (opora_app) have
-- no grant at all. No DELETE: an analysis is kept.
ALTER TABLE "MunicipalAnalysis" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MunicipalAnalysis" FORCE ROW LEVEL SECURITY;
CREATE OR REPLACE FUNCTION app_municipal_official_of(p_municipality uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $fn$
  -- Runs as the caller: Membership's own policy shows a user only their own memberships.
  SELECT EXISTS (
    SELECT 1 FROM "Membership" m
     WHERE m."userId" = app_current_user()
       AND m."role" = 'MUNICIPAL_VIEWER'
       AND m."municipalityId" = p_municipality
       AND (m."endedOn" IS NULL OR m."endedOn" >= current_date))
$fn$;
REVOKE ALL ON FUNCTION app_municipal_official_of(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_municipal_official_of(uuid) TO opora_aggregate;
CREATE POLICY municipal_own ON "MunicipalAnalysis" TO opora_aggregate
  USING (app_municipal_official_of("municipalityId")) WITH CHECK (app_municipal_official_of("municipalityId"));
GRANT SELECT, INSERT, UPDATE ON "MunicipalAnalysis" TO opora_aggregate;

-- A signed-off analysis is never changed again, whoever writes (as a signed-off yearly report).
CREATE OR REPLACE FUNCTION municipal_analysis_signed_off_is_final() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD."status" = 'SIGNED_OFF' THEN
    RAISE EXCEPTION 'a signed-off municipal analysis is not changed' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER municipal_analysis_signed_off_is_final BEFORE UPDATE OR DELETE ON "MunicipalAnalysis"
  FOR EACH ROW EXECUTE FUNCTION municipal_analysis_signed_off_is_final();
ALTER TABLE "MunicipalAnalysis" ADD CONSTRAINT municipal_analysis_signed_off_complete
  CHECK (("status" = 'SIGNED_OFF') = ("signedOffAt" IS NOT NULL AND "figures" IS NOT NULL AND "signedOffById" IS NOT NULL));
ALTER TABLE "MunicipalAnalysis" ADD CONSTRAINT municipal_analysis_year CHECK ("year" BETWEEN 2000 AND 2100);
