-- CreateTable
CREATE TABLE "RollupMonth" (
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "refreshedVersion" INTEGER NOT NULL DEFAULT 0,
    "refreshedAt" TIMESTAMP(3),

    CONSTRAINT "RollupMonth_pkey" PRIMARY KEY ("centerId","month")
);

-- CreateTable
CREATE TABLE "RollupActivity" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "serviceKindId" UUID NOT NULL,
    "sessionKind" "SessionKind" NOT NULL,
    "mode" "DeliveryMode" NOT NULL,
    "format" "SessionFormat" NOT NULL,
    "residenceMunicipalityId" UUID,
    "settlementId" UUID,
    "ageBand" "AgeBand" NOT NULL,
    "sex" "Sex" NOT NULL,
    "sessions" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,

    CONSTRAINT "RollupActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupClientMonth" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "clientKey" TEXT NOT NULL,
    "serviceKindId" UUID NOT NULL,
    "targetGroupId" UUID,
    "residenceMunicipalityId" UUID,
    "settlementId" UUID,
    "ageBand" "AgeBand" NOT NULL,
    "sex" "Sex" NOT NULL,

    CONSTRAINT "RollupClientMonth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupCase" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "measure" TEXT NOT NULL,
    "closureOutcome" "ClosureOutcome",
    "residenceMunicipalityId" UUID,
    "settlementId" UUID,
    "ageBand" "AgeBand" NOT NULL,
    "sex" "Sex" NOT NULL,
    "cases" INTEGER NOT NULL,

    CONSTRAINT "RollupCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupWaiting" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "measure" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "cases" INTEGER NOT NULL,

    CONSTRAINT "RollupWaiting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupDeadline" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "due" INTEGER NOT NULL,
    "onTime" INTEGER NOT NULL,

    CONSTRAINT "RollupDeadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupAttendance" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "serviceKindId" UUID NOT NULL,
    "programKind" "GroupProgramKind" NOT NULL,
    "mode" "DeliveryMode" NOT NULL,
    "meetings" INTEGER NOT NULL,
    "attendances" INTEGER NOT NULL,

    CONSTRAINT "RollupAttendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupOpenAccess" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "serviceKindId" UUID NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "residenceMunicipalityId" UUID,
    "settlementId" UUID,
    "targetGroupId" UUID,
    "ageBand" "AgeBand" NOT NULL,
    "sex" "Sex" NOT NULL,
    "contacts" INTEGER NOT NULL,
    "people" INTEGER NOT NULL,

    CONSTRAINT "RollupOpenAccess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupStaff" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "professionId" UUID,
    "staff" INTEGER NOT NULL,
    "fte" DECIMAL(8,2) NOT NULL,

    CONSTRAINT "RollupStaff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollupMonth_version_refreshedVersion_idx" ON "RollupMonth"("version", "refreshedVersion");

-- CreateIndex
CREATE INDEX "RollupActivity_centerId_month_idx" ON "RollupActivity"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupActivity_residenceMunicipalityId_month_idx" ON "RollupActivity"("residenceMunicipalityId", "month");

-- CreateIndex
CREATE INDEX "RollupClientMonth_centerId_month_idx" ON "RollupClientMonth"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupClientMonth_residenceMunicipalityId_month_idx" ON "RollupClientMonth"("residenceMunicipalityId", "month");

-- CreateIndex
CREATE INDEX "RollupCase_centerId_month_idx" ON "RollupCase"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupCase_residenceMunicipalityId_month_idx" ON "RollupCase"("residenceMunicipalityId", "month");

-- CreateIndex
CREATE INDEX "RollupWaiting_centerId_month_idx" ON "RollupWaiting"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupDeadline_centerId_month_idx" ON "RollupDeadline"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupAttendance_centerId_month_idx" ON "RollupAttendance"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupOpenAccess_centerId_month_idx" ON "RollupOpenAccess"("centerId", "month");

