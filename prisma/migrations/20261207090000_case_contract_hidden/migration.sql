-- A child's case whose contract is hidden from the worker because the parent who signed it as the
-- legal representative has their processing restricted (20261206091000): the case page says so
-- instead of showing "no contract", and a second contract is refused as restricted rather than
-- failing on the one-live-contract index the worker cannot see. Answers only whether such a
-- contract exists on the case in the active center (with p_live_only, one not ended), nothing of it.
CREATE FUNCTION app_case_contract_hidden(p_case uuid, p_live_only boolean) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT EXISTS (
    SELECT 1 FROM "Contract" k
      JOIN "Client" r ON r."centerId" = k."centerId" AND r.id = k."representativeId"
     WHERE k."centerId" = app_current_center() AND k."caseId" = p_case AND r."restrictedAt" IS NOT NULL
       AND (NOT p_live_only OR k."status" <> 'ENDED'))
$fn$;

REVOKE ALL ON FUNCTION app_case_contract_hidden(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_case_contract_hidden(uuid, boolean) TO opora_app;
