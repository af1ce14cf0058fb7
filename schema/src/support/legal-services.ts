import type { LegalServiceType, ServiceAccess } from '@opora/prisma/client';

// The legal service types of the Social Services Act (чл. 15 ЗСУ) under which a Community Support
// Center reports each year: open access — information; counselling and training; mobile preventive
// work in the community — and specialised — information and counselling; therapy and rehabilitation;
// skills training; advocacy and mediation. A center's own services (its activity names) stay its
// own; each is tagged under one legal type by its catalogue kind and its access.

const OPEN_ACCESS: Record<string, LegalServiceType> = {
  INFORMATION: 'OA_INFORMATION',
  MOBILE_COMMUNITY_WORK: 'OA_MOBILE_COMMUNITY_WORK',
};

const SPECIALISED: Record<string, LegalServiceType> = {
  INFORMATION: 'SP_INFORMATION_COUNSELLING',
  COUNSELLING: 'SP_INFORMATION_COUNSELLING',
  PSYCHOLOGICAL_COUNSELLING: 'SP_INFORMATION_COUNSELLING',
  PSYCHOLOGICAL_THERAPY: 'SP_PSYCHOLOGICAL_THERAPY',
  SPEECH_THERAPY: 'SP_PSYCHOLOGICAL_THERAPY',
  PHYSIOTHERAPY_REHABILITATION: 'SP_PSYCHOLOGICAL_THERAPY',
  EARLY_INTERVENTION: 'SP_PSYCHOLOGICAL_THERAPY',
  SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE: 'SP_PSYCHOLOGICAL_THERAPY',
  SKILLS_TRAINING: 'SP_SKILLS_TRAINING',
  INDEPENDENT_LIVING_SKILLS: 'SP_SKILLS_TRAINING',
  FOSTER_ADOPTIVE_PARENT_TRAINING: 'SP_SKILLS_TRAINING',
  PARENTAL_CAPACITY_SUPPORT: 'SP_SKILLS_TRAINING',
  MEDIATION: 'SP_ADVOCACY_MEDIATION',
  FAMILY_REINTEGRATION_SUPPORT: 'SP_ADVOCACY_MEDIATION',
  ABANDONMENT_PREVENTION: 'SP_ADVOCACY_MEDIATION',
};

/** The legal type a center's service reports under (open-access counselling, school for parents, groups: counselling and training). */
export function legalServiceType(access: ServiceAccess, kindCode: string): LegalServiceType {
  if (access === 'OPEN_ACCESS') return OPEN_ACCESS[kindCode] ?? 'OA_COUNSELLING_TRAINING';
  return SPECIALISED[kindCode] ?? 'SP_INFORMATION_COUNSELLING';
}

export const LEGAL_SERVICE_TYPES: readonly LegalServiceType[] = [
  'OA_INFORMATION', 'OA_COUNSELLING_TRAINING', 'OA_MOBILE_COMMUNITY_WORK',
  'SP_INFORMATION_COUNSELLING', 'SP_PSYCHOLOGICAL_THERAPY', 'SP_SKILLS_TRAINING', 'SP_ADVOCACY_MEDIATION',
];