-- CreateIndex
CREATE INDEX "RollupOpenAccess_residenceMunicipalityId_month_idx" ON "RollupOpenAccess"("residenceMunicipalityId", "month");

-- CreateIndex
CREATE INDEX "RollupStaff_centerId_month_idx" ON "RollupStaff"("centerId", "month");

-- ─────────────────────────── Hand-written: rollup maintenance, grants, RLS ───────────────────────────
--
-- Rollups are derived data kept current in two steps:
-- 1. statement-level triggers on the source tables mark (center, month) as dirty in "RollupMonth"
--    (version + 1): cheap, set-based, inside the writer's own transaction;
-- 2. aggregate_refresh() (SECURITY DEFINER, owned by the migrating role) rebuilds the dirty months
--    and records the version it saw; the aggregate read path calls it before reading, so figures
--    are current and "refreshedAt" says how current. The read path never scans raw sessions.
-- The refresh reads source tables per center with app.center_id set to that center, so row-level
-- security holds even when the owner is not a superuser (FORCE applies to owners).

-- Age in whole years on a day, from the birth date or, failing that, the birth year.
-- Single-expression SQL functions, so the planner inlines them into the rebuild queries.
CREATE OR REPLACE FUNCTION aggregate_age(p_birth date, p_birth_year int, p_at date) RETURNS int
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $fn$
  SELECT CASE WHEN p_birth IS NOT NULL
              THEN (extract(year FROM p_at)::int - extract(year FROM p_birth)::int)
                   - CASE WHEN to_char(p_at, 'MMDD') < to_char(p_birth, 'MMDD') THEN 1 ELSE 0 END
              ELSE extract(year FROM p_at)::int - p_birth_year END
$fn$;

CREATE OR REPLACE FUNCTION aggregate_age_band(p_birth date, p_birth_year int, p_at date) RETURNS "AgeBand"
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $fn$
  SELECT (CASE
    WHEN aggregate_age(p_birth, p_birth_year, p_at) IS NULL OR aggregate_age(p_birth, p_birth_year, p_at) < 0 THEN 'UNKNOWN'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 3 THEN 'AGE_0_2'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 7 THEN 'AGE_3_6'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 14 THEN 'AGE_7_13'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 18 THEN 'AGE_14_17'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 30 THEN 'AGE_18_29'
    WHEN aggregate_age(p_birth, p_birth_year, p_at) < 65 THEN 'AGE_30_64'
    ELSE 'AGE_65_PLUS' END)::"AgeBand"
$fn$;

-- Marks every month from f to t (inclusive) of each center as dirty.
CREATE OR REPLACE FUNCTION aggregate_mark_ranges(p_centers uuid[], p_from date[], p_to date[]) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  INSERT INTO "RollupMonth" AS r ("centerId", "month")
  SELECT DISTINCT x.c, m::date
    FROM unnest(p_centers, p_from, p_to) AS x(c, f, t)
    CROSS JOIN LATERAL generate_series(date_trunc('month', x.f), date_trunc('month', greatest(x.f, coalesce(x.t, x.f))), interval '1 month') AS m
   WHERE x.c IS NOT NULL AND x.f IS NOT NULL
  ON CONFLICT ("centerId", "month") DO UPDATE SET "version" = r."version" + 1
$fn$;

-- One trigger function for every source table: TG_ARGV[0] is a query over "$rows" (the transition
-- table) that answers (c center, f first day, t last day) of the months a change touches.
CREATE OR REPLACE FUNCTION aggregate_mark_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('SELECT aggregate_mark_ranges(array_agg(c), array_agg(f), array_agg(t)) FROM (%s) AS x',
                   replace(TG_ARGV[0], '$rows', 'new_rows'));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('SELECT aggregate_mark_ranges(array_agg(c), array_agg(f), array_agg(t)) FROM (%s) AS x',
                   replace(TG_ARGV[0], '$rows', 'old_rows'));
  END IF;
  RETURN NULL;
END
$fn$;

DO $do$
DECLARE
  spec record;
