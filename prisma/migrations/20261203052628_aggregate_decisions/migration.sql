-- Issue #12: a municipality's one protected system per measure and calendar year is decided off
-- the request path (a worker thread) and kept here, keyed by the viewer scope, the measure, the
-- year and a digest of the system's finest cells. A request publishes a figure only from the
-- decision for the digest of the cells it read. `hidden` holds every hidden figure and why
-- ("BELOW_K" or "PROTECTS_OTHER"); nothing else (no cell values, no person). New table, so
-- nothing to carry forward: decisions are made again on first demand.

-- CreateTable
CREATE TABLE "AggregateDecision" (
    "scope" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "digest" TEXT NOT NULL,
    "hidden" JSONB NOT NULL,
    "figures" INTEGER NOT NULL,
    "decidedMs" INTEGER NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AggregateDecision_pkey" PRIMARY KEY ("scope","measure","year","digest")
);

-- Like the other aggregate tables: RLS on and forced; only the aggregate role reads; written only
-- through aggregate_decision_put() (SECURITY DEFINER), which keeps one decision per scope,
-- measure and year (the latest data's).
ALTER TABLE "AggregateDecision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AggregateDecision" FORCE ROW LEVEL SECURITY;
REVOKE ALL ON "AggregateDecision" FROM PUBLIC, opora_app, opora_aggregate;
DO $do$
BEGIN
  EXECUTE format('CREATE POLICY decision_maintenance ON "AggregateDecision" TO %I USING (true) WITH CHECK (true)', current_user);
END
$do$;
CREATE POLICY decision_aggregate_read ON "AggregateDecision" FOR SELECT TO opora_aggregate USING (true);
GRANT SELECT ON "AggregateDecision" TO opora_aggregate;

CREATE OR REPLACE FUNCTION aggregate_decision_put(s text, m text, y int, d text, h jsonb, n int, ms int) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF jsonb_typeof(h) <> 'object' OR EXISTS (SELECT 1 FROM jsonb_each_text(h) e WHERE e.value NOT IN ('BELOW_K', 'PROTECTS_OTHER')) THEN
    RAISE EXCEPTION 'a decision maps figures to BELOW_K or PROTECTS_OTHER';
  END IF;
  DELETE FROM "AggregateDecision" WHERE scope = s AND measure = m AND year = y AND digest <> d;
  INSERT INTO "AggregateDecision" (scope, measure, year, digest, hidden, figures, "decidedMs")
  VALUES (s, m, y, d, h, n, ms)
  ON CONFLICT (scope, measure, year, digest) DO NOTHING;
END
$fn$;
REVOKE ALL ON FUNCTION aggregate_decision_put(text, text, int, text, jsonb, int, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aggregate_decision_put(text, text, int, text, jsonb, int, int) TO opora_aggregate;
