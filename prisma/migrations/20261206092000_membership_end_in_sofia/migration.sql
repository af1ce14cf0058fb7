-- A membership ends at the end of its last day in Sofia, in the database as in the API.
-- The database compared "endedOn" with current_date, the day in the session's time zone (UTC
-- here and on most servers): from midnight in Sofia until midnight UTC (two hours in winter,
-- three in summer) a staff member whose last day was yesterday could still sign in and work,
-- while the API's staff list (schema/src/modules/center-staff.ts, today() in Sofia) showed them
-- as gone. app_today() is the day in Sofia; every membership check below is its latest
-- definition with current_date replaced by it, and nothing else changed.
CREATE OR REPLACE FUNCTION app_today() RETURNS date
  LANGUAGE sql STABLE SET search_path = public, pg_temp
  AS $fn$ SELECT (now() AT TIME ZONE 'Europe/Sofia')::date $fn$;

-- app_is_center_manager: as in 20261204163000_restriction_of_processing.
CREATE OR REPLACE FUNCTION app_is_center_manager() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT EXISTS (SELECT 1 FROM "Membership" m
                  WHERE m."userId" = app_current_user() AND m."centerId" = app_current_center()
                    AND m.role = 'MANAGER' AND (m."endedOn" IS NULL OR m."endedOn" >= app_today()))
$fn$;

-- app_municipal_official_of: as in 20261204160000_municipal_analysis.
CREATE OR REPLACE FUNCTION app_municipal_official_of(p_municipality uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $fn$
  -- Runs as the caller: Membership's own policy shows a user only their own memberships.
  SELECT EXISTS (
    SELECT 1 FROM "Membership" m
     WHERE m."userId" = app_current_user()
       AND m."role" = 'MUNICIPAL_VIEWER'
       AND m."municipalityId" = p_municipality
       AND (m."endedOn" IS NULL OR m."endedOn" >= app_today()))
$fn$;

-- auth_create_session: as in 20261202400000_identity_rls.
CREATE OR REPLACE FUNCTION auth_create_session(p_user_id uuid, p_token_hash text, p_membership_id uuid,
                                               p_expires_at timestamp(3), p_address text, p_user_agent text)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_membership uuid;
  v_session uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "User" WHERE id = p_user_id AND "disabledAt" IS NULL) THEN
    RAISE EXCEPTION 'no such active user' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT m.id INTO v_membership
    FROM "Membership" m
   WHERE m."userId" = p_user_id AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
     AND (p_membership_id IS NULL OR m.id = p_membership_id)
   ORDER BY array_position(ARRAY['MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE',
                                 'NETWORK_ADMIN', 'NETWORK_ANALYST', 'MUNICIPAL_VIEWER'], m.role::text), m."createdAt", m.id
   LIMIT 1;
  INSERT INTO "AuthSession" ("tokenHash", "userId", "activeMembershipId", "expiresAt", "ipAddress", "userAgent", "createdAt", "lastSeenAt")
  VALUES (p_token_hash, p_user_id, v_membership, p_expires_at, p_address, left(p_user_agent, 300), auth_now(), auth_now())
  RETURNING id INTO v_session;
  RETURN v_session;
END
$fn$;

-- auth_end_sessions: as in 20261202400000_identity_rls.
CREATE OR REPLACE FUNCTION auth_end_sessions(p_user_id uuid, p_except_session uuid)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_count integer;
BEGIN
  IF p_user_id IS DISTINCT FROM app_current_user() AND NOT (
       EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = app_current_user() AND m."centerId" = app_current_center()
                AND m.role = 'MANAGER' AND (m."endedOn" IS NULL OR m."endedOn" >= app_today()))
   AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = p_user_id AND m."centerId" = app_current_center())) THEN
    RAISE EXCEPTION 'not allowed to end these sessions' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE "AuthSession" SET "revokedAt" = auth_now()
   WHERE "userId" = p_user_id AND "revokedAt" IS NULL AND id IS DISTINCT FROM p_except_session;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$fn$;

