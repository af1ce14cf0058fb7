-- A reader on a read-only standby (DATABASE_REPLICA_URL) cannot rebuild the latest changes:
-- there, and in any read-only transaction, aggregate_current() only reads the versions; the
-- primary's scheduled refresh rebuilds, and the standby replays what it wrote.
CREATE OR REPLACE FUNCTION aggregate_current() RETURNS TABLE(version bigint, catalogue_version bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' THEN
    PERFORM aggregate_refresh_upto(16, false);
  END IF;
  RETURN QUERY SELECT s."version", s."catalogueVersion" FROM "RollupState" s WHERE s."id" = 1;
END
$fn$;
