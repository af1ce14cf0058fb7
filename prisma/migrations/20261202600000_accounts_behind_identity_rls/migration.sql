-- The account life cycle (20261202500000_accounts) on top of the identity RLS
-- (20261202400000_identity_rls): the runtime roles may read when their own password last
-- changed, and a password set through the sign-in role records that time too.

GRANT SELECT ("passwordChangedAt") ON "User" TO opora_app, opora_aggregate;

CREATE OR REPLACE FUNCTION auth_set_password(p_user_id uuid, p_password_hash text, p_keep_session uuid)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF p_password_hash IS NULL OR p_password_hash NOT LIKE '$argon2%' THEN
    RAISE EXCEPTION 'not an argon2 hash' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE "User" SET "passwordHash" = p_password_hash, "passwordChangedAt" = auth_now() WHERE id = p_user_id;
  UPDATE "AuthSession" SET "revokedAt" = auth_now()
   WHERE "userId" = p_user_id AND "revokedAt" IS NULL AND id IS DISTINCT FROM p_keep_session;
END
$fn$;
