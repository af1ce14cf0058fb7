// The tables the national generator fills, parents before children, with the columns it
// writes (every other column keeps its default). Order matters only where foreign keys are
// checked while loading (PGlite); on PostgreSQL the keys are added back after the load.

export const TABLES = {
  Municipality: ['id', 'code', 'nameBg', 'nameEn', 'regionBg', 'regionEn', 'regionCode', 'population'],
  Settlement: ['id', 'ekatte', 'nameBg', 'nameEn', 'kind', 'municipalityId'],
  Network: ['id', 'slug', 'nameBg', 'nameEn'],
  Center: [
    'id', 'slug', 'code', 'nameBg', 'nameEn', 'providerNameBg', 'providerNameEn', 'municipalityId', 'addressBg', 'addressEn',
    'phone', 'email', 'foundedOn', 'licensedCapacity', 'networkId', 'networkJoinedOn', 'createdAt',
  ],
  CenterPartnerMunicipality: ['centerId', 'municipalityId', 'since'],
  PartnerOrganization: ['id', 'centerId', 'kind', 'nameBg', 'nameEn', 'since'],
  User: ['id', 'email', 'passwordHash', 'displayName', 'preferredLanguage', 'createdAt'],
  Membership: ['id', 'userId', 'role', 'centerId', 'networkId', 'municipalityId', 'professionId', 'titleBg', 'titleEn', 'fte', 'startedOn', 'createdAt'],
  Team: ['id', 'centerId', 'kind', 'nameBg', 'nameEn'],
  TeamMember: ['centerId', 'teamId', 'membershipId'],
  CenterService: ['id', 'centerId', 'serviceKindId', 'nameBg', 'nameEn', 'access', 'capacity', 'deliveryModes', 'active'],
  Client: [
    'id', 'centerId', 'kind', 'firstName', 'middleName', 'lastName', 'searchName', 'birthDate', 'birthYear', 'sex', 'settlementId',
    'address', 'version', 'createdAt', 'updatedAt',
  ],
  Household: ['id', 'centerId', 'name', 'settlementId', 'address', 'version', 'createdAt', 'updatedAt'],
  HouseholdMember: ['centerId', 'householdId', 'clientId', 'relationship', 'isPrimaryCaregiver'],
  Case: [
    'id', 'centerId', 'number', 'childId', 'householdId', 'status', 'intakeRoute', 'legalReferrer', 'concernRaisedBy', 'requestDate',
    'referralDocumentDate', 'referralDate', 'referralDocumentNumber',
    'referralReason', 'referringOrganizationId', 'leadWorkerId', 'teamId', 'firstSessionOn', 'closedOn', 'closureOutcome',
    'closureNote', 'version', 'createdAt', 'updatedAt',
  ],
  CaseTargetGroup: ['centerId', 'caseId', 'targetGroupId'],
  CaseParticipant: ['centerId', 'caseId', 'clientId', 'role'],
  CaseTeamMember: ['centerId', 'caseId', 'membershipId', 'addedOn'],
  CaseStatusChange: ['id', 'centerId', 'caseId', 'fromStatus', 'toStatus', 'changedAt', 'changedById', 'note'],
  Assessment: ['id', 'centerId', 'caseId', 'assessorId', 'dueOn', 'startedOn', 'completedOn', 'summary', 'version', 'createdAt', 'updatedAt'],
  SupportPlan: ['id', 'centerId', 'caseId', 'status', 'startsOn', 'endsOn', 'reviewEveryMonths', 'nextReviewOn', 'version', 'createdAt', 'updatedAt'],
  SupportPlanGoal: ['id', 'centerId', 'planId', 'position', 'description', 'targetOn', 'status'],
  PlannedService: ['id', 'centerId', 'planId', 'serviceId', 'sessionsPerMonth'],
  PlanReview: ['id', 'centerId', 'planId', 'dueOn', 'heldOn', 'decision', 'summary', 'createdAt'],
  GroupProgram: ['id', 'centerId', 'kind', 'serviceId', 'nameBg', 'nameEn', 'startsOn', 'endsOn', 'capacity', 'mode', 'createdAt'],
  GroupProgramParticipant: ['id', 'centerId', 'programId', 'clientId', 'displayName', 'birthYear', 'sex', 'settlementId', 'enrolledOn', 'leftOn'],
  GroupMeeting: ['id', 'centerId', 'programId', 'startsAt', 'durationMinutes', 'topicBg', 'mode', 'settlementId', 'status', 'statusChangedAt'],
  Attendance: ['centerId', 'meetingId', 'participantId', 'present'],
  Session: [
    'id', 'centerId', 'startsAt', 'durationMinutes', 'serviceId', 'format', 'kind', 'mode', 'settlementId', 'caseId', 'groupMeetingId',
    'createdById', 'version', 'createdAt', 'updatedAt',
  ],
  SessionStaff: ['centerId', 'sessionId', 'membershipId'],
  SessionClient: ['centerId', 'sessionId', 'clientId'],
  Note: ['id', 'centerId', 'caseId', 'sessionId', 'authorId', 'confidentiality', 'body', 'createdAt'],
  OpenAccessContact: [
    'id', 'centerId', 'occurredOn', 'serviceId', 'channel', 'settlementId', 'municipalityId', 'targetGroupId', 'ageBand', 'sex',
    'peopleCount', 'recordedById', 'createdAt',
  ],
  Consent: ['id', 'centerId', 'clientId', 'purpose', 'givenBy', 'givenOn', 'withdrawnOn', 'createdAt'],
} as const satisfies Record<string, readonly string[]>;

export type TableName = keyof typeof TABLES;
export const TABLE_ORDER = Object.keys(TABLES) as TableName[];

/** Shared catalogue tables the generator extends (synthetic municipalities) but never empties. */
export const CATALOGUE_TABLES: readonly TableName[] = ['Municipality', 'Settlement'];

export function copySql(table: TableName, source = 'STDIN'): string {
  const cols = TABLES[table].map((c) => `"${c}"`).join(', ');
  return `COPY "${table}" (${cols}) FROM ${source}`;
}
