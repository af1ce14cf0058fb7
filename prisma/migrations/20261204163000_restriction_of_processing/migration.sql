-- Restriction of processing (GDPR Art. 18, issue #19 item 4), the database's wall (the API's is
-- schema/src/support/restriction.ts). While Client."restrictedAt" is set, the person's record is
-- stored but not used: for anyone in the center but its manager, the person's row and every row
-- about them is invisible and cannot be written (an UPDATE or DELETE finds nothing, an INSERT
-- fails the policy):
--   * Client (the row itself), HouseholdMember, Consent, CaseParticipant and SessionClient (by the
--     person), Attachment (the person's own files and those of their cases' records);
--   * the cases whose main person they are, and everything hanging off those cases: status
--     changes, team, target groups, participants, assessments (ratings, participation), support
--     plans (goals, planned services, reviews), contracts (services, extensions), sessions
--     (staff, clients), notes.
-- The manager (an active MANAGER membership of the current center, the signed-in user) sees and
-- changes everything, as before. Nothing else changes: the rollups are rebuilt by
-- aggregate_refresh() as the tables' owner, which row-level security does not narrow, so a
-- restricted person still counts in every anonymous figure. The retention job (a nobody user)
-- does not see a restricted person either: restriction suspends anonymisation until it is lifted.

-- The signed-in user holds an active MANAGER membership of the current center.
CREATE OR REPLACE FUNCTION app_is_center_manager() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT EXISTS (SELECT 1 FROM "Membership" m
                  WHERE m."userId" = app_current_user() AND m."centerId" = app_current_center()
                    AND m.role = 'MANAGER' AND (m."endedOn" IS NULL OR m."endedOn" >= current_date))
$fn$;

-- The ids of every record the current caller may not process: empty for the manager (and when no
-- center is set); else the restricted persons of the current center, their cases, and the records
-- of those cases. Ids are uuids, unique across tables, so one array serves every column. Policies
-- call it as an InitPlan ((SELECT app_restricted_records())::uuid[]): once per statement, not per row.
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
    || ARRAY(SELECT id FROM "Consent" WHERE "centerId" = c AND "clientId" = ANY(persons));
END
$fn$;

-- Whether a record (any of the kinds above, by id) belongs to a restricted person of the current
-- center, whoever asks: lets the API answer "restricted" (FORBIDDEN recordRestricted) where the
-- rows are invisible to the caller, instead of "not found". Says nothing about another center.
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
  RETURN person IS NOT NULL AND EXISTS (SELECT 1 FROM "Client" WHERE "centerId" = c AND id = person AND "restrictedAt" IS NOT NULL);
END
$fn$;

-- Whether a household has a restricted member (its member list is then the manager's only).
CREATE OR REPLACE FUNCTION app_household_has_restricted_member(p_household uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT EXISTS (SELECT 1 FROM "HouseholdMember" m JOIN "Client" cl ON cl."centerId" = m."centerId" AND cl.id = m."clientId"
                  WHERE m."centerId" = app_current_center() AND m."householdId" = p_household AND cl."restrictedAt" IS NOT NULL)
$fn$;

REVOKE ALL ON FUNCTION app_is_center_manager() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_restricted_records() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_record_is_restricted(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_household_has_restricted_member(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_is_center_manager() TO opora_app;
GRANT EXECUTE ON FUNCTION app_restricted_records() TO opora_app;
GRANT EXECUTE ON FUNCTION app_record_is_restricted(uuid) TO opora_app;
GRANT EXECUTE ON FUNCTION app_household_has_restricted_member(uuid) TO opora_app;

-- Finding the restricted persons of a center is an index probe (almost always none).
CREATE INDEX "Client_restricted_idx" ON "Client" ("centerId") WHERE "restrictedAt" IS NOT NULL;

-- The Client row: a restricted one only for the manager, and only the manager sets restrictedAt.
CREATE POLICY restriction_of_processing ON "Client" AS RESTRICTIVE FOR ALL
  USING ("restrictedAt" IS NULL OR (SELECT app_is_center_manager()))
  WITH CHECK ("restrictedAt" IS NULL OR (SELECT app_is_center_manager()));

-- Every other table: none of its references may name a restricted record.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      ('HouseholdMember', ARRAY['clientId']),
      ('Consent', ARRAY['id', 'clientId']),
      ('Case', ARRAY['id', 'childId']),
      ('CaseParticipant', ARRAY['caseId', 'clientId']),
      ('CaseTeamMember', ARRAY['caseId']),
      ('CaseTargetGroup', ARRAY['caseId']),
      ('CaseStatusChange', ARRAY['caseId']),
      ('Assessment', ARRAY['id', 'caseId']),
      ('AssessmentAreaRating', ARRAY['assessmentId']),
      ('Participation', ARRAY['assessmentId', 'planId']),
      ('SupportPlan', ARRAY['id', 'caseId']),
      ('SupportPlanGoal', ARRAY['planId']),
      ('PlannedService', ARRAY['planId']),
      ('PlanReview', ARRAY['planId']),
      ('Contract', ARRAY['id', 'caseId']),
      ('ContractService', ARRAY['contractId']),
      ('ContractExtension', ARRAY['contractId']),
      ('Session', ARRAY['id', 'caseId']),
      ('SessionStaff', ARRAY['sessionId']),
      ('SessionClient', ARRAY['sessionId', 'clientId']),
      ('Note', ARRAY['caseId', 'sessionId']),
      ('Attachment', ARRAY['clientId', 'caseId', 'assessmentId', 'supportPlanId', 'consentId', 'contractId'])
    ) AS v(tbl, cols)
  LOOP
    EXECUTE format('CREATE POLICY restriction_of_processing ON %I AS RESTRICTIVE FOR ALL USING (%s) WITH CHECK (%s)',
      t.tbl,
      (SELECT string_agg(format('NOT coalesce(%I = ANY((SELECT app_restricted_records())::uuid[]), false)', col), ' AND ') FROM unnest(t.cols) col),
      (SELECT string_agg(format('NOT coalesce(%I = ANY((SELECT app_restricted_records())::uuid[]), false)', col), ' AND ') FROM unnest(t.cols) col));
  END LOOP;
END
$$;
