-- CreateEnum
CREATE TYPE "StaffInvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED');

-- AlterTable
ALTER TABLE "Center" ADD COLUMN     "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordChangedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "TwoFactor" (
    "userId" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "enabledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedStep" BIGINT NOT NULL DEFAULT 0,
    "recoveryCodeHashes" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "TwoFactor_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "StaffInvitation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "professionId" UUID,
    "titleBg" TEXT,
    "titleEn" TEXT,
    "fte" DECIMAL(3,2),
    "startedOn" DATE NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "status" "StaffInvitationStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByMembershipId" UUID,
    "answeredAt" TIMESTAMP(3),
    "membershipId" UUID,

    CONSTRAINT "StaffInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordResetCode" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "centerId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByMembershipId" UUID,

    CONSTRAINT "PasswordResetCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StaffInvitation_codeHash_key" ON "StaffInvitation"("codeHash");

-- CreateIndex
CREATE INDEX "StaffInvitation_centerId_status_idx" ON "StaffInvitation"("centerId", "status");

-- CreateIndex
CREATE INDEX "StaffInvitation_email_status_idx" ON "StaffInvitation"("email", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PasswordResetCode_codeHash_key" ON "PasswordResetCode"("codeHash");

-- CreateIndex
CREATE INDEX "PasswordResetCode_userId_idx" ON "PasswordResetCode"("userId");

-- AddForeignKey
ALTER TABLE "TwoFactor" ADD CONSTRAINT "TwoFactor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffInvitation" ADD CONSTRAINT "StaffInvitation_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffInvitation" ADD CONSTRAINT "StaffInvitation_professionId_fkey" FOREIGN KEY ("professionId") REFERENCES "Profession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetCode" ADD CONSTRAINT "PasswordResetCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetCode" ADD CONSTRAINT "PasswordResetCode_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────────── Hand-written: staff account life cycle (issue 13, point 2) ─────────────
--
-- Invitations and reset codes are center-owned rows (the center's manager issues, lists and
-- revokes them). A second factor is its own user's row only. Everything that crosses from one
-- person to another (redeeming a code before sign-in, answering an invitation, a manager acting
-- on a colleague's account) goes through the narrow SECURITY DEFINER functions below, each of
-- which checks who is asking from the transaction's own settings (app.user_id, app.center_id).
-- Prisma stores DateTime as UTC in timestamp columns: every "now" here is the UTC clock.

ALTER TABLE "StaffInvitation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "StaffInvitation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffInvitation"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE ON "StaffInvitation" TO opora_app;

ALTER TABLE "PasswordResetCode" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PasswordResetCode" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PasswordResetCode"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE ON "PasswordResetCode" TO opora_app;

-- The TOTP secret: readable and writable by its own user only (sign-in sets app.user_id once
-- the password is verified, then reads it).
ALTER TABLE "TwoFactor" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TwoFactor" FORCE ROW LEVEL SECURITY;
CREATE POLICY own_user ON "TwoFactor"
  USING ("userId" = app_current_user()) WITH CHECK ("userId" = app_current_user());
GRANT SELECT, INSERT, UPDATE, DELETE ON "TwoFactor" TO opora_app, opora_aggregate;

-- A one-time code (SHA-256 given) sets a password: a manager's reset code for an existing
-- account, or a new person's invitation code (the account and its membership are created now,
-- with the person's own password; an invitation to an email that already has an account is
-- answered after signing in, never through its code). Every session of the person ends.
-- Returns no row for an unknown, used or expired code.
CREATE OR REPLACE FUNCTION account_code_redeem(p_code_hash text, p_password_hash text)
  RETURNS TABLE(user_id uuid, email text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_now timestamp(3) := clock_timestamp() AT TIME ZONE 'UTC';
  v_reset "PasswordResetCode"%ROWTYPE;
  v_inv "StaffInvitation"%ROWTYPE;
  v_user uuid;
  v_membership uuid;
BEGIN
  IF p_password_hash IS NULL OR left(p_password_hash, 7) <> '$argon2' THEN
    RETURN;
  END IF;
  SELECT * INTO v_reset FROM "PasswordResetCode" r
   WHERE r."codeHash" = p_code_hash AND r."usedAt" IS NULL AND r."expiresAt" > v_now
   FOR UPDATE;
  IF FOUND THEN
    UPDATE "PasswordResetCode" SET "usedAt" = v_now WHERE "userId" = v_reset."userId" AND "usedAt" IS NULL;
    UPDATE "User" SET "passwordHash" = p_password_hash, "passwordChangedAt" = v_now WHERE id = v_reset."userId";
    UPDATE "AuthSession" SET "revokedAt" = v_now WHERE "userId" = v_reset."userId" AND "revokedAt" IS NULL;
    RETURN QUERY SELECT u.id, u.email FROM "User" u WHERE u.id = v_reset."userId";
    RETURN;
  END IF;
  SELECT * INTO v_inv FROM "StaffInvitation" i
   WHERE i."codeHash" = p_code_hash AND i.status = 'PENDING' AND i."expiresAt" > v_now
   FOR UPDATE;
  IF NOT FOUND OR EXISTS (SELECT 1 FROM "User" u WHERE u.email = v_inv.email) THEN
    RETURN;
  END IF;
  INSERT INTO "User" (email, "passwordHash", "displayName", "preferredLanguage", "passwordChangedAt")
       VALUES (v_inv.email, p_password_hash, v_inv."displayName", 'BG', v_now)
    RETURNING id INTO v_user;
  INSERT INTO "Membership" ("userId", role, "centerId", "professionId", "titleBg", "titleEn", fte, "startedOn")
       VALUES (v_user, v_inv.role, v_inv."centerId", v_inv."professionId", v_inv."titleBg", v_inv."titleEn", v_inv.fte, v_inv."startedOn")
    RETURNING id INTO v_membership;
  UPDATE "StaffInvitation" SET status = 'ACCEPTED', "answeredAt" = v_now, "membershipId" = v_membership WHERE id = v_inv.id;
  RETURN QUERY SELECT v_user, v_inv.email;
END
$fn$;

-- The signed-in person's pending, unexpired invitations (matched by their account's email).
CREATE OR REPLACE FUNCTION staff_invitations_mine()
  RETURNS TABLE(id uuid, center_id uuid, role text, title_bg text, title_en text, started_on date,
                created_at timestamp(3), expires_at timestamp(3))
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  SELECT i.id, i."centerId", i.role::text, i."titleBg", i."titleEn", i."startedOn", i."createdAt", i."expiresAt"
    FROM "StaffInvitation" i
    JOIN "User" u ON u.email = i.email
   WHERE u.id = app_current_user() AND u."disabledAt" IS NULL
     AND i.status = 'PENDING' AND i."expiresAt" > (clock_timestamp() AT TIME ZONE 'UTC')
   ORDER BY i."createdAt", i.id
$fn$;

-- The signed-in person accepts (a membership of the inviting center starts) or declines one of
-- their own pending invitations. ok = false when it is not theirs, answered or expired.
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
     WHERE m."userId" = v_user AND m."centerId" = v_inv."centerId" AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)
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