BEGIN
  FOR spec IN SELECT * FROM (VALUES
    ('Session', $q$SELECT "centerId" c, "startsAt"::date f, "startsAt"::date t FROM $rows$q$),
    ('SessionClient', $q$SELECT s."centerId" c, s."startsAt"::date f, s."startsAt"::date t FROM $rows x JOIN "Session" s ON s."centerId" = x."centerId" AND s.id = x."sessionId"$q$),
    ('CaseTargetGroup', $q$SELECT k."centerId" c, k."referralDate" f, greatest(current_date, k."closedOn") t FROM $rows x JOIN "Case" k ON k."centerId" = x."centerId" AND k.id = x."caseId"$q$),
    ('Assessment', $q$SELECT "centerId" c, least("dueOn", "completedOn") f, greatest("dueOn", "completedOn") t FROM $rows$q$),
    ('PlanReview', $q$SELECT "centerId" c, least("dueOn", "heldOn") f, greatest("dueOn", "heldOn") t FROM $rows$q$),
    ('GroupMeeting', $q$SELECT "centerId" c, "startsAt"::date f, "startsAt"::date t FROM $rows$q$),
    ('Attendance', $q$SELECT g."centerId" c, g."startsAt"::date f, g."startsAt"::date t FROM $rows x JOIN "GroupMeeting" g ON g."centerId" = x."centerId" AND g.id = x."meetingId"$q$),
    ('OpenAccessContact', $q$SELECT "centerId" c, "occurredOn" f, "occurredOn" t FROM $rows$q$),
    ('Membership', $q$SELECT "centerId" c, "startedOn" f, greatest(current_date, "endedOn") t FROM $rows WHERE "centerId" IS NOT NULL$q$)
  ) AS s(tbl, expr)
  LOOP
    EXECUTE format('CREATE TRIGGER aggregate_mark_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aggregate_mark_changed(%L)', spec.tbl, spec.expr);
    EXECUTE format('CREATE TRIGGER aggregate_mark_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aggregate_mark_changed(%L)', spec.tbl, spec.expr);
    EXECUTE format('CREATE TRIGGER aggregate_mark_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aggregate_mark_changed(%L)', spec.tbl, spec.expr);
  END LOOP;
END
$do$;

-- A case counts from its referral until it closes. An update re-marks only what a changed
-- referral, child, closure or first session touches (a status change alone touches nothing).
CREATE TRIGGER aggregate_mark_insert AFTER INSERT ON "Case" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION aggregate_mark_changed($q$SELECT "centerId" c, "referralDate" f, greatest(current_date, "closedOn", "firstSessionOn") t FROM $rows$q$);
CREATE TRIGGER aggregate_mark_delete AFTER DELETE ON "Case" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION aggregate_mark_changed($q$SELECT "centerId" c, "referralDate" f, greatest(current_date, "closedOn", "firstSessionOn") t FROM $rows$q$);
CREATE TRIGGER aggregate_mark_update AFTER UPDATE ON "Case" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION aggregate_mark_changed($q$SELECT n."centerId" c,
      least(CASE WHEN (o."referralDate", o."childId") IS DISTINCT FROM (n."referralDate", n."childId") THEN least(o."referralDate", n."referralDate") END,
            CASE WHEN (o."closedOn", o."closureOutcome") IS DISTINCT FROM (n."closedOn", n."closureOutcome") THEN least(o."closedOn", n."closedOn") END,
            CASE WHEN o."firstSessionOn" IS DISTINCT FROM n."firstSessionOn" THEN least(o."firstSessionOn", n."firstSessionOn") END) f,
      greatest(current_date, o."closedOn", n."closedOn", o."firstSessionOn", n."firstSessionOn") t
    FROM new_rows n JOIN old_rows o ON o.id = n.id$q$);

