-- CreateEnum
CREATE TYPE "AssessmentSide" AS ENUM ('DEVELOPMENTAL_NEEDS', 'PARENTING_CAPACITY', 'FAMILY_ENVIRONMENT');

-- CreateEnum
CREATE TYPE "AssessmentArea" AS ENUM ('HEALTH', 'EDUCATION', 'EMOTIONAL_BEHAVIOURAL', 'IDENTITY', 'FAMILY_SOCIAL_RELATIONSHIPS', 'SELF_CARE', 'BASIC_CARE', 'SAFETY', 'EMOTIONAL_WARMTH', 'STIMULATION', 'GUIDANCE_BOUNDARIES', 'STABILITY', 'FAMILY_HISTORY', 'WIDER_FAMILY', 'HOUSING', 'EMPLOYMENT', 'INCOME', 'SOCIAL_INTEGRATION', 'COMMUNITY_RESOURCES');

-- CreateEnum
CREATE TYPE "NeedRating" AS ENUM ('STRENGTH', 'NO_CONCERN', 'SOME_NEED', 'SIGNIFICANT_NEED', 'SEVERE_NEED');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('CHILD', 'PARENT', 'LEGAL_REPRESENTATIVE', 'PERSON', 'FAMILY_MEMBER', 'OTHER');

-- CreateEnum
CREATE TYPE "FrequencyUnit" AS ENUM ('WEEK', 'MONTH');

-- CreateEnum
CREATE TYPE "ServicePlace" AS ENUM ('CENTER', 'HOME', 'SCHOOL', 'FIELD', 'ONLINE', 'OTHER');

-- AlterEnum
ALTER TYPE "SupportPlanStatus" ADD VALUE 'SUPERSEDED';

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "risks" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "sources" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "strengths" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "PlannedService" ADD COLUMN     "frequency" INTEGER,
ADD COLUMN     "frequencyUnit" "FrequencyUnit",
ADD COLUMN     "place" "ServicePlace",
ADD COLUMN     "responsibleId" UUID;

-- AlterTable
ALTER TABLE "SupportPlan" ADD COLUMN     "effectiveOn" DATE,
ADD COLUMN     "revisionNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "revisionOfId" UUID,
ADD COLUMN     "supersededOn" DATE;

-- AlterTable
ALTER TABLE "SupportPlanGoal" ADD COLUMN     "areaRatingId" UUID;

-- CreateTable
CREATE TABLE "AssessmentAreaRating" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "assessmentId" UUID NOT NULL,
    "area" "AssessmentArea" NOT NULL,
    "rating" "NeedRating",
    "notes" TEXT,

    CONSTRAINT "AssessmentAreaRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "assessmentId" UUID,
    "planId" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "role" "ParticipantRole" NOT NULL,
    "name" TEXT NOT NULL,
    "present" BOOLEAN NOT NULL DEFAULT false,
    "heard" BOOLEAN NOT NULL DEFAULT false,
    "agreed" BOOLEAN NOT NULL DEFAULT false,
    "signed" BOOLEAN NOT NULL DEFAULT false,
    "signedOn" DATE,

    CONSTRAINT "Participation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentAreaRating_centerId_id_key" ON "AssessmentAreaRating"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentAreaRating_centerId_assessmentId_area_key" ON "AssessmentAreaRating"("centerId", "assessmentId", "area");

-- CreateIndex
CREATE INDEX "Participation_centerId_assessmentId_idx" ON "Participation"("centerId", "assessmentId");

-- CreateIndex
CREATE INDEX "Participation_centerId_planId_idx" ON "Participation"("centerId", "planId");

-- CreateIndex
CREATE UNIQUE INDEX "Participation_centerId_id_key" ON "Participation"("centerId", "id");

-- AddForeignKey
ALTER TABLE "AssessmentAreaRating" ADD CONSTRAINT "AssessmentAreaRating_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentAreaRating" ADD CONSTRAINT "AssessmentAreaRating_centerId_assessmentId_fkey" FOREIGN KEY ("centerId", "assessmentId") REFERENCES "Assessment"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_centerId_assessmentId_fkey" FOREIGN KEY ("centerId", "assessmentId") REFERENCES "Assessment"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participation" ADD CONSTRAINT "Participation_centerId_planId_fkey" FOREIGN KEY ("centerId", "planId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPlan" ADD CONSTRAINT "SupportPlan_centerId_revisionOfId_fkey" FOREIGN KEY ("centerId", "revisionOfId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "SupportPlanGoal" ADD CONSTRAINT "SupportPlanGoal_centerId_areaRatingId_fkey" FOREIGN KEY ("centerId", "areaRatingId") REFERENCES "AssessmentAreaRating"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedService" ADD CONSTRAINT "PlannedService_centerId_responsibleId_fkey" FOREIGN KEY ("centerId", "responsibleId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ── Hand-written (issue #15, the structured ИОП and the ИПП's versions) ─────────────────────

-- A participation belongs to exactly one record: an assessment or a plan.
ALTER TABLE "Participation" ADD CONSTRAINT participation_one_record
  CHECK (("assessmentId" IS NULL) <> ("planId" IS NULL));
ALTER TABLE "PlannedService" ADD CONSTRAINT planned_service_frequency
  CHECK (("frequency" IS NULL) = ("frequencyUnit" IS NULL) AND ("frequency" IS NULL OR "frequency" BETWEEN 1 AND 100));
ALTER TABLE "SupportPlan" ADD CONSTRAINT support_plan_revision_positive CHECK ("revisionNumber" >= 1);

ALTER TABLE "AssessmentAreaRating" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AssessmentAreaRating" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "AssessmentAreaRating"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "AssessmentAreaRating" TO opora_app;

ALTER TABLE "Participation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Participation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Participation"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "Participation" TO opora_app;

-- Existing data carried forward, nothing invented:
-- * an assessment keeps its summary as its overall conclusion; no area gets a rating (an
--   assessment made before areas existed has none: its areas are simply not recorded);
-- * a planned service's "sessions a month" becomes its frequency per month;
-- * a case's plans, in the order they were created, become its versions 1, 2, …, each the
--   revision of the one before (that is how a later plan of a case came about: a revision
--   drafted beside the plan in effect). When a version came into effect is not known for
--   them (effectiveOn stays empty).
UPDATE "PlannedService" SET "frequency" = "sessionsPerMonth", "frequencyUnit" = 'MONTH'
  WHERE "sessionsPerMonth" BETWEEN 1 AND 100;

WITH ordered AS (
  SELECT id, "centerId",
         row_number() OVER w AS n,
         lag(id) OVER w AS previous
    FROM "SupportPlan"
  WINDOW w AS (PARTITION BY "centerId", "caseId" ORDER BY "createdAt", id)
)
UPDATE "SupportPlan" AS p SET "revisionNumber" = o.n, "revisionOfId" = o.previous
  FROM ordered AS o WHERE o.id = p.id AND o."centerId" = p."centerId";
