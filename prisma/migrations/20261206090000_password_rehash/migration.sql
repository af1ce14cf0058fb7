-- A password hash made anew with today's costs at its owner's sign-in (schema/src/auth/sign-in.ts):
-- the same password, so no session ends and "passwordChangedAt" stays. Only when the stored hash
-- is still the one just checked: a password changed in the meantime is never overwritten.
CREATE OR REPLACE FUNCTION auth_rehash_password(p_user_id uuid, p_checked_hash text, p_new_hash text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
BEGIN
  IF p_new_hash IS NULL OR p_new_hash NOT LIKE '$argon2%' THEN
    RAISE EXCEPTION 'not an argon2 hash' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  UPDATE "User" SET "passwordHash" = p_new_hash
   WHERE id = p_user_id AND "passwordHash" = p_checked_hash AND "disabledAt" IS NULL;
END
$fn$;

REVOKE ALL ON FUNCTION auth_rehash_password(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_rehash_password(uuid, text, text) TO opora_auth;
