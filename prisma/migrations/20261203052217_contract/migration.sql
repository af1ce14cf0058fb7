-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('DRAFT', 'SIGNED', 'ENDED');

-- CreateEnum
CREATE TYPE "ContractEndGround" AS ENUM ('TERM_EXPIRED', 'MUTUAL_CONSENT', 'PERSON_REQUEST', 'PERSON_DIED', 'PROVIDER_CEASED', 'PERSON_BREACH', 'GOALS_ACHIEVED', 'OTHER');

-- CreateTable
CREATE TABLE "Contract" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "contractDate" DATE NOT NULL,
    "representativeId" UUID,
    "providerSignatoryId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "feeAmount" DECIMAL(10,2),
    "feeNote" TEXT,
    "status" "ContractStatus" NOT NULL DEFAULT 'DRAFT',
    "signedOn" DATE,
    "endedOn" DATE,
    "endGround" "ContractEndGround",
    "endNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractService" (
    "centerId" UUID NOT NULL,
    "contractId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,

    CONSTRAINT "ContractService_pkey" PRIMARY KEY ("centerId","contractId","serviceId")
);

-- CreateTable
CREATE TABLE "ContractExtension" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "contractId" UUID NOT NULL,
    "extendedOn" DATE NOT NULL,
    "previousEndsOn" DATE NOT NULL,
    "newEndsOn" DATE NOT NULL,
    "ground" TEXT NOT NULL,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContractExtension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Contract_centerId_caseId_idx" ON "Contract"("centerId", "caseId");

-- CreateIndex
CREATE INDEX "Contract_centerId_status_endsOn_idx" ON "Contract"("centerId", "status", "endsOn");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_centerId_id_key" ON "Contract"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_centerId_number_key" ON "Contract"("centerId", "number");

-- CreateIndex
CREATE INDEX "ContractService_centerId_serviceId_idx" ON "ContractService"("centerId", "serviceId");

-- CreateIndex
CREATE INDEX "ContractExtension_centerId_contractId_idx" ON "ContractExtension"("centerId", "contractId");

-- CreateIndex
CREATE UNIQUE INDEX "ContractExtension_centerId_id_key" ON "ContractExtension"("centerId", "id");

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_centerId_representativeId_fkey" FOREIGN KEY ("centerId", "representativeId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_centerId_providerSignatoryId_fkey" FOREIGN KEY ("centerId", "providerSignatoryId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractService" ADD CONSTRAINT "ContractService_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractService" ADD CONSTRAINT "ContractService_centerId_contractId_fkey" FOREIGN KEY ("centerId", "contractId") REFERENCES "Contract"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractService" ADD CONSTRAINT "ContractService_centerId_serviceId_fkey" FOREIGN KEY ("centerId", "serviceId") REFERENCES "CenterService"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractExtension" ADD CONSTRAINT "ContractExtension_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractExtension" ADD CONSTRAINT "ContractExtension_centerId_contractId_fkey" FOREIGN KEY ("centerId", "contractId") REFERENCES "Contract"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContractExtension" ADD CONSTRAINT "ContractExtension_centerId_recordedById_fkey" FOREIGN KEY ("centerId", "recordedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─────────────────────────── Hand-written: the contract for using the service ───────────────────────────
--
-- The contract (договор за ползване на социална услуга, issue #15 item 4) follows the individual
-- support plan; signing it moves the case to "Active". Existing cases get no contract row: no
-- contract was recorded before, and none is derived or invented (an active case may record its
-- contract later, from the case page).

-- Tenant isolation, as every center-owned table.
ALTER TABLE "Contract" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Contract" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Contract"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE ON "Contract" TO opora_app;

ALTER TABLE "ContractService" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ContractService" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ContractService"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
GRANT SELECT, INSERT, UPDATE, DELETE ON "ContractService" TO opora_app;

ALTER TABLE "ContractExtension" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ContractExtension" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ContractExtension"
  USING ("centerId" = app_current_center()) WITH CHECK ("centerId" = app_current_center());
-- An extension is history: added, never changed or removed.
GRANT SELECT, INSERT ON "ContractExtension" TO opora_app;

-- A case has at most one contract that has not ended (the API refuses first, with a message).
CREATE UNIQUE INDEX "Contract_one_live_per_case" ON "Contract" ("centerId", "caseId") WHERE "status" <> 'ENDED';

-- The record's own consistency: a signed contract has its signing date, an ended one its end
-- date and ground; dates in order; a fee is not negative.
ALTER TABLE "Contract" ADD CONSTRAINT contract_signed_has_date CHECK (("status" = 'DRAFT') = ("signedOn" IS NULL));
ALTER TABLE "Contract" ADD CONSTRAINT contract_ended_has_ground
  CHECK (("status" = 'ENDED') = ("endedOn" IS NOT NULL) AND ("endedOn" IS NULL) = ("endGround" IS NULL));
ALTER TABLE "Contract" ADD CONSTRAINT contract_term_in_order CHECK ("endsOn" >= "startsOn");
ALTER TABLE "Contract" ADD CONSTRAINT contract_fee_not_negative CHECK ("feeAmount" IS NULL OR "feeAmount" >= 0);
ALTER TABLE "ContractExtension" ADD CONSTRAINT contract_extension_later CHECK ("newEndsOn" > "previousEndsOn");
