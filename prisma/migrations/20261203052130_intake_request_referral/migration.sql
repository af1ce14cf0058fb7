-- Issue #15: a case starts from the person's request (заявяване) or a referral (направление) by a
-- legal referrer, kept apart from who raised the concern; the center sets the days within which
-- the needs assessment (ИОП) and the support plan (ИПП) are due (20 by default).

-- CreateEnum
CREATE TYPE "IntakeRoute" AS ENUM ('REQUEST', 'REFERRAL');

-- CreateEnum
CREATE TYPE "LegalReferrer" AS ENUM ('CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'MUNICIPALITY', 'COURT', 'OTHER_PROVIDER', 'OTHER');

-- CreateEnum
CREATE TYPE "ConcernSource" AS ENUM ('SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'POLICE', 'NGO', 'RELATIVE_OR_NEIGHBOUR', 'SELF', 'OTHER');

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "concernRaisedBy" "ConcernSource",
ADD COLUMN     "intakeRoute" "IntakeRoute",
ADD COLUMN     "legalReferrer" "LegalReferrer",
ADD COLUMN     "referralDocumentDate" DATE,
ADD COLUMN     "requestDate" DATE,
ADD COLUMN     "requestNumber" TEXT;

-- AlterTable
ALTER TABLE "Center" ADD COLUMN     "planningDays" INTEGER NOT NULL DEFAULT 20;
ALTER TABLE "Center" ADD CONSTRAINT "Center_planningDays_range" CHECK ("planningDays" BETWEEN 1 AND 60);

-- The old single source carried forward, nothing invented:
-- a legal referrer (ОЗД, ДСП, the municipality, a court) → a referral by that referrer;
-- a school, kindergarten, hospital, GP, police or NGO → who raised the concern, the legal route
--   left unknown (null);
-- the person themself → their own request, the concern raised by themself (the request's date
--   and number were never recorded: left null);
-- OTHER said neither: both left null. The referral document number stays where it was.
UPDATE "Case" SET "intakeRoute" = 'REFERRAL', "legalReferrer" = "referralSource"::text::"LegalReferrer"
 WHERE "referralSource" IN ('CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'MUNICIPALITY', 'COURT');
UPDATE "Case" SET "concernRaisedBy" = "referralSource"::text::"ConcernSource"
 WHERE "referralSource" IN ('SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'POLICE', 'NGO');
UPDATE "Case" SET "intakeRoute" = 'REQUEST', "concernRaisedBy" = 'SELF' WHERE "referralSource" = 'SELF';

ALTER TABLE "Case" DROP COLUMN "referralSource";

-- DropEnum
DROP TYPE "ReferralSource";

-- Due dates by the one rule (schema/src/modules/due-dates.ts): an open assessment whose due date
-- was the old default (20 days after the referral) is due the center's planning days after the
-- request, or after the referral when there is no request. No request date was recorded before,
-- and every center starts at 20 days, so today's rows keep their dates; a date set by hand stays.
UPDATE "Assessment" a SET "dueOn" = (coalesce(k."requestDate", k."referralDate") + ce."planningDays")
  FROM "Case" k JOIN "Center" ce ON ce.id = k."centerId"
 WHERE k."centerId" = a."centerId" AND k.id = a."caseId"
   AND a."completedOn" IS NULL AND a."supersededAt" IS NULL
   AND a."dueOn" = k."referralDate" + 20
   AND a."dueOn" <> coalesce(k."requestDate", k."referralDate") + ce."planningDays";
