import * as enums from '@opora/prisma/client';
import { ENUM_LABELS, type Bilingual } from '@opora/common/vocabulary';
import { builder } from '../builder.ts';

// The domain's enums, exactly as the database stores them. Each value's description is its
// label from the one bilingual vocabulary (@opora/common/vocabulary), the words the screens show.
// Every enum a person reads is made here or with `labelled` (tests/src/api/vocabulary.test.ts
// walks the SDL and fails on a value without its words).
export function labelled<const V extends string>(
  name: keyof typeof ENUM_LABELS,
  values: Record<string, V> | readonly V[],
  options: { description?: string; details?: Partial<Record<V, string>> } = {},
) {
  const labels = ENUM_LABELS[name] as Record<string, Bilingual>;
  const list: readonly V[] = Array.isArray(values) ? values : Object.values(values);
  const config = Object.fromEntries(
    list.map((v) => {
      const words = labels[v] ? `${labels[v].bg} / ${labels[v].en}` : undefined;
      const detail = options.details?.[v];
      return [v, { value: v, description: words && detail ? `${words}. ${detail}` : words }];
    }),
  ) as Record<V, { value: V; description?: string }>;
  return builder.enumType(name, { values: config, ...(options.description ? { description: options.description } : {}) });
}
export const SettlementKindEnum = labelled('SettlementKind', enums.SettlementKind);
export const TargetGroupAudienceEnum = labelled('TargetGroupAudience', enums.TargetGroupAudience);
export const PartnerKindEnum = labelled('PartnerKind', enums.PartnerKind);
export const LanguageEnum = labelled('Language', enums.Language);
export const MembershipRoleEnum = labelled('MembershipRole', enums.MembershipRole);
export const TeamKindEnum = labelled('TeamKind', enums.TeamKind);
export const ServiceAccessEnum = labelled('ServiceAccess', enums.ServiceAccess);
export const DeliveryModeEnum = labelled('DeliveryMode', enums.DeliveryMode);
export const ClientKindEnum = labelled('ClientKind', enums.ClientKind);
export const SexEnum = labelled('Sex', enums.Sex);
export const RelationshipEnum = labelled('Relationship', enums.Relationship);
export const IntakeRouteEnum = labelled('IntakeRoute', enums.IntakeRoute);
export const LegalReferrerEnum = labelled('LegalReferrer', enums.LegalReferrer);
export const ConcernSourceEnum = labelled('ConcernSource', enums.ConcernSource);
export const CaseStatusEnum = labelled('CaseStatus', enums.CaseStatus);
export const ClosureOutcomeEnum = labelled('ClosureOutcome', enums.ClosureOutcome);
export const CaseParticipantRoleEnum = labelled('CaseParticipantRole', enums.CaseParticipantRole);
export const SupportPlanStatusEnum = labelled('SupportPlanStatus', enums.SupportPlanStatus);
export const GoalStatusEnum = labelled('GoalStatus', enums.GoalStatus);
export const ReviewDecisionEnum = labelled('ReviewDecision', enums.ReviewDecision);
export const AssessmentAreaEnum = labelled('AssessmentArea', enums.AssessmentArea);
export const AssessmentSideEnum = labelled('AssessmentSide', enums.AssessmentSide);
export const NeedRatingEnum = labelled('NeedRating', enums.NeedRating);
export const AssessmentChangeEnum = labelled('AssessmentChange', ['BETTER', 'SAME', 'WORSE'] as const);
export const ParticipantRoleEnum = labelled('ParticipantRole', enums.ParticipantRole);
export const FrequencyUnitEnum = labelled('FrequencyUnit', enums.FrequencyUnit);
export const ServicePlaceEnum = labelled('ServicePlace', enums.ServicePlace);
export const SessionFormatEnum = labelled('SessionFormat', enums.SessionFormat);
export const SessionKindEnum = labelled('SessionKind', enums.SessionKind);
export const ConfidentialityEnum = labelled('Confidentiality', enums.Confidentiality);
export const GroupProgramKindEnum = labelled('GroupProgramKind', enums.GroupProgramKind);
export const GroupMeetingStatusEnum = labelled('GroupMeetingStatus', enums.GroupMeetingStatus);
export const SessionStatusEnum = labelled('SessionStatus', enums.SessionStatus);
export const ContactChannelEnum = labelled('ContactChannel', enums.ContactChannel);
export const AgeBandEnum = labelled('AgeBand', enums.AgeBand);
export const ConsentPurposeEnum = labelled('ConsentPurpose', enums.ConsentPurpose);
export const AuditActionEnum = labelled('AuditAction', enums.AuditAction);