-- A client's residence, sex or birth date is a dimension of past months: re-mark their history.
CREATE TRIGGER aggregate_mark_update AFTER UPDATE ON "Client"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION aggregate_mark_changed($q$SELECT n."centerId" c, n."createdAt"::date f, current_date t FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (o."settlementId", o.sex, o."birthDate", o."birthYear") IS DISTINCT FROM (n."settlementId", n.sex, n."birthDate", n."birthYear")$q$);

-- Rebuilds one center's dirty months. Runs with app.center_id = that center (see above).
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

  -- Sessions delivered (not those planned ahead), with the residence of the case's child.
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
     AND date_trunc('month', s."startsAt")::date = ANY(ms);

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

  -- Group programs: meetings held and people present.
  INSERT INTO "RollupAttendance" ("centerId", "month", "serviceKindId", "programKind", "mode", "meetings", "attendances")
  SELECT c, date_trunc('month', g."startsAt")::date, cs."serviceKindId", p.kind, g.mode, count(DISTINCT g.id)::int,
         count(a."participantId") FILTER (WHERE a.present)::int
    FROM "GroupMeeting" g
    JOIN "GroupProgram" p ON p."centerId" = g."centerId" AND p.id = g."programId"
    JOIN "CenterService" cs ON cs."centerId" = p."centerId" AND cs.id = p."serviceId"
    LEFT JOIN "Attendance" a ON a."centerId" = g."centerId" AND a."meetingId" = g.id
   WHERE g."centerId" = c AND g."startsAt" >= lo AND g."startsAt" < hi AND g."startsAt" <= now()
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

-- Rebuilds every dirty month; the current month also goes stale with time (sessions planned ahead
-- become delivered, deadlines pass), so it is rebuilt when older than an hour. Returns the
-- number of months rebuilt. Months another transaction is rebuilding are skipped, not waited for.
CREATE OR REPLACE FUNCTION aggregate_refresh() RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  saved text := coalesce(current_setting('app.center_id', true), '');
  work record;
  rebuilt int := 0;
BEGIN
  UPDATE "RollupMonth" SET "version" = "version" + 1
   WHERE "month" = date_trunc('month', current_date)::date AND "version" = "refreshedVersion"
     AND ("refreshedAt" IS NULL OR "refreshedAt" < now() - interval '1 hour');
  FOR work IN
    SELECT d."centerId" AS c, array_agg(d."month" ORDER BY d."month") AS ms, array_agg(d."version" ORDER BY d."month") AS vs
      FROM (SELECT "centerId", "month", "version" FROM "RollupMonth"
             WHERE "version" > "refreshedVersion" FOR UPDATE SKIP LOCKED) d
     GROUP BY d."centerId"
  LOOP
    PERFORM set_config('app.center_id', work.c::text, true);
    PERFORM aggregate_rebuild(work.c, work.ms);
    UPDATE "RollupMonth" r SET "refreshedVersion" = v.version, "refreshedAt" = now()
      FROM unnest(work.ms, work.vs) AS v(month, version)
     WHERE r."centerId" = work.c AND r."month" = v.month;
    rebuilt := rebuilt + array_length(work.ms, 1);
  END LOOP;
  PERFORM set_config('app.center_id', saved, true);
  RETURN rebuilt;
END
$fn$;

-- Distinct clients over whole-month periods, with every margin (distinct counts do not add up,
-- so margins come from the data, not from sums). The pseudonymous client key never leaves this
-- function. p_dims: up to two of SERVICE_KIND, TARGET_GROUP, RESIDENCE_MUNICIPALITY, SETTLEMENT,
-- AGE_BAND, SEX. grp is GROUPING(center, a, b): bit 4 = all centers, 2 = all a, 1 = all b.
CREATE OR REPLACE FUNCTION aggregate_distinct_clients(p_from date[], p_to date[], p_dims text[], p_centers uuid[], p_residence uuid)
  RETURNS TABLE(period int, grp int, center_id uuid, dim_a text, dim_b text, clients int)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  a text := 'NULL::text';
  b text := 'NULL::text';
  d text;
