-- Rules of the domain that hold whatever writes the row (API, seed, import).
-- Prisma's schema language has no CHECK constraints; Prisma Migrate ignores them.

-- A membership ties a user to exactly one of: a center, the network, a municipality,
-- and the role says which.
ALTER TABLE "Membership" ADD CONSTRAINT membership_scope_matches_role CHECK (
  CASE
    WHEN "role" IN ('MANAGER', 'CASE_WORKER', 'SPECIALIST', 'SOCIAL_ASSOCIATE')
      THEN "centerId" IS NOT NULL AND "networkId" IS NULL AND "municipalityId" IS NULL
    WHEN "role" IN ('NETWORK_ANALYST', 'NETWORK_ADMIN')
      THEN "networkId" IS NOT NULL AND "centerId" IS NULL AND "municipalityId" IS NULL
    WHEN "role" = 'MUNICIPAL_VIEWER'
      THEN "municipalityId" IS NOT NULL AND "centerId" IS NULL AND "networkId" IS NULL
    ELSE false
  END
);
ALTER TABLE "Membership" ADD CONSTRAINT membership_fte_range CHECK ("fte" IS NULL OR ("fte" > 0 AND "fte" <= 1));

ALTER TABLE "Center" ADD CONSTRAINT center_capacity_positive CHECK ("licensedCapacity" >= 0);

-- A closed case has an outcome and a closing date; an open one has neither.
ALTER TABLE "Case" ADD CONSTRAINT case_closure_consistent CHECK (
  ("status" = 'CLOSED') = ("closedOn" IS NOT NULL AND "closureOutcome" IS NOT NULL)
);
ALTER TABLE "Case" ADD CONSTRAINT case_version_positive CHECK ("version" >= 1);
ALTER TABLE "Client" ADD CONSTRAINT client_version_positive CHECK ("version" >= 1);
ALTER TABLE "SupportPlan" ADD CONSTRAINT support_plan_version_positive CHECK ("version" >= 1);
ALTER TABLE "Client" ADD CONSTRAINT client_birth_year_range CHECK ("birthYear" IS NULL OR "birthYear" BETWEEN 1900 AND 2100);

ALTER TABLE "Session" ADD CONSTRAINT session_duration_range CHECK ("durationMinutes" > 0 AND "durationMinutes" <= 1440);
ALTER TABLE "GroupMeeting" ADD CONSTRAINT group_meeting_duration_range CHECK ("durationMinutes" > 0 AND "durationMinutes" <= 1440);
-- A session held at a group meeting is group work.
ALTER TABLE "Session" ADD CONSTRAINT session_meeting_is_group CHECK ("groupMeetingId" IS NULL OR "format" = 'GROUP');

-- A participant is a client or a light registration with at least a name.
ALTER TABLE "GroupProgramParticipant" ADD CONSTRAINT participant_client_or_light CHECK (
  "clientId" IS NOT NULL OR ("displayName" IS NOT NULL AND length(btrim("displayName")) > 0)
);

ALTER TABLE "OpenAccessContact" ADD CONSTRAINT open_access_people_positive CHECK ("peopleCount" BETWEEN 1 AND 500);
ALTER TABLE "Consent" ADD CONSTRAINT consent_withdrawn_after_given CHECK ("withdrawnOn" IS NULL OR "withdrawnOn" >= "givenOn");
ALTER TABLE "Assessment" ADD CONSTRAINT assessment_completed_after_start CHECK ("completedOn" IS NULL OR "startedOn" IS NULL OR "completedOn" >= "startedOn");
