-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SettlementKind" AS ENUM ('CITY', 'VILLAGE');

-- CreateEnum
CREATE TYPE "TargetGroupAudience" AS ENUM ('CHILD', 'PARENT', 'FAMILY');

-- CreateEnum
CREATE TYPE "PartnerKind" AS ENUM ('HOSPITAL', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'CHILD_PROTECTION_DEPARTMENT', 'SCHOOL', 'KINDERGARTEN', 'MUNICIPALITY', 'INTERNATIONAL_ORGANIZATION', 'DONOR', 'NGO', 'COURT', 'OTHER');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('BG', 'EN');

-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE', 'NETWORK_ANALYST', 'NETWORK_ADMIN', 'MUNICIPAL_VIEWER');

-- CreateEnum
CREATE TYPE "TeamKind" AS ENUM ('MULTIDISCIPLINARY', 'MOBILE', 'OTHER');

-- CreateEnum
CREATE TYPE "ServiceAccess" AS ENUM ('OPEN_ACCESS', 'SPECIALISED');

-- CreateEnum
CREATE TYPE "DeliveryMode" AS ENUM ('IN_CENTER', 'AT_HOME', 'FIELD', 'ONLINE');

-- CreateEnum
CREATE TYPE "ClientKind" AS ENUM ('CHILD', 'ADULT');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Relationship" AS ENUM ('MOTHER', 'FATHER', 'CHILD', 'SIBLING', 'GRANDPARENT', 'FOSTER_PARENT', 'ADOPTIVE_PARENT', 'GUARDIAN', 'PARTNER', 'OTHER_RELATIVE', 'OTHER');

-- CreateEnum
CREATE TYPE "ReferralSource" AS ENUM ('CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'GENERAL_PRACTITIONER', 'COURT', 'POLICE', 'MUNICIPALITY', 'NGO', 'SELF', 'OTHER');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE', 'CLOSED');

-- CreateEnum
CREATE TYPE "ClosureOutcome" AS ENUM ('GOALS_MET', 'FAMILY_REINTEGRATION', 'ABANDONMENT_PREVENTED', 'PLACEMENT_PREVENTED', 'SCHOOL_RETURN', 'MOVED_AWAY', 'REFUSED', 'TRANSFERRED', 'NOT_ELIGIBLE', 'CONTACT_LOST', 'OTHER');

-- CreateEnum
CREATE TYPE "CaseParticipantRole" AS ENUM ('CHILD', 'PARENT', 'CAREGIVER', 'SIBLING', 'OTHER');

-- CreateEnum
CREATE TYPE "SupportPlanStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "GoalStatus" AS ENUM ('OPEN', 'ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED', 'DROPPED');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('CONTINUE', 'REVISE_PLAN', 'CLOSE_CASE');

-- CreateEnum
CREATE TYPE "SessionFormat" AS ENUM ('INDIVIDUAL', 'GROUP');

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('CONSULTATION', 'THERAPY', 'ASSESSMENT', 'MEDIATION', 'TRAINING', 'HOME_VISIT', 'FIELD_VISIT', 'CASE_CONFERENCE', 'INFORMATION', 'OTHER');

-- CreateEnum
CREATE TYPE "Confidentiality" AS ENUM ('TEAM', 'RESTRICTED');

-- CreateEnum
CREATE TYPE "GroupProgramKind" AS ENUM ('SCHOOL_FOR_YOUNG_PARENTS', 'FOSTER_ADOPTIVE_PARENT_TRAINING', 'SOCIALIZING_ACTIVITIES', 'INDEPENDENT_LIVING_SKILLS', 'PARENT_SUPPORT_GROUP', 'OTHER');

-- CreateEnum
CREATE TYPE "ContactChannel" AS ENUM ('IN_PERSON', 'PHONE', 'ONLINE', 'FIELD');

-- CreateEnum
CREATE TYPE "AgeBand" AS ENUM ('AGE_0_2', 'AGE_3_6', 'AGE_7_13', 'AGE_14_17', 'AGE_18_29', 'AGE_30_64', 'AGE_65_PLUS', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "ConsentPurpose" AS ENUM ('SERVICE_DELIVERY', 'PERSONAL_DATA_PROCESSING', 'SHARING_WITH_CHILD_PROTECTION', 'SHARING_WITH_PARTNERS', 'PHOTO_AND_VIDEO', 'RESEARCH');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'LOGIN', 'LOGIN_FAILED', 'LOGOUT', 'SWITCH_MEMBERSHIP');