-- A manager of the active center acts on a colleague's account. The caller must be a current
-- MANAGER of app.center_id and the colleague a current member of it; disabling, enabling and
-- clearing two-factor act on the whole account, so they are refused ('shared') for a person who
-- also works in another center, the network or a municipality. Answers: ok, forbidden,
-- not_found, self, shared.
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
          AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)) THEN
    RETURN 'forbidden';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM "Membership" m
                  WHERE m."userId" = p_user_id AND m."centerId" = v_center
                    AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)) THEN
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
                AND (m."endedOn" IS NULL OR m."endedOn" >= current_date)) THEN
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

-- For the manager's staff page: each person with a membership of the active center, whether
-- their account is disabled, has a second factor, and how many sessions are open. Empty unless
-- the caller is a current MANAGER of that center.
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
                    AND (me."endedOn" IS NULL OR me."endedOn" >= current_date))
$fn$;

-- "Last use" of a session, moved forward at most once a minute (the server calls it after a
-- request, at most once a minute per session and process).
CREATE OR REPLACE FUNCTION auth_session_touch(p_session_id uuid)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
  UPDATE "AuthSession" SET "lastSeenAt" = clock_timestamp() AT TIME ZONE 'UTC'
   WHERE id = p_session_id AND "revokedAt" IS NULL
     AND "lastSeenAt" < (clock_timestamp() AT TIME ZONE 'UTC') - interval '1 minute'
$fn$;

REVOKE ALL ON FUNCTION account_code_redeem(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_invitations_mine() FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_invitation_answer(uuid, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_account_manage(uuid, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION center_staff_accounts() FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_session_touch(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION account_code_redeem(text, text) TO opora_app;
GRANT EXECUTE ON FUNCTION staff_invitations_mine() TO opora_app, opora_aggregate;
GRANT EXECUTE ON FUNCTION staff_invitation_answer(uuid, boolean) TO opora_app, opora_aggregate;
GRANT EXECUTE ON FUNCTION staff_account_manage(uuid, text) TO opora_app;
GRANT EXECUTE ON FUNCTION center_staff_accounts() TO opora_app;
GRANT EXECUTE ON FUNCTION auth_session_touch(uuid) TO opora_app, opora_aggregate;
