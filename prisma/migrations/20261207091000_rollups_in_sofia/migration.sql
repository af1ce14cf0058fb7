-- The rollups' days in Sofia, as the memberships' since 20261206092000: an assessment or a plan
-- review counts as overdue once its due day has passed in Sofia, and the current month is
-- Sofia's (for up to three hours after midnight in Sofia the UTC day is still yesterday, and on
-- the first of a month the UTC month still the last). Each function is its latest definition
-- with current_date replaced by app_today(), and nothing else changed.

CREATE OR REPLACE FUNCTION public.aggregate_rebuild(c uuid, ms date[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
      FROM "Assessment" a WHERE a."centerId" = c AND date_trunc('month', a."dueOn")::date = ANY(ms) AND (a."dueOn" < app_today() OR a."completedOn" IS NOT NULL)
    UNION ALL
    SELECT date_trunc('month', r."dueOn")::date, 'PLAN_REVIEW', r."dueOn", r."heldOn"
      FROM "PlanReview" r WHERE r."centerId" = c AND date_trunc('month', r."dueOn")::date = ANY(ms) AND (r."dueOn" < app_today() OR r."heldOn" IS NOT NULL)
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
$function$

;

CREATE OR REPLACE FUNCTION public.aggregate_refresh_upto(p_max_months integer, p_expire_current boolean)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  saved text := coalesce(current_setting('app.center_id', true), '');
  work record;
  rebuilt int := 0;
BEGIN
  IF p_expire_current THEN
    UPDATE "RollupMonth" SET "version" = "version" + 1
     WHERE "month" = date_trunc('month', app_today())::date AND "version" = "refreshedVersion"
       AND ("refreshedAt" IS NULL OR "refreshedAt" < now() - interval '1 hour');
  END IF;
  -- The dirty months are few and indexed (RollupMonth_dirty_idx): counting them is cheap.
  IF p_max_months IS NOT NULL
     AND (SELECT count(*) FROM (SELECT 1 FROM "RollupMonth" WHERE "version" > "refreshedVersion" LIMIT p_max_months + 1) d) > p_max_months THEN
    RETURN 0;
  END IF;
  FOR work IN
    SELECT d."centerId" AS c, array_agg(d."month" ORDER BY d."month") AS ms, array_agg(d."version" ORDER BY d."month") AS vs
      FROM (SELECT "centerId", "month", "version" FROM "RollupMonth"
             WHERE "version" > "refreshedVersion" FOR UPDATE SKIP LOCKED) d
     GROUP BY d."centerId"
  LOOP
    -- Another transaction is rebuilding this center: its months stay dirty for the next reader.
    CONTINUE WHEN NOT pg_try_advisory_xact_lock(hashtextextended('aggregate_refresh:' || work.c::text, 0));
    PERFORM set_config('app.center_id', work.c::text, true);
    PERFORM aggregate_rebuild(work.c, work.ms);
    PERFORM aggregate_rebuild_totals(work.c, work.ms);
    UPDATE "RollupMonth" r SET "refreshedVersion" = v.version, "refreshedAt" = now()
      FROM unnest(work.ms, work.vs) AS v(month, version)
     WHERE r."centerId" = work.c AND r."month" = v.month;
    rebuilt := rebuilt + array_length(work.ms, 1);
  END LOOP;
  PERFORM set_config('app.center_id', saved, true);
  IF rebuilt > 0 THEN
    UPDATE "RollupState" SET "version" = "version" + 1, "refreshedAt" = now() WHERE "id" = 1;
  END IF;
  RETURN rebuilt;
END
$function$

;