-- CreateTable
CREATE TABLE "Municipality" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "regionBg" TEXT NOT NULL,
    "regionEn" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "population" INTEGER,

    CONSTRAINT "Municipality_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Settlement" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "ekatte" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" "SettlementKind" NOT NULL,
    "municipalityId" UUID NOT NULL,

    CONSTRAINT "Settlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Profession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "Profession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceKind" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "openAccessByDefault" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ServiceKind_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TargetGroup" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "audience" "TargetGroupAudience" NOT NULL,

    CONSTRAINT "TargetGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Network" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "Network_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Center" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "providerNameBg" TEXT NOT NULL,
    "providerNameEn" TEXT NOT NULL,
    "municipalityId" UUID NOT NULL,
    "addressBg" TEXT NOT NULL,
    "addressEn" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "foundedOn" DATE NOT NULL,
    "licensedCapacity" INTEGER NOT NULL,
    "networkId" UUID,
    "networkJoinedOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Center_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CenterPartnerMunicipality" (
    "centerId" UUID NOT NULL,
    "municipalityId" UUID NOT NULL,
    "since" DATE NOT NULL,
    "until" DATE,

    CONSTRAINT "CenterPartnerMunicipality_pkey" PRIMARY KEY ("centerId","municipalityId")
);

-- CreateTable
CREATE TABLE "PartnerOrganization" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "kind" "PartnerKind" NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT,
    "since" DATE,
    "note" TEXT,

    CONSTRAINT "PartnerOrganization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "preferredLanguage" "Language" NOT NULL DEFAULT 'BG',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "centerId" UUID,
    "networkId" UUID,
    "municipalityId" UUID,
    "professionId" UUID,
    "titleBg" TEXT,
    "titleEn" TEXT,
    "fte" DECIMAL(3,2),
    "startedOn" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedOn" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "activeMembershipId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "ipAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "firstFailureAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "blockedUntil" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "kind" "TeamKind" NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "centerId" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "membershipId" UUID NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("centerId","teamId","membershipId")
);

-- CreateTable
CREATE TABLE "CenterService" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "serviceKindId" UUID NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "access" "ServiceAccess" NOT NULL,
    "capacity" INTEGER,
    "deliveryModes" "DeliveryMode"[],
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "CenterService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Client" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "kind" "ClientKind" NOT NULL,
    "firstName" TEXT NOT NULL,
    "middleName" TEXT,
    "lastName" TEXT NOT NULL,
    "searchName" TEXT NOT NULL,
    "birthDate" DATE,
    "birthYear" INTEGER,
    "sex" "Sex" NOT NULL DEFAULT 'UNKNOWN',
    "settlementId" UUID,
    "address" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Household" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "settlementId" UUID,
    "address" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HouseholdMember" (
    "centerId" UUID NOT NULL,
    "householdId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "relationship" "Relationship" NOT NULL,
    "isPrimaryCaregiver" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "HouseholdMember_pkey" PRIMARY KEY ("centerId","householdId","clientId")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "childId" UUID NOT NULL,
    "householdId" UUID,
    "status" "CaseStatus" NOT NULL DEFAULT 'REFERRED',
    "referralSource" "ReferralSource" NOT NULL,
    "referralDate" DATE NOT NULL,
    "referralDocumentNumber" TEXT,
    "referralReason" TEXT,
    "referringOrganizationId" UUID,
    "leadWorkerId" UUID,
    "teamId" UUID,
    "firstSessionOn" DATE,
    "closedOn" DATE,
    "closureOutcome" "ClosureOutcome",
    "closureNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseTargetGroup" (
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "targetGroupId" UUID NOT NULL,

    CONSTRAINT "CaseTargetGroup_pkey" PRIMARY KEY ("centerId","caseId","targetGroupId")
);

