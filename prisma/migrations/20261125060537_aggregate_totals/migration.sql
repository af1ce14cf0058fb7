-- CreateEnum
CREATE TYPE "RollupGrain" AS ENUM ('MONTH', 'QUARTER', 'YEAR');

-- CreateTable
CREATE TABLE "RollupState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "catalogueVersion" BIGINT NOT NULL DEFAULT 0,
    "refreshedAt" TIMESTAMP(3),

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupCenterPeriod" (
    "centerId" UUID NOT NULL,
    "grain" "RollupGrain" NOT NULL,
    "periodStart" DATE NOT NULL,
    "clients" INTEGER NOT NULL,
    "sessions" INTEGER,
    "minutes" INTEGER,
    "newCases" INTEGER,
    "closedCases" INTEGER,
    "activeCases" INTEGER,
    "contacts" INTEGER,
    "people" INTEGER,

    CONSTRAINT "RollupCenterPeriod_pkey" PRIMARY KEY ("grain","periodStart","centerId")
);

-- CreateTable
CREATE TABLE "RollupResidentPeriod" (
    "residenceMunicipalityId" UUID NOT NULL,
    "centerId" UUID NOT NULL,
    "grain" "RollupGrain" NOT NULL,
    "periodStart" DATE NOT NULL,
    "clients" INTEGER NOT NULL,
    "sessions" INTEGER,
    "minutes" INTEGER,
    "newCases" INTEGER,
    "closedCases" INTEGER,
    "activeCases" INTEGER,
    "contacts" INTEGER,
    "people" INTEGER,

    CONSTRAINT "RollupResidentPeriod_pkey" PRIMARY KEY ("residenceMunicipalityId","grain","periodStart","centerId")
);

-- CreateIndex
CREATE INDEX "RollupCenterPeriod_centerId_periodStart_idx" ON "RollupCenterPeriod"("centerId", "periodStart");

-- CreateIndex
CREATE INDEX "RollupResidentPeriod_centerId_periodStart_idx" ON "RollupResidentPeriod"("centerId", "periodStart");

