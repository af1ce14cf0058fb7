import { notFound } from '../../support/errors.ts';
import type { DocumentKind } from '../kind.ts';
import { assessmentBlocks, caseBlocks, householdBlocks, personBlock, relatedPersonIds } from '../sections.ts';
import { auditPersons, caseRecord, centerHeading, producedBy, safeFilename, staffName, uuidOf } from '../source.ts';
import { documentWords } from '@opora/common/vocabulary';

// The individual needs assessment (ИОП) as the current model holds it (dates, assessor,
// summary), with the child, the household and the referral. Signed by the assessor and the
// client or the legal representative (the regulation asks for their participation).

export const needsAssessment: DocumentKind = {
  name: 'needs-assessment',
  subjectType: 'Assessment',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const assessmentId = uuidOf(ctx, id, 'Assessment');
    const found = await ctx.db.assessment.findUnique({ where: { id: assessmentId }, select: { caseId: true } });
    if (!found) throw notFound(ctx.locale);
    const c = await caseRecord(ctx, found.caseId, 'needs-assessment');
    auditPersons(ctx, 'needs-assessment', relatedPersonIds(c));
    const a = c.assessments.find((x) => x.id === assessmentId)!;
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
          ...assessmentBlocks(a, lang),
          {
            kind: 'signatures',
            signers: [
              { role: w('assessor'), name: staffName(a.assessor) },
              { role: w('clientOrRepresentative'), name: null },
            ],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'needs-assessment'),
      subject: { entityType: 'Assessment', entityId: a.id },
    };
  },
};
