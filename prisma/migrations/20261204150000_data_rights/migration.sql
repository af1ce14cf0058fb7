-- Data rights (GDPR, issue #19 item 4).
--
-- * Center."retentionYears": a closed case and its person are anonymised this many years after
--   the case closed (the person's every case closed that long ago, none open). 10 by default;
--   NULL or 0: never. Existing centers get the default.
-- * Client."anonymisedAt": when the retention job anonymised the person (never undone).
-- * Client."restrictedAt"/"restrictionReason"/"restrictedById": restriction of processing (Art. 18):
--   while set, only the center's manager reads or changes the record.
-- * audit_scrub_person(): the one way an audit event changes. The trail stays append-only for
--   every role; this SECURITY DEFINER function, run inside the caller's tenant, replaces inside
--   "detail" every string that holds one of the person's values (names, birth date, phone, ...)
--   and the free text of the person's own records' events, and nothing else.

ALTER TABLE "Center" ADD COLUMN "retentionYears" INTEGER DEFAULT 10;
ALTER TABLE "Center" ADD CONSTRAINT center_retention_years_range CHECK ("retentionYears" IS NULL OR "retentionYears" BETWEEN 0 AND 100);

ALTER TABLE "Client" ADD COLUMN "anonymisedAt" TIMESTAMP(3);
ALTER TABLE "Client" ADD COLUMN "restrictedAt" TIMESTAMP(3);
ALTER TABLE "Client" ADD COLUMN "restrictionReason" TEXT;
ALTER TABLE "Client" ADD COLUMN "restrictedById" UUID;
ALTER TABLE "Client" ADD CONSTRAINT client_restriction_reason CHECK (("restrictedAt" IS NULL) = ("restrictionReason" IS NULL));

-- Replaces every string leaf of a JSON value that contains one of the needles (case-insensitive).
CREATE OR REPLACE FUNCTION jsonb_scrub(j jsonb, needles text[], replacement text) RETURNS jsonb
  LANGUAGE plpgsql IMMUTABLE
  AS $fn$
DECLARE
  s text;
BEGIN
  IF j IS NULL THEN RETURN NULL; END IF;
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      RETURN coalesce((SELECT jsonb_object_agg(k, jsonb_scrub(v, needles, replacement)) FROM jsonb_each(j) AS e(k, v)), '{}'::jsonb);
    WHEN 'array' THEN
      RETURN coalesce((SELECT jsonb_agg(jsonb_scrub(v, needles, replacement) ORDER BY i) FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, i)), '[]'::jsonb);
    WHEN 'string' THEN
      s := j #>> '{}';
      IF EXISTS (SELECT 1 FROM unnest(needles) n WHERE n <> '' AND position(lower(n) IN lower(s)) > 0) THEN
        RETURN to_jsonb(replacement);
      END IF;
      RETURN j;
    ELSE
      RETURN j;
  END CASE;
END
$fn$;

-- The append-only guard lets exactly one change through: audit_scrub_person() rewriting "detail"
-- (it sets opora.audit_scrub for its own statement); any other UPDATE, any DELETE or TRUNCATE fails.
CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('opora.audit_scrub', true) = 'on'
     AND (OLD."id", OLD."centerId", OLD."userId", OLD."membershipId", OLD."action", OLD."entityType", OLD."entityId", OLD."at", OLD."requestId")
         IS NOT DISTINCT FROM (NEW."id", NEW."centerId", NEW."userId", NEW."membershipId", NEW."action", NEW."entityType", NEW."entityId", NEW."at", NEW."requestId") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;

-- The owner changes rows of the current center only (FORCE ROW LEVEL SECURITY applies to it too).
CREATE POLICY audit_scrub ON "AuditEvent" FOR UPDATE
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());

-- p_needles: the person's values; p_entity_ids: ids of the person's own records, whose events'
-- free text (file names, reasons, changes) is replaced whether or not it names them.
CREATE OR REPLACE FUNCTION audit_scrub_person(p_needles text[], p_entity_ids text[]) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  c uuid := app_current_center();
  n integer;
  needles text[] := ARRAY(SELECT DISTINCT x FROM unnest(p_needles) x WHERE length(x) >= 3);
BEGIN
  IF c IS NULL THEN RAISE EXCEPTION 'no tenant'; END IF;
  PERFORM set_config('opora.audit_scrub', 'on', true);
  UPDATE "AuditEvent" e
     SET "detail" = CASE
           WHEN e."entityId" = ANY(p_entity_ids)
             THEN jsonb_scrub(jsonb_scrub(e."detail", needles, '[anonymised]') - 'fileName' - 'reason' - 'changes', needles, '[anonymised]')
                  || CASE WHEN e."detail" ?| ARRAY['fileName', 'reason', 'changes'] THEN '{"anonymised": true}'::jsonb ELSE '{}'::jsonb END
           ELSE jsonb_scrub(e."detail", needles, '[anonymised]') END
   WHERE e."centerId" = c AND e."detail" IS NOT NULL
     AND (e."entityId" = ANY(p_entity_ids)
          OR EXISTS (SELECT 1 FROM unnest(needles) x WHERE position(lower(x) IN lower(e."detail"::text)) > 0));
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM set_config('opora.audit_scrub', 'off', true);
  RETURN n;
END
$fn$;
REVOKE ALL ON FUNCTION audit_scrub_person(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_scrub_person(text[], text[]) TO opora_app;
GRANT EXECUTE ON FUNCTION jsonb_scrub(jsonb, text[], text) TO opora_app;

-- The retention job visits the centers that keep a limit (the directory is readable anyway).
-- The retention job renames a person's attachments (their file names can name the person).
GRANT UPDATE ("fileName") ON "Attachment" TO opora_app;
-- An extension's ground is free text about the person: the retention job replaces it (nothing else changes it).
GRANT UPDATE ("ground") ON "ContractExtension" TO opora_app;
