import { areasFor } from '@opora/common/assessment';

/**
 * An `AssessmentInput` literal rating every area assessed for a person of this kind: what a
 * test passes to completeAssessment, which refuses an assessment with an area not rated.
 */
export function ratedAreas(kind: 'CHILD' | 'ADULT' = 'CHILD', rating = 'SOME_NEED'): string {
  return `{ areas: [${areasFor(kind).map((area) => `{ area: ${area}, rating: ${rating} }`).join(', ')}] }`;
}
