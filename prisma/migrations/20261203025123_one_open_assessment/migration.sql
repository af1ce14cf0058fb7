-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "supersededAt" TIMESTAMP(3);

-- A case has at most one open needs assessment (issue #15). Before the rule, moving a case to
-- "Needs assessment" or starting one could leave a case with two open assessments; the older
-- stayed due and showed as overdue for good.
--
-- Existing duplicates are carried forward without inventing anything: the newest open one
-- (by createdAt, then id) stays open and untouched; each older open one is marked superseded
-- at the moment of this migration. None is marked completed (no completion date or summary
-- is made up), nothing is deleted, and the superseded rows keep their dates and text. The
-- migration's time is the true moment they stopped being open.
UPDATE "Assessment" AS a
SET "supersededAt" = CURRENT_TIMESTAMP, "version" = a."version" + 1
WHERE a."completedOn" IS NULL
  AND a."supersededAt" IS NULL
  AND EXISTS (
    SELECT 1 FROM "Assessment" AS newer
    WHERE newer."centerId" = a."centerId"
      AND newer."caseId" = a."caseId"
      AND newer."completedOn" IS NULL
      AND (newer."createdAt", newer."id") > (a."createdAt", a."id")
  );

-- Completing the assessment now moves the case to planning (SUPPORT_PLAN). A case still
-- "Referred" or in "Needs assessment" whose assessment was completed before that rule, with
-- none open, is carried forward to where the rule puts it: the move is recorded as what it
-- is (made by this migration, now, by no staff member, with a note saying so), and no date of
-- the past is made up.
INSERT INTO "CaseStatusChange" ("centerId", "caseId", "fromStatus", "toStatus", "changedAt", "changedById", "note")
SELECT c."centerId", c."id", c."status", 'SUPPORT_PLAN', CURRENT_TIMESTAMP, NULL,
  'Оценката на потребностите е завършена преди етапът да се сменя с нея: преместен при обновяването на Опора. / The needs assessment was completed before completing it moved the stage: moved by the Opora update.'
FROM "Case" AS c
WHERE c."status" IN ('REFERRED', 'ASSESSMENT')
  AND EXISTS (SELECT 1 FROM "Assessment" AS a WHERE a."centerId" = c."centerId" AND a."caseId" = c."id" AND a."completedOn" IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM "Assessment" AS a WHERE a."centerId" = c."centerId" AND a."caseId" = c."id" AND a."completedOn" IS NULL AND a."supersededAt" IS NULL);

UPDATE "Case" AS c
SET "status" = 'SUPPORT_PLAN', "version" = c."version" + 1, "updatedAt" = CURRENT_TIMESTAMP
WHERE c."status" IN ('REFERRED', 'ASSESSMENT')
  AND EXISTS (SELECT 1 FROM "Assessment" AS a WHERE a."centerId" = c."centerId" AND a."caseId" = c."id" AND a."completedOn" IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM "Assessment" AS a WHERE a."centerId" = c."centerId" AND a."caseId" = c."id" AND a."completedOn" IS NULL AND a."supersededAt" IS NULL);

-- The database's guard beside the server's check (it also settles two concurrent requests).
CREATE UNIQUE INDEX "Assessment_one_open_per_case" ON "Assessment" ("centerId", "caseId")
  WHERE "completedOn" IS NULL AND "supersededAt" IS NULL;
