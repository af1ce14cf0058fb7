-- Restriction of processing, the same rule at a lower price (issue #21 item 2). The policies of
-- 20261204163000_restriction_of_processing tested each reference column on its own,
-- `NOT coalesce(col = ANY((SELECT app_restricted_records())::uuid[]), false)`, and every such
-- sub-select is an InitPlan of its own: app_restricted_records() ran once per column per table
-- and statement (six times on Attachment, twice on Case, Session, Assessment, …). Now one
-- InitPlan per table: the table's references as one array, tested for overlap with the
-- restricted records. The same rows pass: `&&` is true exactly when some non-null element of
-- one array equals one of the other (a NULL reference matches nothing, as
-- `coalesce(NULL = ANY(…), false)` did), and app_restricted_records() never returns NULL.
DO $$
DECLARE
  t record;
  test text;
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
    IF cardinality(t.cols) = 1 THEN
      -- One column: already one InitPlan; written as before.
      test := format('NOT coalesce(%I = ANY((SELECT app_restricted_records())::uuid[]), false)', t.cols[1]);
    ELSE
      test := format('NOT coalesce(ARRAY[%s]::uuid[] && (SELECT app_restricted_records())::uuid[], false)',
        (SELECT string_agg(format('%I', col), ', ') FROM unnest(t.cols) col));
    END IF;
    EXECUTE format('ALTER POLICY restriction_of_processing ON %I USING (%s) WITH CHECK (%s)', t.tbl, test, test);
  END LOOP;
END
$$;
