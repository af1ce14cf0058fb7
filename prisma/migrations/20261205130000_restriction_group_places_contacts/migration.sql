-- Restriction of processing (GDPR Art. 18) reaches the last records about a person that
-- 20261204163000_restriction_of_processing left out: their places in group programmes, the
-- attendance of those places, and the open-access contacts recorded under their name. While the
-- person is restricted these rows, like the others, are the manager's only: invisible to anyone
-- else in the center and closed to their writes. The anonymous figures do not change (the rollups
-- are rebuilt as the tables' owner).
--
-- A place's id joins the restricted records, so attendance (which names the place, not the
-- person) is caught by the same one array.
CREATE OR REPLACE FUNCTION app_restricted_records() RETURNS uuid[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  c uuid := app_current_center();
  persons uuid[];
  cases uuid[];
BEGIN
  IF c IS NULL THEN RETURN '{}'::uuid[]; END IF;
  persons := ARRAY(SELECT id FROM "Client" WHERE "centerId" = c AND "restrictedAt" IS NOT NULL);
  IF cardinality(persons) = 0 OR app_is_center_manager() THEN RETURN '{}'::uuid[]; END IF;
  cases := ARRAY(SELECT id FROM "Case" WHERE "centerId" = c AND "childId" = ANY(persons));
  RETURN persons || cases
    || ARRAY(SELECT id FROM "Session" WHERE "centerId" = c AND "caseId" = ANY(cases))
    || ARRAY(SELECT id FROM "Assessment" WHERE "centerId" = c AND "caseId" = ANY(cases))
    || ARRAY(SELECT id FROM "SupportPlan" WHERE "centerId" = c AND "caseId" = ANY(cases))
    || ARRAY(SELECT id FROM "Contract" WHERE "centerId" = c AND "caseId" = ANY(cases))
    || ARRAY(SELECT id FROM "Consent" WHERE "centerId" = c AND "clientId" = ANY(persons))
    || ARRAY(SELECT id FROM "GroupProgramParticipant" WHERE "centerId" = c AND "clientId" = ANY(persons));
END
$fn$;

CREATE POLICY restriction_of_processing ON "GroupProgramParticipant" AS RESTRICTIVE FOR ALL
  USING (NOT coalesce(ARRAY["id", "clientId"]::uuid[] && (SELECT app_restricted_records())::uuid[], false))
  WITH CHECK (NOT coalesce(ARRAY["id", "clientId"]::uuid[] && (SELECT app_restricted_records())::uuid[], false));

CREATE POLICY restriction_of_processing ON "Attendance" AS RESTRICTIVE FOR ALL
  USING (NOT coalesce("participantId" = ANY((SELECT app_restricted_records())::uuid[]), false))
  WITH CHECK (NOT coalesce("participantId" = ANY((SELECT app_restricted_records())::uuid[]), false));

CREATE POLICY restriction_of_processing ON "OpenAccessContact" AS RESTRICTIVE FOR ALL
  USING (NOT coalesce("clientId" = ANY((SELECT app_restricted_records())::uuid[]), false))
  WITH CHECK (NOT coalesce("clientId" = ANY((SELECT app_restricted_records())::uuid[]), false));
