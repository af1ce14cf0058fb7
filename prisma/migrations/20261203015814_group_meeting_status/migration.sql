-- CreateEnum
CREATE TYPE "GroupMeetingStatus" AS ENUM ('PLANNED', 'HELD', 'CANCELLED');

-- AlterTable
ALTER TABLE "GroupMeeting" ADD COLUMN     "cancellationReason" TEXT,
ADD COLUMN     "status" "GroupMeetingStatus" NOT NULL DEFAULT 'PLANNED',
ADD COLUMN     "statusChangedAt" TIMESTAMP(3);

-- ─────────────────────────── Hand-written: held, planned, cancelled ───────────────────────────
--
-- Before, a meeting counted as a delivered group session as soon as it was scheduled, and
-- attendance could be recorded for a meeting weeks ahead. Now a meeting is PLANNED, then HELD
-- or CANCELLED (with its reason); attendance belongs to held meetings only, and only held
-- meetings count, as meetings, attendances and as the group session each meeting carries.

-- Existing data: a meeting that has begun and has attendance took place; every other one
-- (ahead, or past with nobody recorded) stays planned until someone says it was held or not.
UPDATE "GroupMeeting" g SET "status" = 'HELD', "statusChangedAt" = g."startsAt"
 WHERE g."startsAt" <= now()
   AND EXISTS (SELECT 1 FROM "Attendance" a WHERE a."centerId" = g."centerId" AND a."meetingId" = g.id);

-- A cancelled meeting says why; no other has a reason.
ALTER TABLE "GroupMeeting" ADD CONSTRAINT group_meeting_cancellation_reason
  CHECK (("status" = 'CANCELLED') = ("cancellationReason" IS NOT NULL AND length(btrim("cancellationReason")) > 0));

-- Attendance only for a held meeting (the API refuses first, with a message; this is the last line).
CREATE OR REPLACE FUNCTION attendance_needs_held_meeting() RETURNS trigger
  LANGUAGE plpgsql
  AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "GroupMeeting" g WHERE g."centerId" = NEW."centerId" AND g.id = NEW."meetingId" AND g."status" = 'HELD') THEN
    RAISE EXCEPTION 'attendance is recorded only for a held meeting' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER attendance_needs_held_meeting BEFORE INSERT OR UPDATE ON "Attendance"
  FOR EACH ROW EXECUTE FUNCTION attendance_needs_held_meeting();

-- A held meeting with attendance stays held (its attendance would be left on a meeting that did not happen).
CREATE OR REPLACE FUNCTION group_meeting_keeps_attendance() RETURNS trigger
  LANGUAGE plpgsql
  AS $fn$
BEGIN
  IF OLD."status" = 'HELD' AND NEW."status" <> 'HELD'
     AND EXISTS (SELECT 1 FROM "Attendance" a WHERE a."centerId" = OLD."centerId" AND a."meetingId" = OLD.id) THEN
    RAISE EXCEPTION 'a meeting with attendance stays held' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER group_meeting_keeps_attendance BEFORE UPDATE OF "status" ON "GroupMeeting"
  FOR EACH ROW EXECUTE FUNCTION group_meeting_keeps_attendance();

