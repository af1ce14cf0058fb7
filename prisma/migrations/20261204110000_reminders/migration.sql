-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('ASSESSMENT_DUE', 'PLAN_DUE', 'PLAN_REVIEW_DUE', 'CONTRACT_ENDING', 'CASE_ASSIGNED', 'INVITATION');

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "subjectId" UUID NOT NULL,
    "occasion" TEXT NOT NULL,
    "caseId" UUID,
    "caseNumber" TEXT,
    "dueOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "subjectId" UUID NOT NULL,
    "occasion" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "caseNumber" TEXT,
    "path" TEXT NOT NULL,
    "dueOn" DATE,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_userId_clearedAt_idx" ON "Notification"("userId", "clearedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_centerId_userId_kind_subjectId_occasion_key" ON "Notification"("centerId", "userId", "kind", "subjectId", "occasion");

-- CreateIndex
CREATE INDEX "MailOutbox_sentAt_nextAttemptAt_idx" ON "MailOutbox"("sentAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_centerId_userId_kind_subjectId_occasion_key" ON "MailOutbox"("centerId", "userId", "kind", "subjectId", "occasion");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MailOutbox" ADD CONSTRAINT "MailOutbox_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─────────────────────────── Hand-written: reminders (issue 17, item 2) ───────────────────────────
--
-- A notification is its own person's: only its user reads it, marks it read or clears it, inside
-- the center it belongs to (an invitation also from elsewhere: it is about joining that center).
-- Any member of the center may create one for a colleague (a case assigned to them) and the
-- reminder job creates them with the center set and no user; the unique key makes each occasion
-- one row however many processes run the job. The mail outbox is the center's, read and written
-- only by the server's mail sender and by whoever queues a notification's mail.
ALTER TABLE "Notification" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Notification" FORCE ROW LEVEL SECURITY;
CREATE POLICY own_read ON "Notification" FOR SELECT
  USING ("userId" = app_current_user() AND ("centerId" = app_current_center() OR kind = 'INVITATION'));
CREATE POLICY own_update ON "Notification" FOR UPDATE
  USING ("userId" = app_current_user() AND ("centerId" = app_current_center() OR kind = 'INVITATION'))
  WITH CHECK ("userId" = app_current_user() AND ("centerId" = app_current_center() OR kind = 'INVITATION'));
CREATE POLICY center_insert ON "Notification" FOR INSERT
  WITH CHECK ("centerId" = app_current_center());
-- Never deleted: clearing sets clearedAt (read and cleared are the only columns that change).
GRANT SELECT, INSERT ON "Notification" TO opora_app;
GRANT SELECT ON "Notification" TO opora_aggregate;
GRANT UPDATE ("readAt", "clearedAt") ON "Notification" TO opora_app, opora_aggregate;

ALTER TABLE "MailOutbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MailOutbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MailOutbox"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT ON "MailOutbox" TO opora_app;
GRANT UPDATE ("attempts", "nextAttemptAt", "sentAt", "failedAt", "lastError") ON "MailOutbox" TO opora_app;

-- A manager's invitation to an e-mail that already has an account notifies that account (and
-- queues its mail when p_mail). The manager cannot read a stranger's account, so this runs as
-- the owner; it answers nothing, as adding staff answers the same with or without an account.
CREATE OR REPLACE FUNCTION notify_invitation(p_invitation_id uuid, p_mail boolean)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $fn$
DECLARE
  v_center uuid := app_current_center();
  v_user uuid;
  v_email text;
BEGIN
  IF v_center IS NULL THEN
    RETURN;
  END IF;
  SELECT u.id, u.email INTO v_user, v_email
    FROM "StaffInvitation" i JOIN "User" u ON u.email = i.email
   WHERE i.id = p_invitation_id AND i."centerId" = v_center AND i.status = 'PENDING' AND u."disabledAt" IS NULL;
  IF v_user IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO "Notification" ("centerId", "userId", kind, "subjectId", occasion)
    VALUES (v_center, v_user, 'INVITATION', p_invitation_id, '') ON CONFLICT DO NOTHING;
  IF p_mail THEN
    INSERT INTO "MailOutbox" ("centerId", "userId", kind, "subjectId", occasion, "toAddress", path)
      VALUES (v_center, v_user, 'INVITATION', p_invitation_id, '', v_email, '/account') ON CONFLICT DO NOTHING;
  END IF;
END
$fn$;
REVOKE ALL ON FUNCTION notify_invitation(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notify_invitation(uuid, boolean) TO opora_app;
