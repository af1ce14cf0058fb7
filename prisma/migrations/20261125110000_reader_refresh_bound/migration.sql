-- Hand-written: what a reader may be made to rebuild.
--
-- Every aggregate request calls aggregate_current(), which refreshed everything dirty before it
-- read. At national scale that can be the whole network: every hour the current month of every
-- center is expired (figures "as of today" move with the date), and during a working day every
-- center logs sessions between two background refreshes. 150 center-months took 7.5 s to
-- rebuild, past the 8 s request deadline on a busy machine: the reader got an error, its
-- rebuild was rolled back, and the next reader paid again.
--
-- Now the background refresh (OPORA_AGGREGATE_REFRESH_S, every 60 s) does that work, and a
-- reader rebuilds only what its own and its colleagues' latest changes dirtied, when that is a
-- few center-months (at most 16, about 0.8 s here); past that the reader reads the rollups as
-- of their refreshedAt, which the answer states, and the background refresh catches up within a
-- minute. It is all or nothing, so an answer is never a mix of two states of the data.

CREATE OR REPLACE FUNCTION aggregate_refresh_upto(p_max_months int, p_expire_current boolean) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  saved text := coalesce(current_setting('app.center_id', true), '');
  work record;
  rebuilt int := 0;
BEGIN
  IF p_expire_current THEN
    UPDATE "RollupMonth" SET "version" = "version" + 1
     WHERE "month" = date_trunc('month', current_date)::date AND "version" = "refreshedVersion"
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
$fn$;

-- The background refresh (and the loader, and tests): everything, the hourly expiry included.
CREATE OR REPLACE FUNCTION aggregate_refresh() RETURNS int
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$ SELECT aggregate_refresh_upto(NULL, true) $fn$;

-- A reader: its colleagues' latest changes when they are few, then the versions it caches by.
CREATE OR REPLACE FUNCTION aggregate_current() RETURNS TABLE(version bigint, catalogue_version bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  PERFORM aggregate_refresh_upto(16, false);
  RETURN QUERY SELECT s."version", s."catalogueVersion" FROM "RollupState" s WHERE s."id" = 1;
END
$fn$;

REVOKE ALL ON FUNCTION aggregate_refresh_upto(int, boolean) FROM PUBLIC;
