-- Identities behind row-level security too (issue 13, point 6).
--
-- Before: the runtime roles could SELECT and UPDATE every row of "User" (password hashes
-- included), "AuthSession" (token hashes) and "LoginThrottle". Now:
-- * "User": a runtime role sees its own row and the users who share its active center
--   (staff lists, case teams, the audit trail), and never the column "passwordHash"
--   (column grants). It may change only its own language and display name; no runtime
--   role can change anyone's email or password hash.
-- * "AuthSession": a runtime role sees and ends (revokedAt) only its own user's sessions,
--   and never the column "tokenHash". Sessions are created by a definer function only.
-- * "LoginThrottle": no runtime access at all; only the definer functions below touch it.
-- * Sign-in runs in short transactions of its own as a third role, opora_auth, which can
--   do nothing but execute the narrow SECURITY DEFINER functions of signing in: read one
--   account's hash by email, record an outcome, create a session, set a password. The
--   request roles opora_app and opora_aggregate cannot execute them.
-- The functions run as their owner (the role that runs migrations), which must bypass
-- row-level security, as the seed already requires (a superuser, or a role with BYPASSRLS).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'opora_auth') THEN
    CREATE ROLE opora_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT opora_auth TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- already granted, or a superuser that needs no grant
END
$$;

GRANT USAGE ON SCHEMA public TO opora_auth;

-- "User" ------------------------------------------------------------------------------

REVOKE ALL ON "User" FROM opora_app, opora_aggregate, opora_auth, PUBLIC;
GRANT SELECT (id, email, "displayName", "preferredLanguage", "createdAt", "disabledAt") ON "User" TO opora_app, opora_aggregate;
GRANT UPDATE ("displayName", "preferredLanguage") ON "User" TO opora_app, opora_aggregate;
-- A manager adds a new colleague (the row becomes visible with its membership).
GRANT INSERT (id, email, "displayName", "passwordHash", "preferredLanguage", "createdAt") ON "User" TO opora_app;

ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "User" FORCE ROW LEVEL SECURITY;
CREATE POLICY user_read ON "User" FOR SELECT TO opora_app, opora_aggregate
  USING (id = app_current_user()
         OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = "User".id AND m."centerId" = app_current_center()));
CREATE POLICY user_update_self ON "User" FOR UPDATE TO opora_app, opora_aggregate
  USING (id = app_current_user()) WITH CHECK (id = app_current_user());
CREATE POLICY user_insert_in_center ON "User" FOR INSERT TO opora_app
  WITH CHECK (app_current_center() IS NOT NULL);

-- "AuthSession" -------------------------------------------------------------------------

REVOKE ALL ON "AuthSession" FROM opora_app, opora_aggregate, opora_auth, PUBLIC;
GRANT SELECT (id, "userId", "activeMembershipId", "createdAt", "lastSeenAt", "expiresAt", "revokedAt", "ipAddress", "userAgent")
  ON "AuthSession" TO opora_app, opora_aggregate;
GRANT UPDATE ("activeMembershipId", "lastSeenAt", "revokedAt") ON "AuthSession" TO opora_app, opora_aggregate;

ALTER TABLE "AuthSession" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuthSession" FORCE ROW LEVEL SECURITY;
CREATE POLICY session_own_read ON "AuthSession" FOR SELECT TO opora_app, opora_aggregate
  USING ("userId" = app_current_user());
CREATE POLICY session_own_update ON "AuthSession" FOR UPDATE TO opora_app, opora_aggregate
  USING ("userId" = app_current_user()) WITH CHECK ("userId" = app_current_user());

-- "LoginThrottle" -----------------------------------------------------------------------

REVOKE ALL ON "LoginThrottle" FROM opora_app, opora_aggregate, opora_auth, PUBLIC;
ALTER TABLE "LoginThrottle" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "LoginThrottle" FORCE ROW LEVEL SECURITY;
-- No policy: nothing is visible to a role that does not bypass row-level security.

-- Sign-in (opora_auth only) ---------------------------------------------------------------

-- Prisma keeps DateTime as UTC in timestamp(3) columns.
CREATE OR REPLACE FUNCTION auth_now() RETURNS timestamp(3)
  LANGUAGE sql VOLATILE SET search_path = public, pg_temp
  AS $fn$ SELECT (clock_timestamp() AT TIME ZONE 'UTC')::timestamp(3) $fn$;