-- ─────────────────────────── Hand-written: coarse totals, versions, grants, RLS ───────────────────────────
--
-- The fine rollups keep every dimension, so a side-by-side table of 150 centers over a year still
-- summed ~220,000 rows and counted distinct clients over ~400,000. These totals answer the common
-- shapes (by center; for a municipality's residents) from one row per center and period, and keep
-- distinct clients whole for calendar quarters and years. They are rebuilt from the fine rollups
-- (never from the source tables) in the same refresh, so both always agree.

INSERT INTO "RollupState" ("id") VALUES (1);

-- Rebuilds one center's totals for the months given, and the quarters and years those touch.
CREATE OR REPLACE FUNCTION aggregate_rebuild_totals(c uuid, ms date[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  periods "RollupGrain"[];
  starts date[];
  ends date[];
BEGIN
  SELECT array_agg(g), array_agg(s), array_agg(e) INTO periods, starts, ends FROM (
    SELECT DISTINCT v.g, v.s, (v.s + CASE v.g WHEN 'QUARTER' THEN interval '3 months' ELSE interval '1 year' END)::date AS e
      FROM unnest(ms) AS m,
           LATERAL (VALUES ('QUARTER'::"RollupGrain", date_trunc('quarter', m)::date), ('YEAR'::"RollupGrain", date_trunc('year', m)::date)) AS v(g, s)
  ) p;

  DELETE FROM "RollupCenterPeriod" WHERE "centerId" = c
     AND (("grain" = 'MONTH' AND "periodStart" = ANY(ms)) OR ("grain", "periodStart") IN (SELECT * FROM unnest(periods, starts)));
  DELETE FROM "RollupResidentPeriod" WHERE "centerId" = c
     AND (("grain" = 'MONTH' AND "periodStart" = ANY(ms)) OR ("grain", "periodStart") IN (SELECT * FROM unnest(periods, starts)));

  -- Months: every measure, from the fine rollups of the month.
  INSERT INTO "RollupCenterPeriod" ("centerId", "grain", "periodStart", "clients", "sessions", "minutes",
         "newCases", "closedCases", "activeCases", "contacts", "people")
  SELECT c, 'MONTH', m,
         (SELECT count(DISTINCT r."clientKey") FROM "RollupClientMonth" r WHERE r."centerId" = c AND r."month" = m)::int,
         a.sessions, a.minutes, k.new_cases, k.closed_cases, k.active_cases, o.contacts, o.people
    FROM unnest(ms) AS m
    LEFT JOIN LATERAL (SELECT sum(r.sessions)::int AS sessions, sum(r.minutes)::int AS minutes
                         FROM "RollupActivity" r WHERE r."centerId" = c AND r."month" = m) a ON true
    LEFT JOIN LATERAL (SELECT sum(r.cases) FILTER (WHERE r.measure = 'NEW')::int AS new_cases,
                              sum(r.cases) FILTER (WHERE r.measure = 'CLOSED')::int AS closed_cases,
                              sum(r.cases) FILTER (WHERE r.measure = 'ACTIVE')::int AS active_cases
                         FROM "RollupCase" r WHERE r."centerId" = c AND r."month" = m) k ON true
    LEFT JOIN LATERAL (SELECT sum(r.contacts)::int AS contacts, sum(r.people)::int AS people
                         FROM "RollupOpenAccess" r WHERE r."centerId" = c AND r."month" = m) o ON true;

  INSERT INTO "RollupResidentPeriod" ("residenceMunicipalityId", "centerId", "grain", "periodStart", "clients", "sessions", "minutes",
         "newCases", "closedCases", "activeCases", "contacts", "people")
  SELECT x.r, c, 'MONTH', x.m, coalesce(sum(x.clients), 0)::int, sum(x.sessions)::int, sum(x.minutes)::int,
         sum(x.new_cases)::int, sum(x.closed_cases)::int, sum(x.active_cases)::int, sum(x.contacts)::int, sum(x.people)::int
    FROM (
      SELECT r."residenceMunicipalityId" AS r, r."month" AS m, count(DISTINCT r."clientKey") AS clients, NULL::bigint AS sessions,
             NULL::bigint AS minutes, NULL::bigint AS new_cases, NULL::bigint AS closed_cases, NULL::bigint AS active_cases,
             NULL::bigint AS contacts, NULL::bigint AS people
        FROM "RollupClientMonth" r WHERE r."centerId" = c AND r."month" = ANY(ms) AND r."residenceMunicipalityId" IS NOT NULL GROUP BY 1, 2
      UNION ALL
      SELECT r."residenceMunicipalityId", r."month", NULL, sum(r.sessions), sum(r.minutes), NULL, NULL, NULL, NULL, NULL
        FROM "RollupActivity" r WHERE r."centerId" = c AND r."month" = ANY(ms) AND r."residenceMunicipalityId" IS NOT NULL GROUP BY 1, 2
      UNION ALL
      SELECT r."residenceMunicipalityId", r."month", NULL, NULL, NULL, sum(r.cases) FILTER (WHERE r.measure = 'NEW'),
             sum(r.cases) FILTER (WHERE r.measure = 'CLOSED'), sum(r.cases) FILTER (WHERE r.measure = 'ACTIVE'), NULL, NULL
        FROM "RollupCase" r WHERE r."centerId" = c AND r."month" = ANY(ms) AND r."residenceMunicipalityId" IS NOT NULL GROUP BY 1, 2
      UNION ALL
      SELECT r."residenceMunicipalityId", r."month", NULL, NULL, NULL, NULL, NULL, NULL, sum(r.contacts), sum(r.people)
        FROM "RollupOpenAccess" r WHERE r."centerId" = c AND r."month" = ANY(ms) AND r."residenceMunicipalityId" IS NOT NULL GROUP BY 1, 2
    ) x
   GROUP BY x.r, x.m;

  -- Quarters and years: distinct clients over the whole period (a person counts once).
  INSERT INTO "RollupCenterPeriod" ("centerId", "grain", "periodStart", "clients")
  SELECT c, p.g, p.s, count(DISTINCT r."clientKey")::int
    FROM unnest(periods, starts, ends) AS p(g, s, e)
    LEFT JOIN "RollupClientMonth" r ON r."centerId" = c AND r."month" >= p.s AND r."month" < p.e
   GROUP BY p.g, p.s;

  INSERT INTO "RollupResidentPeriod" ("residenceMunicipalityId", "centerId", "grain", "periodStart", "clients")
  SELECT r."residenceMunicipalityId", c, p.g, p.s, count(DISTINCT r."clientKey")::int
    FROM unnest(periods, starts, ends) AS p(g, s, e)
    JOIN "RollupClientMonth" r ON r."centerId" = c AND r."month" >= p.s AND r."month" < p.e
   WHERE r."residenceMunicipalityId" IS NOT NULL
   GROUP BY r."residenceMunicipalityId", p.g, p.s;
END
$fn$;

-- As before, and: a center's totals are rebuilt after its fine rollups, one transaction at a time
-- per center (a quarter or year spans months that two readers might rebuild at once), and the
-- version moves whenever anything was rebuilt, so cached published tables are never stale.
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
$fn$;

-- What a reader needs before it reads: refresh, then the versions its cache is keyed by.
CREATE OR REPLACE FUNCTION aggregate_current() RETURNS TABLE(version bigint, catalogue_version bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  PERFORM aggregate_refresh();
  RETURN QUERY SELECT s."version", s."catalogueVersion" FROM "RollupState" s WHERE s."id" = 1;
END
$fn$;

-- The catalogue the aggregates are labelled and scoped with (a center's network and municipality
-- decide who may read its figures): any change moves the catalogue version.
CREATE OR REPLACE FUNCTION aggregate_catalogue_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  UPDATE "RollupState" SET "catalogueVersion" = "catalogueVersion" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$fn$;

DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Center', 'ServiceKind', 'TargetGroup', 'Municipality', 'Settlement']
  LOOP
    EXECUTE format('CREATE TRIGGER aggregate_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION aggregate_catalogue_changed()', t);
  END LOOP;
END
$do$;

REVOKE ALL ON FUNCTION aggregate_rebuild_totals(uuid, date[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION aggregate_current() FROM PUBLIC;
REVOKE ALL ON FUNCTION aggregate_catalogue_changed() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aggregate_current() TO opora_app, opora_aggregate;

-- The state row holds two counters and a time: readable by both runtime roles, written only
-- through the functions above.
REVOKE ALL ON "RollupState" FROM PUBLIC, opora_app, opora_aggregate;
GRANT SELECT ON "RollupState" TO opora_app, opora_aggregate;

-- Totals: as the other count tables (no person key, no person-level row).
DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['RollupCenterPeriod', 'RollupResidentPeriod']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, opora_app, opora_aggregate', t);
    EXECUTE format('CREATE POLICY rollup_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR SELECT TO opora_app USING ("centerId" = app_current_center())', t);
    EXECUTE format('CREATE POLICY rollup_aggregate_read ON %I FOR SELECT TO opora_aggregate USING (true)', t);
    EXECUTE format('GRANT SELECT ON %I TO opora_app, opora_aggregate', t);
  END LOOP;
END
$do$;

-- Existing data: rebuild every month once, so the totals exist before the first read.
UPDATE "RollupMonth" SET "version" = "version" + 1;
