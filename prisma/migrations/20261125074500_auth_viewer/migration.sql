-- Hand-written: the signed-in viewer in one statement.
--
-- Every request signs in before it does anything else; that took four statements (the session,
-- its user, then the tenant settings so that row-level security would show the user's own
-- memberships, then the membership). This function answers the same in one: the session behind
-- a token hash, its user, and the session's active membership if it is still current. It runs
-- as its owner because memberships are row-level secured, and it returns only the membership
-- the session itself names, of the session's own user: what the runtime role could read once
-- app.user_id was set, nothing more. The token hash is the secret, as before.

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
         AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
   WHERE s."tokenHash" = p_token_hash
$fn$;

REVOKE ALL ON FUNCTION auth_viewer(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_viewer(text) TO opora_app, opora_aggregate;
