-- Issue #18, the yearly report's second wall. Until now the aggregate role (network and municipal
-- requests) could SELECT every signed-off YearlyReport row whole, including the frozen unsuppressed
-- "figures" and who signed off, for any network or municipality: only the API hid small counts and
-- narrowed the rows. Now, as on the rest of the aggregate surface, the database holds the line too:
--   1. sign-off also freezes "publishedFigures": the figures with every count of 1..k-1 and its
--      complements already hidden ("x"), computed by the API (schema/src/reports/yearly-figures.ts,
--      protect() as the dashboards). Reports signed off before this migration get theirs from their
--      own frozen figures at the server's start (publishSignedOffReports, server/src/main.ts):
--      the suppression's linear programme cannot run in SQL. Until then they are shown to nobody
--      outside the center (the API skips a report without its published copy).
--   2. opora_aggregate reads only named columns: never "figures" nor "signedOffById".
--   3. its rows: signed off, and of a center of a network where the signed-in user is an analyst,
--      or a (center, service) that a municipality where the user is a viewer contracts.

ALTER TABLE "YearlyReport" ADD COLUMN "publishedFigures" JSONB;

-- New sign-offs carry their published copy; the rows signed off before are filled at start (NOT
-- VALID: checked for every new or changed row from now on, not for the rows already there).
ALTER TABLE "YearlyReport" ADD CONSTRAINT yearly_report_signed_off_is_published
  CHECK ("status" <> 'SIGNED_OFF' OR "publishedFigures" IS NOT NULL) NOT VALID;

-- A signed-off report is never changed, with one exception: its published copy, once, when it has
-- none (the start-up backfill), and nothing else with it.
CREATE OR REPLACE FUNCTION yearly_report_signed_off_is_final() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD."status" = 'SIGNED_OFF' THEN
    IF TG_OP = 'UPDATE' AND OLD."publishedFigures" IS NULL AND NEW."publishedFigures" IS NOT NULL
       AND (to_jsonb(NEW) - 'publishedFigures') = (to_jsonb(OLD) - 'publishedFigures') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a signed-off yearly report is not changed' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$fn$;

-- The aggregate role: named columns only.
REVOKE SELECT ON "YearlyReport" FROM opora_aggregate;
GRANT SELECT ("id", "centerId", "year", "serviceType", "status", "goalsResults", "qualityProgramme", "internalControl",
              "signedOffAt", "version", "createdAt", "updatedAt", "publishedFigures")
  ON "YearlyReport" TO opora_aggregate;

-- Its rows: the viewer is known by app_current_user() (the only setting of an aggregate request,
-- prisma/src/tenant.ts); their memberships are readable to them (policy membership_read), the
-- center directory and the municipalities' contracts too.
DROP POLICY signed_off_read ON "YearlyReport";
CREATE POLICY signed_off_read ON "YearlyReport" FOR SELECT TO opora_aggregate USING (
  "status" = 'SIGNED_OFF' AND (
    EXISTS (SELECT 1 FROM "Membership" m JOIN "Center" c ON c."networkId" = m."networkId"
             WHERE m."userId" = app_current_user() AND m.role IN ('NETWORK_ANALYST', 'NETWORK_ADMIN')
               AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
               AND c.id = "YearlyReport"."centerId")
    OR EXISTS (SELECT 1 FROM "Membership" m JOIN "MunicipalServiceContract" sc ON sc."municipalityId" = m."municipalityId"
                WHERE m."userId" = app_current_user() AND m.role = 'MUNICIPAL_VIEWER'
                  AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
                  AND sc."centerId" = "YearlyReport"."centerId" AND sc."serviceType" = "YearlyReport"."serviceType")
  )
);