-- auth_viewer: as in 20261125074500_auth_viewer.
CREATE OR REPLACE FUNCTION auth_viewer(p_token_hash text)
  RETURNS TABLE(session_id uuid, user_id uuid, expires_at timestamp(3), revoked_at timestamp(3), email text,
                display_name text, disabled_at timestamp(3), membership_id uuid, role text, center_id uuid,
                network_id uuid, municipality_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT s.id, s."userId", s."expiresAt", s."revokedAt", u.email, u."displayName", u."disabledAt",
         m.id, m.role::text, m."centerId", m."networkId", m."municipalityId"
    FROM "AuthSession" s
    JOIN "User" u ON u.id = s."userId"
    LEFT JOIN "Membership" m ON m.id = s."activeMembershipId" AND m."userId" = s."userId"
         AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
   WHERE s."tokenHash" = p_token_hash
$fn$;

-- calendar_feed_owner: as in 20261204100000_planned_work.
CREATE OR REPLACE FUNCTION calendar_feed_owner(p_token_hash text)
  RETURNS TABLE(center_id uuid, membership_id uuid, user_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT f."centerId", f."membershipId", m."userId"
    FROM "CalendarFeed" f
    JOIN "Membership" m ON m."centerId" = f."centerId" AND m.id = f."membershipId"
   WHERE f."tokenHash" = p_token_hash
     AND m."userId" IS NOT NULL
     AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
$fn$;

-- center_staff_accounts: as in 20261202500000_accounts.
CREATE OR REPLACE FUNCTION center_staff_accounts()
  RETURNS TABLE(user_id uuid, disabled boolean, two_factor boolean, open_sessions integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT u.id, u."disabledAt" IS NOT NULL,
         EXISTS (SELECT 1 FROM "TwoFactor" f WHERE f."userId" = u.id),
         (SELECT count(*)::integer FROM "AuthSession" s
           WHERE s."userId" = u.id AND s."revokedAt" IS NULL AND s."expiresAt" > (clock_timestamp() AT TIME ZONE 'UTC'))
    FROM "User" u
   WHERE u.id IN (SELECT m."userId" FROM "Membership" m WHERE m."centerId" = app_current_center())
     AND EXISTS (SELECT 1 FROM "Membership" me
                  WHERE me."userId" = app_current_user() AND me."centerId" = app_current_center() AND me.role = 'MANAGER'
                    AND (me."endedOn" IS NULL OR me."endedOn" >= app_today()))
$fn$;

-- staff_account_manage: as in 20261202500000_accounts.
CREATE OR REPLACE FUNCTION staff_account_manage(p_user_id uuid, p_action text)
  RETURNS text
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_now timestamp(3) := clock_timestamp() AT TIME ZONE 'UTC';
  v_center uuid := app_current_center();
  v_me uuid := app_current_user();
BEGIN
  IF v_center IS NULL OR v_me IS NULL OR NOT EXISTS (
       SELECT 1 FROM "Membership" m
        WHERE m."userId" = v_me AND m."centerId" = v_center AND m.role = 'MANAGER'
          AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())) THEN
    RETURN 'forbidden';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "Membership" m
                  WHERE m."userId" = p_user_id AND m."centerId" = v_center
                    AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())) THEN
    RETURN 'not_found';
  END IF;
  IF p_user_id = v_me THEN
    RETURN 'self';
  END IF;
  IF p_action = 'end_sessions' THEN
    UPDATE "AuthSession" SET "revokedAt" = v_now WHERE "userId" = p_user_id AND "revokedAt" IS NULL;
    RETURN 'ok';
  END IF;
  IF EXISTS (SELECT 1 FROM "Membership" m
              WHERE m."userId" = p_user_id AND m."centerId" IS DISTINCT FROM v_center
                AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())) THEN
    RETURN 'shared';
  END IF;
  IF p_action = 'disable' THEN
    UPDATE "User" SET "disabledAt" = coalesce("disabledAt", v_now) WHERE id = p_user_id;
    UPDATE "AuthSession" SET "revokedAt" = v_now WHERE "userId" = p_user_id AND "revokedAt" IS NULL;
    RETURN 'ok';
  ELSIF p_action = 'enable' THEN
    UPDATE "User" SET "disabledAt" = NULL WHERE id = p_user_id;
    RETURN 'ok';
  ELSIF p_action = 'clear_two_factor' THEN
    DELETE FROM "TwoFactor" WHERE "userId" = p_user_id;
    UPDATE "AuthSession" SET "revokedAt" = v_now WHERE "userId" = p_user_id AND "revokedAt" IS NULL;
    RETURN 'ok';
  ELSIF p_action = 'may_reset_password' THEN
    RETURN 'ok';
  END IF;
  RETURN 'forbidden';
