-- CreateEnum
CREATE TYPE "AttachmentStorage" AS ENUM ('DATABASE', 'OBJECT_STORE');

-- AlterTable
ALTER TABLE "Center" ADD COLUMN     "attachmentMaxBytes" INTEGER NOT NULL DEFAULT 10485760,
ADD COLUMN     "attachmentMaxPerRecord" INTEGER NOT NULL DEFAULT 20;

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "clientId" UUID,
    "caseId" UUID,
    "assessmentId" UUID,
    "supportPlanId" UUID,
    "consentId" UUID,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" "AttachmentStorage" NOT NULL DEFAULT 'DATABASE',
    "objectKey" TEXT,
    "uploadedById" UUID,
    "uploadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voidedAt" TIMESTAMP(3),
    "voidedById" UUID,
    "voidReason" TEXT,
    "erasedAt" TIMESTAMP(3),
    "erasedById" UUID,
    "erasureReason" TEXT,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttachmentContent" (
    "attachmentId" UUID NOT NULL,
    "centerId" UUID NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "AttachmentContent_pkey" PRIMARY KEY ("attachmentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_objectKey_key" ON "Attachment"("objectKey");

-- CreateIndex
CREATE INDEX "Attachment_centerId_clientId_idx" ON "Attachment"("centerId", "clientId");

-- CreateIndex
CREATE INDEX "Attachment_centerId_caseId_idx" ON "Attachment"("centerId", "caseId");

-- CreateIndex
CREATE INDEX "Attachment_centerId_assessmentId_idx" ON "Attachment"("centerId", "assessmentId");

-- CreateIndex
CREATE INDEX "Attachment_centerId_supportPlanId_idx" ON "Attachment"("centerId", "supportPlanId");

-- CreateIndex
CREATE INDEX "Attachment_centerId_consentId_idx" ON "Attachment"("centerId", "consentId");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_centerId_id_key" ON "Attachment"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AttachmentContent_centerId_attachmentId_key" ON "AttachmentContent"("centerId", "attachmentId");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_assessmentId_fkey" FOREIGN KEY ("centerId", "assessmentId") REFERENCES "Assessment"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_supportPlanId_fkey" FOREIGN KEY ("centerId", "supportPlanId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_consentId_fkey" FOREIGN KEY ("centerId", "consentId") REFERENCES "Consent"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_uploadedById_fkey" FOREIGN KEY ("centerId", "uploadedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_voidedById_fkey" FOREIGN KEY ("centerId", "voidedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_erasedById_fkey" FOREIGN KEY ("centerId", "erasedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttachmentContent" ADD CONSTRAINT "AttachmentContent_centerId_attachmentId_fkey" FOREIGN KEY ("centerId", "attachmentId") REFERENCES "Attachment"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─────────────────────────── Hand-written: one owner, never deleted, RLS ───────────────────────────
--
-- A file belongs to exactly one record: a client, a case, an assessment, a support plan or a
-- consent. Each owner is a nullable column with a composite (centerId, id) foreign key, so a file
-- can never hang off another center's record; adding an owner kind (the contract) is one
-- migration: its column, its foreign key, and this CHECK restated with it.
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_one_owner
  CHECK (num_nonnulls("clientId", "caseId", "assessmentId", "supportPlanId", "consentId") = 1);

-- Voided and erased each name who, when and why, all together or not at all.
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_void_complete
  CHECK (("voidedAt" IS NULL) = ("voidReason" IS NULL) AND ("voidedAt" IS NULL) = ("voidedById" IS NULL));
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_erasure_complete
  CHECK (("erasedAt" IS NULL) = ("erasureReason" IS NULL) AND ("erasedAt" IS NULL) = ("erasedById" IS NULL));
-- The object store's content has a key; the database's has none.
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_storage_key
  CHECK (("storage" = 'OBJECT_STORE') = ("objectKey" IS NOT NULL));
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_size CHECK ("byteSize" > 0);

-- Voiding and erasing are one way: once set, never cleared or rewritten.
CREATE OR REPLACE FUNCTION attachment_one_way() RETURNS trigger
  LANGUAGE plpgsql AS $fn$
BEGIN
  IF (OLD."voidedAt" IS NOT NULL AND NEW."voidedAt" IS DISTINCT FROM OLD."voidedAt")
     OR (OLD."erasedAt" IS NOT NULL AND NEW."erasedAt" IS DISTINCT FROM OLD."erasedAt") THEN
    RAISE EXCEPTION 'an attachment''s void or erasure cannot be undone' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER attachment_one_way BEFORE UPDATE ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION attachment_one_way();

ALTER TABLE "Attachment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Attachment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Attachment"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
-- Never deleted; after the upload only the void and the erasure are written.
GRANT SELECT, INSERT ON "Attachment" TO opora_app;
GRANT UPDATE ("voidedAt", "voidedById", "voidReason", "erasedAt", "erasedById", "erasureReason") ON "Attachment" TO opora_app;

ALTER TABLE "AttachmentContent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AttachmentContent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "AttachmentContent"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
-- Written once; deleted only by an erasure (the metadata row stays).
GRANT SELECT, INSERT, DELETE ON "AttachmentContent" TO opora_app;

-- A center's own limits (the API also keeps them under OPORA_FILE_MAX_BYTES).
ALTER TABLE "Center" ADD CONSTRAINT center_attachment_limits
  CHECK ("attachmentMaxBytes" > 0 AND "attachmentMaxPerRecord" > 0);
