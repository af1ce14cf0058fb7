-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "contractId" UUID;

-- CreateIndex
CREATE INDEX "Attachment_centerId_contractId_idx" ON "Attachment"("centerId", "contractId");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_centerId_contractId_fkey" FOREIGN KEY ("centerId", "contractId") REFERENCES "Contract"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─────────────────────────── Hand-written: the contract as an owner ───────────────────────────
--
-- The signed contract's scan and its annexes are kept with the contract itself (issue 16). A file
-- still belongs to exactly one record: the CHECK of migration 20261203053238_attachments restated
-- with the new column. Every existing row has one of the five owners and no contract, so it holds.
ALTER TABLE "Attachment" DROP CONSTRAINT attachment_one_owner;
ALTER TABLE "Attachment" ADD CONSTRAINT attachment_one_owner
  CHECK (num_nonnulls("clientId", "caseId", "assessmentId", "supportPlanId", "consentId", "contractId") = 1);
-- The runtime role's SELECT and INSERT on "Attachment" are table-wide, so they cover the column;
-- it is never updated (a file never changes owner).