END
$fn$;

-- staff_invitation_answer: as in 20261202500000_accounts.
CREATE OR REPLACE FUNCTION staff_invitation_answer(p_id uuid, p_accept boolean)
  RETURNS TABLE(ok boolean, membership_id uuid)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_now timestamp(3) := clock_timestamp() AT TIME ZONE 'UTC';
  v_user uuid := app_current_user();
  v_email text;
  v_inv "StaffInvitation"%ROWTYPE;
  v_membership uuid;
BEGIN
  SELECT u.email INTO v_email FROM "User" u WHERE u.id = v_user AND u."disabledAt" IS NULL;
  SELECT * INTO v_inv FROM "StaffInvitation" i
   WHERE i.id = p_id AND v_email IS NOT NULL AND i.email = v_email AND i.status = 'PENDING' AND i."expiresAt" > v_now
   FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT false, NULL::uuid;
    RETURN;
  END IF;
  IF p_accept THEN
    SELECT m.id INTO v_membership FROM "Membership" m
     WHERE m."userId" = v_user AND m."centerId" = v_inv."centerId" AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
     LIMIT 1;
    IF v_membership IS NULL THEN
      INSERT INTO "Membership" ("userId", role, "centerId", "professionId", "titleBg", "titleEn", fte, "startedOn")
           VALUES (v_user, v_inv.role, v_inv."centerId", v_inv."professionId", v_inv."titleBg", v_inv."titleEn", v_inv.fte, v_inv."startedOn")
        RETURNING id INTO v_membership;
    END IF;
    UPDATE "StaffInvitation" SET status = 'ACCEPTED', "answeredAt" = v_now, "membershipId" = v_membership WHERE id = v_inv.id;
  ELSE
    UPDATE "StaffInvitation" SET status = 'DECLINED', "answeredAt" = v_now WHERE id = v_inv.id;
  END IF;
  RETURN QUERY SELECT true, v_membership;
END
$fn$;

-- The published yearly reports' readers: as in 20261205091000_yearly_report_published.
DROP POLICY signed_off_read ON "YearlyReport";
CREATE POLICY signed_off_read ON "YearlyReport" FOR SELECT TO opora_aggregate USING (
  "status" = 'SIGNED_OFF' AND (
    EXISTS (SELECT 1 FROM "Membership" m JOIN "Center" c ON c."networkId" = m."networkId"
             WHERE m."userId" = app_current_user() AND m.role IN ('NETWORK_ANALYST', 'NETWORK_ADMIN')
               AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
               AND c.id = "YearlyReport"."centerId")
    OR EXISTS (SELECT 1 FROM "Membership" m JOIN "MunicipalServiceContract" sc ON sc."municipalityId" = m."municipalityId"
                WHERE m."userId" = app_current_user() AND m.role = 'MUNICIPAL_VIEWER'
                  AND (m."endedOn" IS NULL OR m."endedOn" >= app_today())
                  AND sc."centerId" = "YearlyReport"."centerId" AND sc."serviceType" = "YearlyReport"."serviceType")
  )
);