-- The throttle keys of one attempt: the address, the account and the pair of both.
CREATE OR REPLACE FUNCTION auth_throttle_keys(p_email text, p_address text)
  RETURNS TABLE(kind text, key text)
  LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp
  AS $fn$
  SELECT * FROM (VALUES ('address', 'address:' || coalesce(p_address, 'unknown')),
                        ('account', 'account:' || lower(p_email)),
                        ('pair', 'pair:' || lower(p_email) || '|' || coalesce(p_address, 'unknown'))) AS k(kind, key)
$fn$;

-- One attempt's credentials and throttle state: the account's id and hash (none for an
-- unknown email) and the failures within the window per key, with any block still running.
CREATE OR REPLACE FUNCTION auth_sign_in_lookup(p_email text, p_address text, p_window_ms integer)
  RETURNS TABLE(user_id uuid, password_hash text, disabled boolean,
                address_failures integer, account_failures integer, pair_failures integer,
                address_blocked_until timestamp(3), pair_blocked_until timestamp(3), pair_window_ends timestamp(3))
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  WITH t AS (
    SELECT k.kind,
           CASE WHEN l."firstFailureAt" > auth_now() - make_interval(secs => p_window_ms / 1000.0) THEN l.failures ELSE 0 END AS failures,
           CASE WHEN l."blockedUntil" > auth_now() THEN l."blockedUntil" END AS blocked_until,
           l."firstFailureAt" + make_interval(secs => p_window_ms / 1000.0) AS window_ends
      FROM auth_throttle_keys(p_email, p_address) k LEFT JOIN "LoginThrottle" l ON l.key = k.key
  )
  SELECT u.id, u."passwordHash", u."disabledAt" IS NOT NULL,
         coalesce((SELECT failures FROM t WHERE kind = 'address'), 0),
         coalesce((SELECT failures FROM t WHERE kind = 'account'), 0),
         coalesce((SELECT failures FROM t WHERE kind = 'pair'), 0),
         (SELECT blocked_until FROM t WHERE kind = 'address'),
         (SELECT blocked_until FROM t WHERE kind = 'pair'),
         (SELECT window_ends FROM t WHERE kind = 'pair')
    FROM (SELECT 1) AS one LEFT JOIN "User" u ON u.email = lower(p_email)
$fn$;

-- Counts a failed attempt on all three keys (a fresh window when the last one ran out) and
-- blocks the address, or the pair, once it reaches its limit. Returns the new counts.
CREATE OR REPLACE FUNCTION auth_sign_in_failed(p_email text, p_address text, p_window_ms integer,
                                               p_address_block_after integer, p_pair_block_after integer, p_block_ms integer)
  RETURNS TABLE(address_failures integer, account_failures integer, pair_failures integer)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_now timestamp(3) := auth_now();
  v_window interval := make_interval(secs => p_window_ms / 1000.0);
  v_block interval := make_interval(secs => p_block_ms / 1000.0);
BEGIN
  INSERT INTO "LoginThrottle" AS l (key, failures, "firstFailureAt", "blockedUntil")
  SELECT k.key, 1, v_now, NULL FROM auth_throttle_keys(p_email, p_address) k
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN l."firstFailureAt" > v_now - v_window THEN l.failures + 1 ELSE 1 END,
    "firstFailureAt" = CASE WHEN l."firstFailureAt" > v_now - v_window THEN l."firstFailureAt" ELSE v_now END;
  UPDATE "LoginThrottle" l SET "blockedUntil" = v_now + v_block
    FROM auth_throttle_keys(p_email, p_address) k
   WHERE l.key = k.key
     AND ((k.kind = 'address' AND l.failures >= p_address_block_after)
       OR (k.kind = 'pair' AND l.failures >= p_pair_block_after))
     AND (l."blockedUntil" IS NULL OR l."blockedUntil" <= v_now);
  RETURN QUERY
  SELECT coalesce(max(l.failures) FILTER (WHERE k.kind = 'address'), 0)::integer,
         coalesce(max(l.failures) FILTER (WHERE k.kind = 'account'), 0)::integer,
         coalesce(max(l.failures) FILTER (WHERE k.kind = 'pair'), 0)::integer
    FROM auth_throttle_keys(p_email, p_address) k JOIN "LoginThrottle" l ON l.key = k.key;
END
$fn$;

-- Blocks a pair early (the account is under attack and this address has failed on it).
CREATE OR REPLACE FUNCTION auth_sign_in_block_pair(p_email text, p_address text, p_block_ms integer)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  UPDATE "LoginThrottle" l SET "blockedUntil" = auth_now() + make_interval(secs => p_block_ms / 1000.0)
    FROM auth_throttle_keys(p_email, p_address) k
   WHERE k.kind = 'pair' AND l.key = k.key AND (l."blockedUntil" IS NULL OR l."blockedUntil" <= auth_now())