-- The rollups: as in 20261125031814_aggregates, and a group meeting's session, the meeting and
-- its attendances count only when the meeting was held.
CREATE OR REPLACE FUNCTION aggregate_rebuild(c uuid, ms date[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  lo timestamp := (SELECT min(m) FROM unnest(ms) m);
  hi timestamp := (SELECT max(m) FROM unnest(ms) m) + interval '1 month';
BEGIN
  DELETE FROM "RollupActivity" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupClientMonth" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupCase" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupWaiting" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupDeadline" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupAttendance" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupOpenAccess" WHERE "centerId" = c AND "month" = ANY(ms);
  DELETE FROM "RollupStaff" WHERE "centerId" = c AND "month" = ANY(ms);

  -- Sessions delivered (not those planned ahead, nor a group meeting's that was not held),
  -- with the residence of the case's child.
  INSERT INTO "RollupActivity" ("centerId", "month", "serviceKindId", "sessionKind", "mode", "format",
         "residenceMunicipalityId", "settlementId", "ageBand", "sex", "sessions", "minutes")
  SELECT c, date_trunc('month', s."startsAt")::date, cs."serviceKindId", s.kind, s.mode, s.format,
         st."municipalityId", cl."settlementId",
         CASE WHEN cl.id IS NULL THEN 'UNKNOWN'::"AgeBand" ELSE aggregate_age_band(cl."birthDate", cl."birthYear", date_trunc('month', s."startsAt")::date) END,
         coalesce(cl.sex, 'UNKNOWN'), count(*)::int, sum(s."durationMinutes")::int
    FROM "Session" s
    JOIN "CenterService" cs ON cs."centerId" = s."centerId" AND cs.id = s."serviceId"
    LEFT JOIN "Case" k ON k."centerId" = s."centerId" AND k.id = s."caseId"
    LEFT JOIN "Client" cl ON cl."centerId" = k."centerId" AND cl.id = k."childId"
    LEFT JOIN "Settlement" st ON st.id = cl."settlementId"
   WHERE s."centerId" = c AND s."startsAt" >= lo AND s."startsAt" < hi AND s."startsAt" <= now()
     AND date_trunc('month', s."startsAt")::date = ANY(ms)
     AND NOT EXISTS (SELECT 1 FROM "GroupMeeting" gm WHERE gm."centerId" = s."centerId" AND gm.id = s."groupMeetingId" AND gm."status" <> 'HELD')
   GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10;

  -- Every client with a delivered session in the month (child, parent or group participant).
  INSERT INTO "RollupClientMonth" ("centerId", "month", "clientKey", "serviceKindId", "targetGroupId",
         "residenceMunicipalityId", "settlementId", "ageBand", "sex")
  SELECT DISTINCT c, date_trunc('month', s."startsAt")::date, md5(c::text || ':' || sc."clientId"::text), cs."serviceKindId", ctg."targetGroupId",
         st."municipalityId", cl."settlementId",
         aggregate_age_band(cl."birthDate", cl."birthYear", date_trunc('month', s."startsAt")::date), cl.sex
    FROM "SessionClient" sc
    JOIN "Session" s ON s."centerId" = sc."centerId" AND s.id = sc."sessionId"
    JOIN "CenterService" cs ON cs."centerId" = s."centerId" AND cs.id = s."serviceId"
    JOIN "Client" cl ON cl."centerId" = sc."centerId" AND cl.id = sc."clientId"
    LEFT JOIN "CaseTargetGroup" ctg ON ctg."centerId" = s."centerId" AND ctg."caseId" = s."caseId"
    LEFT JOIN "Settlement" st ON st.id = cl."settlementId"
   WHERE sc."centerId" = c AND s."startsAt" >= lo AND s."startsAt" < hi AND s."startsAt" <= now()
     AND date_trunc('month', s."startsAt")::date = ANY(ms)
     AND NOT EXISTS (SELECT 1 FROM "GroupMeeting" gm WHERE gm."centerId" = s."centerId" AND gm.id = s."groupMeetingId" AND gm."status" <> 'HELD');

  -- Cases: referred in the month, open at the month's end, closed in the month (by outcome).
  INSERT INTO "RollupCase" ("centerId", "month", "measure", "closureOutcome", "residenceMunicipalityId", "settlementId", "ageBand", "sex", "cases")
  SELECT c, x.month, x.measure, x.outcome, st."municipalityId", cl."settlementId",
         aggregate_age_band(cl."birthDate", cl."birthYear", x.at), cl.sex, count(*)::int
    FROM (
      SELECT k."childId", date_trunc('month', k."referralDate")::date AS month, 'NEW' AS measure, NULL::"ClosureOutcome" AS outcome, k."referralDate" AS at
        FROM "Case" k WHERE k."centerId" = c AND date_trunc('month', k."referralDate")::date = ANY(ms)
      UNION ALL
      SELECT k."childId", m, 'ACTIVE', NULL, (m + interval '1 month - 1 day')::date
        FROM unnest(ms) AS m JOIN "Case" k ON k."centerId" = c
         AND k."referralDate" < m + interval '1 month'
         AND (k."closedOn" IS NULL OR k."closedOn" >= m + interval '1 month')
      UNION ALL
      SELECT k."childId", date_trunc('month', k."closedOn")::date, 'CLOSED', k."closureOutcome", k."closedOn"
        FROM "Case" k WHERE k."centerId" = c AND k."closedOn" IS NOT NULL AND date_trunc('month', k."closedOn")::date = ANY(ms)
    ) x
    JOIN "Client" cl ON cl."centerId" = c AND cl.id = x."childId"
    LEFT JOIN "Settlement" st ON st.id = cl."settlementId"
   GROUP BY 2, 3, 4, 5, 6, 7, 8;

  -- Waiting times (a histogram of days), by the month the step happened.
  INSERT INTO "RollupWaiting" ("centerId", "month", "measure", "days", "cases")
  SELECT c, month, measure, days, count(*)::int FROM (
    SELECT date_trunc('month', k."firstSessionOn")::date AS month, 'FIRST_SESSION' AS measure, (k."firstSessionOn" - k."referralDate") AS days
      FROM "Case" k WHERE k."centerId" = c AND k."firstSessionOn" IS NOT NULL AND date_trunc('month', k."firstSessionOn")::date = ANY(ms)
    UNION ALL
    SELECT date_trunc('month', a."completedOn")::date, 'ASSESSMENT_DONE', (a."completedOn" - k."referralDate")
      FROM "Assessment" a JOIN "Case" k ON k."centerId" = a."centerId" AND k.id = a."caseId"
     WHERE a."centerId" = c AND a."completedOn" IS NOT NULL AND date_trunc('month', a."completedOn")::date = ANY(ms)
  ) w GROUP BY 2, 3, 4;

  -- Deadlines that fell due (or were met) in the month, and how many were met on time.
  INSERT INTO "RollupDeadline" ("centerId", "month", "kind", "due", "onTime")
  SELECT c, month, kind, count(*)::int, count(*) FILTER (WHERE done IS NOT NULL AND done <= due_on)::int FROM (
    SELECT date_trunc('month', a."dueOn")::date AS month, 'ASSESSMENT' AS kind, a."dueOn" AS due_on, a."completedOn" AS done
      FROM "Assessment" a WHERE a."centerId" = c AND date_trunc('month', a."dueOn")::date = ANY(ms) AND (a."dueOn" < current_date OR a."completedOn" IS NOT NULL)
    UNION ALL
    SELECT date_trunc('month', r."dueOn")::date, 'PLAN_REVIEW', r."dueOn", r."heldOn"
      FROM "PlanReview" r WHERE r."centerId" = c AND date_trunc('month', r."dueOn")::date = ANY(ms) AND (r."dueOn" < current_date OR r."heldOn" IS NOT NULL)
  ) d GROUP BY 2, 3;

  -- Group programs: meetings held (not planned, not cancelled) and people present.
  INSERT INTO "RollupAttendance" ("centerId", "month", "serviceKindId", "programKind", "mode", "meetings", "attendances")
  SELECT c, date_trunc('month', g."startsAt")::date, cs."serviceKindId", p.kind, g.mode, count(DISTINCT g.id)::int,
         count(a."participantId") FILTER (WHERE a.present)::int
    FROM "GroupMeeting" g
    JOIN "GroupProgram" p ON p."centerId" = g."centerId" AND p.id = g."programId"
    JOIN "CenterService" cs ON cs."centerId" = p."centerId" AND cs.id = p."serviceId"
    LEFT JOIN "Attendance" a ON a."centerId" = g."centerId" AND a."meetingId" = g.id
   WHERE g."centerId" = c AND g."startsAt" >= lo AND g."startsAt" < hi AND g."startsAt" <= now()
     AND g."status" = 'HELD'
     AND date_trunc('month', g."startsAt")::date = ANY(ms)
   GROUP BY 2, 3, 4, 5;

  INSERT INTO "RollupOpenAccess" ("centerId", "month", "serviceKindId", "channel", "residenceMunicipalityId", "settlementId",
         "targetGroupId", "ageBand", "sex", "contacts", "people")
  SELECT c, date_trunc('month', o."occurredOn")::date, cs."serviceKindId", o.channel, coalesce(st."municipalityId", o."municipalityId"),
         o."settlementId", o."targetGroupId", o."ageBand", o.sex, count(*)::int, sum(o."peopleCount")::int
    FROM "OpenAccessContact" o
    JOIN "CenterService" cs ON cs."centerId" = o."centerId" AND cs.id = o."serviceId"
    LEFT JOIN "Settlement" st ON st.id = o."settlementId"
   WHERE o."centerId" = c AND date_trunc('month', o."occurredOn")::date = ANY(ms)
   GROUP BY 2, 3, 4, 5, 6, 7, 8, 9;

  -- Staff at the month's end (a missing FTE counts as full time).
  INSERT INTO "RollupStaff" ("centerId", "month", "professionId", "staff", "fte")
  SELECT c, m, mb."professionId", count(*)::int, sum(coalesce(mb.fte, 1))
    FROM unnest(ms) AS m
    JOIN "Membership" mb ON mb."centerId" = c
     AND mb.role IN ('MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE')
     AND mb."startedOn" < m + interval '1 month'
     AND (mb."endedOn" IS NULL OR mb."endedOn" >= m + interval '1 month')
   GROUP BY 2, 3;
END
$fn$;

REVOKE ALL ON FUNCTION aggregate_rebuild(uuid, date[]) FROM PUBLIC;

-- Every month with a group meeting is rebuilt once under the new rule.
SELECT aggregate_mark_ranges(array_agg("centerId"), array_agg("startsAt"::date), array_agg("startsAt"::date)) FROM "GroupMeeting";