-- CreateTable
CREATE TABLE "CaseParticipant" (
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "role" "CaseParticipantRole" NOT NULL,

    CONSTRAINT "CaseParticipant_pkey" PRIMARY KEY ("centerId","caseId","clientId")
);

-- CreateTable
CREATE TABLE "CaseTeamMember" (
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "membershipId" UUID NOT NULL,
    "addedOn" DATE NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseTeamMember_pkey" PRIMARY KEY ("centerId","caseId","membershipId")
);

-- CreateTable
CREATE TABLE "CaseStatusChange" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus" NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedById" UUID,
    "note" TEXT,

    CONSTRAINT "CaseStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "assessorId" UUID,
    "dueOn" DATE NOT NULL,
    "startedOn" DATE,
    "completedOn" DATE,
    "summary" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportPlan" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "status" "SupportPlanStatus" NOT NULL DEFAULT 'DRAFT',
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "reviewEveryMonths" INTEGER NOT NULL DEFAULT 3,
    "nextReviewOn" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportPlanGoal" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "description" TEXT NOT NULL,
    "targetOn" DATE,
    "status" "GoalStatus" NOT NULL DEFAULT 'OPEN',

    CONSTRAINT "SupportPlanGoal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlannedService" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "sessionsPerMonth" INTEGER,
    "note" TEXT,

    CONSTRAINT "PlannedService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanReview" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "dueOn" DATE NOT NULL,
    "heldOn" DATE,
    "decision" "ReviewDecision",
    "summary" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "serviceId" UUID NOT NULL,
    "format" "SessionFormat" NOT NULL DEFAULT 'INDIVIDUAL',
    "kind" "SessionKind" NOT NULL,
    "mode" "DeliveryMode" NOT NULL,
    "settlementId" UUID,
    "caseId" UUID,
    "groupMeetingId" UUID,
    "createdById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionStaff" (
    "centerId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "membershipId" UUID NOT NULL,

    CONSTRAINT "SessionStaff_pkey" PRIMARY KEY ("centerId","sessionId","membershipId")
);

-- CreateTable
CREATE TABLE "SessionClient" (
    "centerId" UUID NOT NULL,
    "sessionId" UUID NOT NULL,
    "clientId" UUID NOT NULL,

    CONSTRAINT "SessionClient_pkey" PRIMARY KEY ("centerId","sessionId","clientId")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "caseId" UUID,
    "sessionId" UUID,
    "authorId" UUID NOT NULL,
    "confidentiality" "Confidentiality" NOT NULL DEFAULT 'TEAM',
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupProgram" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "kind" "GroupProgramKind" NOT NULL,
    "serviceId" UUID NOT NULL,
    "nameBg" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionBg" TEXT,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "capacity" INTEGER,
    "mode" "DeliveryMode" NOT NULL DEFAULT 'IN_CENTER',
    "partnerOrganizationId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupProgram_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupProgramParticipant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "programId" UUID NOT NULL,
    "clientId" UUID,
    "displayName" TEXT,
    "birthYear" INTEGER,
    "sex" "Sex",
    "settlementId" UUID,
    "phone" TEXT,
    "enrolledOn" DATE NOT NULL,
    "leftOn" DATE,

    CONSTRAINT "GroupProgramParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMeeting" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "programId" UUID NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "topicBg" TEXT,
    "mode" "DeliveryMode" NOT NULL DEFAULT 'IN_CENTER',
    "settlementId" UUID,

    CONSTRAINT "GroupMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "centerId" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "participantId" UUID NOT NULL,
    "present" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("centerId","meetingId","participantId")
);

-- CreateTable
CREATE TABLE "OpenAccessContact" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "occurredOn" DATE NOT NULL,
    "serviceId" UUID NOT NULL,
    "channel" "ContactChannel" NOT NULL,
    "settlementId" UUID,
    "municipalityId" UUID,
    "targetGroupId" UUID,
    "ageBand" "AgeBand" NOT NULL DEFAULT 'UNKNOWN',
    "sex" "Sex" NOT NULL DEFAULT 'UNKNOWN',
    "peopleCount" INTEGER NOT NULL DEFAULT 1,
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OpenAccessContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "centerId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "purpose" "ConsentPurpose" NOT NULL,
    "givenBy" TEXT NOT NULL,
    "givenOn" DATE NOT NULL,
    "withdrawnOn" DATE,
    "documentRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "centerId" UUID,
    "userId" UUID,
    "membershipId" UUID,
    "action" "AuditAction" NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "centerId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "requestHash" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("centerId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_code_key" ON "Municipality"("code");

