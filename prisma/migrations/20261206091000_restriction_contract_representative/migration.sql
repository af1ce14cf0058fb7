-- Restriction of processing reaches the contracts a restricted person signed as a child's legal
-- representative. Before, such a contract stayed open to the center's workers: they could extend,
-- end or print it (the printed contract then lost its signatory, the representative's row being
-- hidden), which is further use of the restricted person's data. Now the contract and what
-- hangs on it (its services, extensions, attachments) are the manager's alone until the
-- restriction is lifted, as the contracts of a restricted child already were; the child's case
-- itself stays open. The rest of the function is 20261205130000's, unchanged.
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
    || ARRAY(SELECT id FROM "Contract" WHERE "centerId" = c AND ("caseId" = ANY(cases) OR "representativeId" = ANY(persons)))
    || ARRAY(SELECT id FROM "Consent" WHERE "centerId" = c AND "clientId" = ANY(persons))
    || ARRAY(SELECT id FROM "GroupProgramParticipant" WHERE "centerId" = c AND "clientId" = ANY(persons));
END
$fn$;

-- A worker may not name a restricted person as a representative in a new or changed contract
-- either (the API already refuses an id it cannot read; this is the database's own wall).
ALTER POLICY restriction_of_processing ON "Contract"
  USING (NOT coalesce(ARRAY["id", "caseId", "representativeId"]::uuid[] && (SELECT app_restricted_records())::uuid[], false))
  WITH CHECK (NOT coalesce(ARRAY["id", "caseId", "representativeId"]::uuid[] && (SELECT app_restricted_records())::uuid[], false));

-- A contract whose representative is restricted is restricted too: the API answers "restricted"
-- (FORBIDDEN recordRestricted) for it, not "not found". The rest is 20261204163000's, unchanged.
CREATE OR REPLACE FUNCTION app_record_is_restricted(p_id uuid) RETURNS boolean
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  c uuid := app_current_center();
  person uuid;
BEGIN
  IF c IS NULL OR p_id IS NULL THEN RETURN false; END IF;
  SELECT coalesce(
           (SELECT id FROM "Client" WHERE "centerId" = c AND id = p_id),
           (SELECT "childId" FROM "Case" WHERE "centerId" = c AND id = p_id),
           (SELECT k."childId" FROM "Session" s JOIN "Case" k ON k."centerId" = s."centerId" AND k.id = s."caseId" WHERE s."centerId" = c AND s.id = p_id),
           (SELECT k."childId" FROM "Assessment" a JOIN "Case" k ON k."centerId" = a."centerId" AND k.id = a."caseId" WHERE a."centerId" = c AND a.id = p_id),
           (SELECT k."childId" FROM "SupportPlan" a JOIN "Case" k ON k."centerId" = a."centerId" AND k.id = a."caseId" WHERE a."centerId" = c AND a.id = p_id),
           (SELECT k."childId" FROM "Contract" a JOIN "Case" k ON k."centerId" = a."centerId" AND k.id = a."caseId" WHERE a."centerId" = c AND a.id = p_id),
           (SELECT "clientId" FROM "Consent" WHERE "centerId" = c AND id = p_id),
           (SELECT coalesce(a."clientId", k."childId", (SELECT "clientId" FROM "Consent" x WHERE x."centerId" = c AND x.id = a."consentId"),
                            (SELECT y."childId" FROM "Case" y WHERE y."centerId" = c AND y.id = (SELECT coalesce(
                               (SELECT "caseId" FROM "Assessment" z WHERE z."centerId" = c AND z.id = a."assessmentId"),
                               (SELECT "caseId" FROM "SupportPlan" z WHERE z."centerId" = c AND z.id = a."supportPlanId"),
                               (SELECT "caseId" FROM "Contract" z WHERE z."centerId" = c AND z.id = a."contractId")))))
              FROM "Attachment" a LEFT JOIN "Case" k ON k."centerId" = a."centerId" AND k.id = a."caseId" WHERE a."centerId" = c AND a.id = p_id)
         ) INTO person;
  RETURN (person IS NOT NULL AND EXISTS (SELECT 1 FROM "Client" WHERE "centerId" = c AND id = person AND "restrictedAt" IS NOT NULL))
      OR EXISTS (SELECT 1 FROM "Contract" k JOIN "Client" r ON r."centerId" = k."centerId" AND r.id = k."representativeId"
                  WHERE k."centerId" = c AND k.id = p_id AND r."restrictedAt" IS NOT NULL);
END
$fn$;