$fn$;

-- A session for a user whose credentials the server has just verified. The active membership
-- is the one asked for if it is the user's own and current, else the first by role (center
-- work, then the network, then a municipality). Returns the session's id.
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
   WHERE m."userId" = p_user_id AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
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

-- A verified sign-in: the pair's failures are forgotten (the address proved it knows the
-- password) and a session is created. The address's and the account's counts stay: they
-- are the signals of an attack on many accounts or from many addresses.
CREATE OR REPLACE FUNCTION auth_sign_in_succeeded(p_user_id uuid, p_email text, p_address text, p_token_hash text,
                                                  p_expires_at timestamp(3), p_user_agent text)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  DELETE FROM "LoginThrottle" l USING auth_throttle_keys(p_email, p_address) k WHERE k.kind = 'pair' AND l.key = k.key;
  RETURN auth_create_session(p_user_id, p_token_hash, NULL, p_expires_at, p_address, p_user_agent);
END
$fn$;

-- A new password hash (the server hashed it outside any transaction); every session of the
-- user but p_keep_session ends.
CREATE OR REPLACE FUNCTION auth_set_password(p_user_id uuid, p_password_hash text, p_keep_session uuid)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF p_password_hash IS NULL OR p_password_hash NOT LIKE '$argon2%' THEN
    RAISE EXCEPTION 'not an argon2 hash' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE "User" SET "passwordHash" = p_password_hash WHERE id = p_user_id;
  UPDATE "AuthSession" SET "revokedAt" = auth_now()
   WHERE "userId" = p_user_id AND "revokedAt" IS NULL AND id IS DISTINCT FROM p_keep_session;
END
$fn$;

-- The hash of one user, to re-check a signed-in person's current password (password change,
-- turning on two-factor) outside the request's transaction.
CREATE OR REPLACE FUNCTION auth_password_hash(p_user_id uuid)
  RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$ SELECT "passwordHash" FROM "User" WHERE id = p_user_id AND "disabledAt" IS NULL $fn$;

-- Request roles (opora_app, opora_aggregate) -------------------------------------------------

-- The id of the account with an email, for a manager adding staff in their active center:
-- only an id, never the hash.
CREATE OR REPLACE FUNCTION auth_user_id_by_email(p_email text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$ SELECT id FROM "User" WHERE app_current_center() IS NOT NULL AND email = lower(p_email) $fn$;

-- Ends a user's sessions (all but p_except_session): the user's own, or a colleague's by a
-- manager of the active center the colleague belongs to. Returns how many ended.
CREATE OR REPLACE FUNCTION auth_end_sessions(p_user_id uuid, p_except_session uuid)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_count integer;
BEGIN
  IF p_user_id IS DISTINCT FROM app_current_user() AND NOT (
       EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = app_current_user() AND m."centerId" = app_current_center()
                AND m.role = 'MANAGER' AND (m."endedOn" IS NULL OR m."endedOn" >= current_date))
   AND EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = p_user_id AND m."centerId" = app_current_center())) THEN
    RAISE EXCEPTION 'not allowed to end these sessions' USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE "AuthSession" SET "revokedAt" = auth_now()
   WHERE "userId" = p_user_id AND "revokedAt" IS NULL AND id IS DISTINCT FROM p_except_session;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$fn$;

REVOKE ALL ON FUNCTION auth_now() FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_throttle_keys(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_sign_in_lookup(text, text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_sign_in_failed(text, text, integer, integer, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_sign_in_block_pair(text, text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_create_session(uuid, text, uuid, timestamp(3), text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_sign_in_succeeded(uuid, text, text, text, timestamp(3), text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_set_password(uuid, text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_password_hash(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_user_id_by_email(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_end_sessions(uuid, uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auth_sign_in_lookup(text, text, integer) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_sign_in_failed(text, text, integer, integer, integer, integer) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_sign_in_block_pair(text, text, integer) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_create_session(uuid, text, uuid, timestamp(3), text, text) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_sign_in_succeeded(uuid, text, text, text, timestamp(3), text) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_set_password(uuid, text, uuid) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_password_hash(uuid) TO opora_auth;
GRANT EXECUTE ON FUNCTION auth_user_id_by_email(text) TO opora_app;
GRANT EXECUTE ON FUNCTION auth_end_sessions(uuid, uuid) TO opora_app, opora_aggregate;
-- auth_viewer(token hash) (the session behind a token, no hash) stays with both request roles.
