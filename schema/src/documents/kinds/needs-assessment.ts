import { documentWords } from '@opora/common/vocabulary';
import type { DocumentKind } from '../kind.ts';
import { assessmentBlocks, caseBlocks, householdBlocks, participantSigners, personBlock, relatedPersonIds } from '../sections.ts';
import { auditPersons, caseRecord, centerHeading, previousOf, producedBy, safeFilename, staffName, uuidOf } from '../source.ts';
import { missingAnswer } from '../../support/restriction.ts';

// The individual needs assessment (ИОП) as the framework structures it: every area that applies
// to the person with its rating and notes (for a reassessment, the rating before and the change),
// risks, strengths, sources, the conclusion and who took part; with the child, the household and
// the referral. Signed by the assessor and by each participant recorded (the regulation asks for
// their participation), or by the client or the legal representative when none is recorded.

export const needsAssessment: DocumentKind = {
  name: 'needs-assessment',
  subjectType: 'Assessment',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const assessmentId = uuidOf(ctx, id, 'Assessment');
    const found = await ctx.db.assessment.findUnique({ where: { id: assessmentId }, select: { caseId: true } });
    if (!found) throw await missingAnswer(ctx, assessmentId);
    const c = await caseRecord(ctx, found.caseId, 'needs-assessment');
    auditPersons(ctx, 'needs-assessment', relatedPersonIds(c));
    const a = c.assessments.find((x) => x.id === assessmentId)!;
    const previous = await previousOf(ctx, c, a);
    return {
      document: {
        lang,
        title: w('needsAssessment'),
        subtitle: `${w('caseNumber')} ${c.number}`,
        center: await centerHeading(ctx, lang),
        blocks: [
          { kind: 'heading', text: w('theChild') },
          personBlock(c.person, lang),
          ...householdBlocks(c, lang),
          ...caseBlocks(c, lang),
          { kind: 'heading', text: w('needsAssessment') },
          ...assessmentBlocks(a, lang, { personKind: c.person.kind, previous }),
          {
            kind: 'signatures',
            signers: [{ role: w('assessor'), name: staffName(a.assessor) }, ...participantSigners(a.participants, lang)],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'needs-assessment'),
      subject: { entityType: 'Assessment', entityId: a.id },
    };
  },
};