BEGIN
  -- The aggregate role sees every center; a center's own staff only their center.
  IF coalesce(current_setting('role', true), '') <> 'opora_aggregate' AND app_current_center() IS NULL THEN
    RAISE EXCEPTION 'aggregate access needs the aggregate role or a center' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF coalesce(array_length(p_dims, 1), 0) > 2 THEN
    RAISE EXCEPTION 'at most two dimensions' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_dims, 1), 0) LOOP
    d := CASE p_dims[i]
      WHEN 'SERVICE_KIND' THEN 'r."serviceKindId"::text'
      WHEN 'TARGET_GROUP' THEN 'r."targetGroupId"::text'
      WHEN 'RESIDENCE_MUNICIPALITY' THEN 'r."residenceMunicipalityId"::text'
      WHEN 'SETTLEMENT' THEN 'r."settlementId"::text'
      WHEN 'AGE_BAND' THEN 'r."ageBand"::text'
      WHEN 'SEX' THEN 'r.sex::text'
    END;
    IF d IS NULL THEN
      RAISE EXCEPTION 'unknown dimension %', p_dims[i] USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF i = 1 THEN a := d; ELSE b := d; END IF;
  END LOOP;
  RETURN QUERY EXECUTE format($q$
    SELECT x.i::int, GROUPING(x.c, x.a, x.b)::int, x.c, x.a, x.b, count(DISTINCT x.k)::int
      FROM (
        SELECT p.i, r."centerId" AS c, %s AS a, %s AS b, r."clientKey" AS k
          FROM unnest($1::date[], $2::date[]) WITH ORDINALITY AS p(f, t, i)
          JOIN "RollupClientMonth" r ON r."month" >= p.f AND r."month" <= p.t
         WHERE r."centerId" = ANY($3)
           AND ($4::uuid IS NULL OR r."residenceMunicipalityId" = $4)
           AND (app_current_center() IS NULL OR r."centerId" = app_current_center())
      ) x
     GROUP BY GROUPING SETS ((x.i, x.c, x.a, x.b), (x.i, x.c, x.a), (x.i, x.c, x.b), (x.i, x.c),
                             (x.i, x.a, x.b), (x.i, x.a), (x.i, x.b), (x.i))
  $q$, a, b) USING p_from, p_to, p_centers, p_residence;
END
$fn$;

REVOKE ALL ON FUNCTION aggregate_refresh() FROM PUBLIC;
REVOKE ALL ON FUNCTION aggregate_rebuild(uuid, date[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION aggregate_mark_ranges(uuid[], date[], date[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION aggregate_distinct_clients(date[], date[], text[], uuid[], uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aggregate_refresh() TO opora_app, opora_aggregate;
GRANT EXECUTE ON FUNCTION aggregate_distinct_clients(date[], date[], text[], uuid[], uuid) TO opora_app, opora_aggregate;

-- Row-level security. The maintenance policy is for the migrating role only (the owner of the
-- SECURITY DEFINER functions); the aggregate role reads the count tables (no person key, no
-- person-level row) but never RollupClientMonth; a center's staff read their own center's rows
-- (the provider's report).
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['RollupMonth', 'RollupActivity', 'RollupClientMonth', 'RollupCase', 'RollupWaiting',
                           'RollupDeadline', 'RollupAttendance', 'RollupOpenAccess', 'RollupStaff']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, opora_app, opora_aggregate', t);
    EXECUTE format('CREATE POLICY rollup_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    -- A center's own staff may read their own center's rows (they see the records anyway).
    EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR SELECT TO opora_app USING ("centerId" = app_current_center())', t);
    EXECUTE format('GRANT SELECT ON %I TO opora_app', t);
    IF t <> 'RollupClientMonth' THEN
      EXECUTE format('CREATE POLICY rollup_aggregate_read ON %I FOR SELECT TO opora_aggregate USING (true)', t);
      EXECUTE format('GRANT SELECT ON %I TO opora_aggregate', t);
    END IF;
  END LOOP;
END
$do$;