-- CreateIndex
CREATE INDEX "Municipality_regionCode_idx" ON "Municipality"("regionCode");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_ekatte_key" ON "Settlement"("ekatte");

-- CreateIndex
CREATE INDEX "Settlement_municipalityId_idx" ON "Settlement"("municipalityId");

-- CreateIndex
CREATE UNIQUE INDEX "Profession_code_key" ON "Profession"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceKind_code_key" ON "ServiceKind"("code");

-- CreateIndex
CREATE UNIQUE INDEX "TargetGroup_code_key" ON "TargetGroup"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Network_slug_key" ON "Network"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Center_slug_key" ON "Center"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Center_code_key" ON "Center"("code");

-- CreateIndex
CREATE INDEX "Center_municipalityId_idx" ON "Center"("municipalityId");

-- CreateIndex
CREATE INDEX "Center_networkId_idx" ON "Center"("networkId");

-- CreateIndex
CREATE INDEX "CenterPartnerMunicipality_municipalityId_idx" ON "CenterPartnerMunicipality"("municipalityId");

-- CreateIndex
CREATE INDEX "PartnerOrganization_centerId_kind_idx" ON "PartnerOrganization"("centerId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerOrganization_centerId_id_key" ON "PartnerOrganization"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE INDEX "Membership_centerId_role_idx" ON "Membership"("centerId", "role");

-- CreateIndex
CREATE INDEX "Membership_municipalityId_idx" ON "Membership"("municipalityId");

-- CreateIndex
CREATE INDEX "Membership_networkId_idx" ON "Membership"("networkId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_centerId_id_key" ON "Membership"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AuthSession_tokenHash_key" ON "AuthSession"("tokenHash");

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- CreateIndex
CREATE INDEX "Team_centerId_idx" ON "Team"("centerId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_centerId_id_key" ON "Team"("centerId", "id");

-- CreateIndex
CREATE INDEX "TeamMember_centerId_membershipId_idx" ON "TeamMember"("centerId", "membershipId");

-- CreateIndex
CREATE INDEX "CenterService_centerId_serviceKindId_idx" ON "CenterService"("centerId", "serviceKindId");

-- CreateIndex
CREATE UNIQUE INDEX "CenterService_centerId_id_key" ON "CenterService"("centerId", "id");

-- CreateIndex
CREATE INDEX "Client_centerId_searchName_idx" ON "Client"("centerId", "searchName");

-- CreateIndex
CREATE INDEX "Client_centerId_lastName_firstName_birthDate_idx" ON "Client"("centerId", "lastName", "firstName", "birthDate");

-- CreateIndex
CREATE INDEX "Client_centerId_settlementId_idx" ON "Client"("centerId", "settlementId");

-- CreateIndex
CREATE UNIQUE INDEX "Client_centerId_id_key" ON "Client"("centerId", "id");

-- CreateIndex
CREATE INDEX "Household_centerId_settlementId_idx" ON "Household"("centerId", "settlementId");

-- CreateIndex
CREATE UNIQUE INDEX "Household_centerId_id_key" ON "Household"("centerId", "id");

-- CreateIndex
CREATE INDEX "HouseholdMember_centerId_clientId_idx" ON "HouseholdMember"("centerId", "clientId");

-- CreateIndex
CREATE INDEX "Case_centerId_status_idx" ON "Case"("centerId", "status");

-- CreateIndex
CREATE INDEX "Case_centerId_leadWorkerId_status_idx" ON "Case"("centerId", "leadWorkerId", "status");

-- CreateIndex
CREATE INDEX "Case_centerId_teamId_status_idx" ON "Case"("centerId", "teamId", "status");

-- CreateIndex
CREATE INDEX "Case_centerId_childId_idx" ON "Case"("centerId", "childId");

-- CreateIndex
CREATE INDEX "Case_centerId_referralDate_idx" ON "Case"("centerId", "referralDate");

-- CreateIndex
CREATE UNIQUE INDEX "Case_centerId_id_key" ON "Case"("centerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Case_centerId_number_key" ON "Case"("centerId", "number");

-- CreateIndex
CREATE INDEX "CaseTargetGroup_targetGroupId_idx" ON "CaseTargetGroup"("targetGroupId");

-- CreateIndex
CREATE INDEX "CaseParticipant_centerId_clientId_idx" ON "CaseParticipant"("centerId", "clientId");

-- CreateIndex
CREATE INDEX "CaseTeamMember_centerId_membershipId_idx" ON "CaseTeamMember"("centerId", "membershipId");

-- CreateIndex
CREATE INDEX "CaseStatusChange_centerId_caseId_changedAt_idx" ON "CaseStatusChange"("centerId", "caseId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseStatusChange_centerId_id_key" ON "CaseStatusChange"("centerId", "id");

-- CreateIndex
CREATE INDEX "Assessment_centerId_caseId_idx" ON "Assessment"("centerId", "caseId");

-- CreateIndex
CREATE INDEX "Assessment_centerId_completedOn_dueOn_idx" ON "Assessment"("centerId", "completedOn", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_centerId_id_key" ON "Assessment"("centerId", "id");

-- CreateIndex
CREATE INDEX "SupportPlan_centerId_caseId_idx" ON "SupportPlan"("centerId", "caseId");

-- CreateIndex
CREATE INDEX "SupportPlan_centerId_status_nextReviewOn_idx" ON "SupportPlan"("centerId", "status", "nextReviewOn");

-- CreateIndex
CREATE UNIQUE INDEX "SupportPlan_centerId_id_key" ON "SupportPlan"("centerId", "id");

-- CreateIndex
CREATE INDEX "SupportPlanGoal_centerId_planId_idx" ON "SupportPlanGoal"("centerId", "planId");

-- CreateIndex
CREATE UNIQUE INDEX "SupportPlanGoal_centerId_id_key" ON "SupportPlanGoal"("centerId", "id");

-- CreateIndex
CREATE INDEX "PlannedService_centerId_planId_idx" ON "PlannedService"("centerId", "planId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedService_centerId_id_key" ON "PlannedService"("centerId", "id");

-- CreateIndex
CREATE INDEX "PlanReview_centerId_planId_idx" ON "PlanReview"("centerId", "planId");

-- CreateIndex
CREATE INDEX "PlanReview_centerId_heldOn_dueOn_idx" ON "PlanReview"("centerId", "heldOn", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "PlanReview_centerId_id_key" ON "PlanReview"("centerId", "id");

-- CreateIndex
CREATE INDEX "Session_centerId_startsAt_idx" ON "Session"("centerId", "startsAt");

-- CreateIndex
CREATE INDEX "Session_centerId_caseId_startsAt_idx" ON "Session"("centerId", "caseId", "startsAt");

-- CreateIndex
CREATE INDEX "Session_centerId_serviceId_startsAt_idx" ON "Session"("centerId", "serviceId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Session_centerId_id_key" ON "Session"("centerId", "id");

-- CreateIndex
CREATE INDEX "SessionStaff_centerId_membershipId_idx" ON "SessionStaff"("centerId", "membershipId");

-- CreateIndex
CREATE INDEX "SessionClient_centerId_clientId_idx" ON "SessionClient"("centerId", "clientId");

-- CreateIndex
CREATE INDEX "Note_centerId_caseId_createdAt_idx" ON "Note"("centerId", "caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Note_centerId_sessionId_idx" ON "Note"("centerId", "sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Note_centerId_id_key" ON "Note"("centerId", "id");

-- CreateIndex
CREATE INDEX "GroupProgram_centerId_startsOn_idx" ON "GroupProgram"("centerId", "startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "GroupProgram_centerId_id_key" ON "GroupProgram"("centerId", "id");

-- CreateIndex
CREATE INDEX "GroupProgramParticipant_centerId_programId_idx" ON "GroupProgramParticipant"("centerId", "programId");

-- CreateIndex
CREATE INDEX "GroupProgramParticipant_centerId_clientId_idx" ON "GroupProgramParticipant"("centerId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupProgramParticipant_centerId_id_key" ON "GroupProgramParticipant"("centerId", "id");

-- CreateIndex
CREATE INDEX "GroupMeeting_centerId_programId_startsAt_idx" ON "GroupMeeting"("centerId", "programId", "startsAt");

-- CreateIndex
CREATE INDEX "GroupMeeting_centerId_startsAt_idx" ON "GroupMeeting"("centerId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMeeting_centerId_id_key" ON "GroupMeeting"("centerId", "id");

-- CreateIndex
CREATE INDEX "Attendance_centerId_participantId_idx" ON "Attendance"("centerId", "participantId");

-- CreateIndex
CREATE INDEX "OpenAccessContact_centerId_occurredOn_idx" ON "OpenAccessContact"("centerId", "occurredOn");

-- CreateIndex
CREATE UNIQUE INDEX "OpenAccessContact_centerId_id_key" ON "OpenAccessContact"("centerId", "id");

-- CreateIndex
CREATE INDEX "Consent_centerId_clientId_idx" ON "Consent"("centerId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_centerId_id_key" ON "Consent"("centerId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_centerId_at_idx" ON "AuditEvent"("centerId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_centerId_entityType_entityId_idx" ON "AuditEvent"("centerId", "entityType", "entityId");

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Center" ADD CONSTRAINT "Center_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Center" ADD CONSTRAINT "Center_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterPartnerMunicipality" ADD CONSTRAINT "CenterPartnerMunicipality_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterPartnerMunicipality" ADD CONSTRAINT "CenterPartnerMunicipality_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerOrganization" ADD CONSTRAINT "PartnerOrganization_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_professionId_fkey" FOREIGN KEY ("professionId") REFERENCES "Profession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_activeMembershipId_fkey" FOREIGN KEY ("activeMembershipId") REFERENCES "Membership"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_centerId_teamId_fkey" FOREIGN KEY ("centerId", "teamId") REFERENCES "Team"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterService" ADD CONSTRAINT "CenterService_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CenterService" ADD CONSTRAINT "CenterService_serviceKindId_fkey" FOREIGN KEY ("serviceKindId") REFERENCES "ServiceKind"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Household" ADD CONSTRAINT "Household_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdMember" ADD CONSTRAINT "HouseholdMember_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdMember" ADD CONSTRAINT "HouseholdMember_centerId_householdId_fkey" FOREIGN KEY ("centerId", "householdId") REFERENCES "Household"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HouseholdMember" ADD CONSTRAINT "HouseholdMember_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_childId_fkey" FOREIGN KEY ("centerId", "childId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_householdId_fkey" FOREIGN KEY ("centerId", "householdId") REFERENCES "Household"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_referringOrganizationId_fkey" FOREIGN KEY ("centerId", "referringOrganizationId") REFERENCES "PartnerOrganization"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_leadWorkerId_fkey" FOREIGN KEY ("centerId", "leadWorkerId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_centerId_teamId_fkey" FOREIGN KEY ("centerId", "teamId") REFERENCES "Team"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTargetGroup" ADD CONSTRAINT "CaseTargetGroup_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTargetGroup" ADD CONSTRAINT "CaseTargetGroup_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTargetGroup" ADD CONSTRAINT "CaseTargetGroup_targetGroupId_fkey" FOREIGN KEY ("targetGroupId") REFERENCES "TargetGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseParticipant" ADD CONSTRAINT "CaseParticipant_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseParticipant" ADD CONSTRAINT "CaseParticipant_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseParticipant" ADD CONSTRAINT "CaseParticipant_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTeamMember" ADD CONSTRAINT "CaseTeamMember_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTeamMember" ADD CONSTRAINT "CaseTeamMember_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseTeamMember" ADD CONSTRAINT "CaseTeamMember_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStatusChange" ADD CONSTRAINT "CaseStatusChange_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStatusChange" ADD CONSTRAINT "CaseStatusChange_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseStatusChange" ADD CONSTRAINT "CaseStatusChange_centerId_changedById_fkey" FOREIGN KEY ("centerId", "changedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_centerId_assessorId_fkey" FOREIGN KEY ("centerId", "assessorId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPlan" ADD CONSTRAINT "SupportPlan_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPlan" ADD CONSTRAINT "SupportPlan_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPlanGoal" ADD CONSTRAINT "SupportPlanGoal_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPlanGoal" ADD CONSTRAINT "SupportPlanGoal_centerId_planId_fkey" FOREIGN KEY ("centerId", "planId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedService" ADD CONSTRAINT "PlannedService_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedService" ADD CONSTRAINT "PlannedService_centerId_planId_fkey" FOREIGN KEY ("centerId", "planId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedService" ADD CONSTRAINT "PlannedService_centerId_serviceId_fkey" FOREIGN KEY ("centerId", "serviceId") REFERENCES "CenterService"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanReview" ADD CONSTRAINT "PlanReview_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanReview" ADD CONSTRAINT "PlanReview_centerId_planId_fkey" FOREIGN KEY ("centerId", "planId") REFERENCES "SupportPlan"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_centerId_serviceId_fkey" FOREIGN KEY ("centerId", "serviceId") REFERENCES "CenterService"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_centerId_groupMeetingId_fkey" FOREIGN KEY ("centerId", "groupMeetingId") REFERENCES "GroupMeeting"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_centerId_createdById_fkey" FOREIGN KEY ("centerId", "createdById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_centerId_sessionId_fkey" FOREIGN KEY ("centerId", "sessionId") REFERENCES "Session"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionStaff" ADD CONSTRAINT "SessionStaff_centerId_membershipId_fkey" FOREIGN KEY ("centerId", "membershipId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionClient" ADD CONSTRAINT "SessionClient_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionClient" ADD CONSTRAINT "SessionClient_centerId_sessionId_fkey" FOREIGN KEY ("centerId", "sessionId") REFERENCES "Session"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionClient" ADD CONSTRAINT "SessionClient_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_centerId_caseId_fkey" FOREIGN KEY ("centerId", "caseId") REFERENCES "Case"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_centerId_sessionId_fkey" FOREIGN KEY ("centerId", "sessionId") REFERENCES "Session"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_centerId_authorId_fkey" FOREIGN KEY ("centerId", "authorId") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgram" ADD CONSTRAINT "GroupProgram_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgram" ADD CONSTRAINT "GroupProgram_centerId_serviceId_fkey" FOREIGN KEY ("centerId", "serviceId") REFERENCES "CenterService"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgram" ADD CONSTRAINT "GroupProgram_centerId_partnerOrganizationId_fkey" FOREIGN KEY ("centerId", "partnerOrganizationId") REFERENCES "PartnerOrganization"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgramParticipant" ADD CONSTRAINT "GroupProgramParticipant_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgramParticipant" ADD CONSTRAINT "GroupProgramParticipant_centerId_programId_fkey" FOREIGN KEY ("centerId", "programId") REFERENCES "GroupProgram"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgramParticipant" ADD CONSTRAINT "GroupProgramParticipant_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupProgramParticipant" ADD CONSTRAINT "GroupProgramParticipant_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMeeting" ADD CONSTRAINT "GroupMeeting_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMeeting" ADD CONSTRAINT "GroupMeeting_centerId_programId_fkey" FOREIGN KEY ("centerId", "programId") REFERENCES "GroupProgram"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMeeting" ADD CONSTRAINT "GroupMeeting_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_centerId_meetingId_fkey" FOREIGN KEY ("centerId", "meetingId") REFERENCES "GroupMeeting"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_centerId_participantId_fkey" FOREIGN KEY ("centerId", "participantId") REFERENCES "GroupProgramParticipant"("centerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_centerId_serviceId_fkey" FOREIGN KEY ("centerId", "serviceId") REFERENCES "CenterService"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_targetGroupId_fkey" FOREIGN KEY ("targetGroupId") REFERENCES "TargetGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpenAccessContact" ADD CONSTRAINT "OpenAccessContact_centerId_recordedById_fkey" FOREIGN KEY ("centerId", "recordedById") REFERENCES "Membership"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_centerId_clientId_fkey" FOREIGN KEY ("centerId", "clientId") REFERENCES "Client"("centerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdempotencyKey" ADD CONSTRAINT "IdempotencyKey_centerId_fkey" FOREIGN KEY ("centerId") REFERENCES "Center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
