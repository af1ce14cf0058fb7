-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('PLANNED', 'HELD', 'MISSED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "status" "SessionStatus" NOT NULL DEFAULT 'HELD',
ADD COLUMN     "statusChangedAt" TIMESTAMP(3),
ADD COLUMN     "statusReason" TEXT;

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "membershipId" UUID NOT NULL,
    "centerId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("membershipId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_centerId_membershipId_key" ON "CalendarFeed"("centerId", "membershipId");

-- CreateIndex
CREATE INDEX "Session_centerId_status_startsAt_idx" ON "Session"("centerId", "status", "startsAt");

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─────────────────────────── Hand-written: planned, held, missed, cancelled ───────────────────────────
--
-- Before, a session was work already delivered (one in the future was refused). Now a session,
-- home or field visit may be planned ahead (PLANNED), then marked HELD (with its note), MISSED or
-- CANCELLED (with a reason). Only HELD sessions count, in every rollup and figure.

-- Existing data: every session was logged as delivered, so all are HELD (the column's default),
-- changed when they were logged.
UPDATE "Session" SET "statusChangedAt" = "createdAt";

-- A missed or cancelled session says why; no other has a reason.
ALTER TABLE "Session" ADD CONSTRAINT session_status_reason
  CHECK (("status" IN ('MISSED', 'CANCELLED')) = ("statusReason" IS NOT NULL AND length(btrim("statusReason")) > 0));

-- The feed's secret is never stored, only its hash; one feed per person in a center.
ALTER TABLE "CalendarFeed" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CalendarFeed" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CalendarFeed"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "CalendarFeed" TO opora_app;

-- The calendar door (GET /calendar/<token>.ics) has no signed-in person: it finds whose feed a
-- token's hash is, and only for a membership still in force. Nothing else is answered.
CREATE OR REPLACE FUNCTION calendar_feed_owner(p_token_hash text)
  RETURNS TABLE(center_id uuid, membership_id uuid, user_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT f."centerId", f."membershipId", m."userId"
    FROM "CalendarFeed" f
    JOIN "Membership" m ON m."centerId" = f."centerId" AND m.id = f."membershipId"
   WHERE f."tokenHash" = p_token_hash
     AND m."userId" IS NOT NULL
     AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
$fn$;
REVOKE ALL ON FUNCTION calendar_feed_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendar_feed_owner(text) TO opora_app;

-- The rollups: as in 20261203020854_open_access_corrections, and a session counts only when it
-- was held (no longer "when it has begun"). The Session triggers of 20261125031814_aggregates mark
-- the session's month on every update, so a change of status re-marks it.
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

  -- Sessions held (not those planned, missed or cancelled, nor a group meeting's that was not held),
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
   WHERE s."centerId" = c AND s."startsAt" >= lo AND s."startsAt" < hi AND s."status" = 'HELD'
     AND date_trunc('month', s."startsAt")::date = ANY(ms)
     AND NOT EXISTS (SELECT 1 FROM "GroupMeeting" gm WHERE gm."centerId" = s."centerId" AND gm.id = s."groupMeetingId" AND gm."status" <> 'HELD')
   GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10;

  -- Every client with a held session in the month (child, parent or group participant).
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
   WHERE sc."centerId" = c AND s."startsAt" >= lo AND s."startsAt" < hi AND s."status" = 'HELD'
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

  -- Open-access contacts, not those voided.
  INSERT INTO "RollupOpenAccess" ("centerId", "month", "serviceKindId", "channel", "residenceMunicipalityId", "settlementId",
         "targetGroupId", "ageBand", "sex", "contacts", "people")
  SELECT c, date_trunc('month', o."occurredOn")::date, cs."serviceKindId", o.channel, coalesce(st."municipalityId", o."municipalityId"),
         o."settlementId", o."targetGroupId", o."ageBand", o.sex, count(*)::int, sum(o."peopleCount")::int
    FROM "OpenAccessContact" o
    JOIN "CenterService" cs ON cs."centerId" = o."centerId" AND cs.id = o."serviceId"
    LEFT JOIN "Settlement" st ON st.id = o."settlementId"
   WHERE o."centerId" = c AND date_trunc('month', o."occurredOn")::date = ANY(ms)
     AND o."voidedAt" IS NULL
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

-- Every month with a session is rebuilt once under the new rule.
SELECT aggregate_mark_ranges(array_agg("centerId"), array_agg("startsAt"::date), array_agg("startsAt"::date)) FROM "Session";
