// The assessment framework of the individual needs assessment (ИОП), as Bulgarian child
// protection uses it: three sides (the child's developmental needs, parenting capacity, family
// and environmental factors), each with its areas. The server checks completeness against it
// and the web groups the form by it; the words are in vocabulary.ts.

export const ASSESSMENT_SIDES = ['DEVELOPMENTAL_NEEDS', 'PARENTING_CAPACITY', 'FAMILY_ENVIRONMENT'] as const;
export type AssessmentSide = (typeof ASSESSMENT_SIDES)[number];

export type AssessmentAreaName =
  | 'HEALTH' | 'EDUCATION' | 'EMOTIONAL_BEHAVIOURAL' | 'IDENTITY' | 'FAMILY_SOCIAL_RELATIONSHIPS' | 'SELF_CARE'
  | 'BASIC_CARE' | 'SAFETY' | 'EMOTIONAL_WARMTH' | 'STIMULATION' | 'GUIDANCE_BOUNDARIES' | 'STABILITY'
  | 'FAMILY_HISTORY' | 'WIDER_FAMILY' | 'HOUSING' | 'EMPLOYMENT' | 'INCOME' | 'SOCIAL_INTEGRATION' | 'COMMUNITY_RESOURCES';

/**
 * Every area in the framework's order, its side, and whether it is assessed for an adult (a
 * parent or a candidate foster or adoptive parent in a case of their own): identity is the
 * child's; an adult's own needs, their capacity as a parent and the family's circumstances are.
 */
export const ASSESSMENT_AREAS: readonly { area: AssessmentAreaName; side: AssessmentSide; adult: boolean }[] = [
  { area: 'HEALTH', side: 'DEVELOPMENTAL_NEEDS', adult: true },
  { area: 'EDUCATION', side: 'DEVELOPMENTAL_NEEDS', adult: true },
  { area: 'EMOTIONAL_BEHAVIOURAL', side: 'DEVELOPMENTAL_NEEDS', adult: true },
  { area: 'IDENTITY', side: 'DEVELOPMENTAL_NEEDS', adult: false },
  { area: 'FAMILY_SOCIAL_RELATIONSHIPS', side: 'DEVELOPMENTAL_NEEDS', adult: true },
  { area: 'SELF_CARE', side: 'DEVELOPMENTAL_NEEDS', adult: true },
  { area: 'BASIC_CARE', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'SAFETY', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'EMOTIONAL_WARMTH', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'STIMULATION', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'GUIDANCE_BOUNDARIES', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'STABILITY', side: 'PARENTING_CAPACITY', adult: true },
  { area: 'FAMILY_HISTORY', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'WIDER_FAMILY', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'HOUSING', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'EMPLOYMENT', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'INCOME', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'SOCIAL_INTEGRATION', side: 'FAMILY_ENVIRONMENT', adult: true },
  { area: 'COMMUNITY_RESOURCES', side: 'FAMILY_ENVIRONMENT', adult: true },
];

/** The areas assessed for a case's main person (CHILD or ADULT), in the framework's order. */
export function areasFor(kind: 'CHILD' | 'ADULT' | string): AssessmentAreaName[] {
  return ASSESSMENT_AREAS.filter((a) => kind !== 'ADULT' || a.adult).map((a) => a.area);
}

export const sideOf = (area: AssessmentAreaName): AssessmentSide => ASSESSMENT_AREAS.find((a) => a.area === area)!.side;

/** The rating scale, best first: a strength, no concern, then needs of growing weight. */
export const NEED_RATINGS = ['STRENGTH', 'NO_CONCERN', 'SOME_NEED', 'SIGNIFICANT_NEED', 'SEVERE_NEED'] as const;
export type NeedRatingName = (typeof NEED_RATINGS)[number];

export type AssessmentChangeName = 'BETTER' | 'SAME' | 'WORSE';

/** A rating against the one before it on the same area: better (less need), the same, or worse. */
export function ratingChange(previous: NeedRatingName | null | undefined, now: NeedRatingName | null | undefined): AssessmentChangeName | null {
  if (!previous || !now) return null;
  const d = NEED_RATINGS.indexOf(now) - NEED_RATINGS.indexOf(previous);
  return d < 0 ? 'BETTER' : d > 0 ? 'WORSE' : 'SAME';
}
