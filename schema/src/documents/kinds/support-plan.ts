import { notFound } from '../../support/errors.ts';
import type { DocumentKind } from '../kind.ts';
import { personBlock, planBlocks } from '../sections.ts';
import { caseRecord, centerHeading, managerName, producedBy, safeFilename, staffName, uuidOf } from '../source.ts';
import { documentWords } from '@opora/common/vocabulary';

// The individual support plan (ИПП) with its goals, planned services and reviews, as the current
// model holds it. Signed by the lead worker, the manager and the client or legal representative.

export const supportPlan: DocumentKind = {
  name: 'support-plan',
  subjectType: 'SupportPlan',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const planId = uuidOf(ctx, id, 'SupportPlan');
    const found = await ctx.db.supportPlan.findUnique({ where: { id: planId }, select: { caseId: true } });
    if (!found) throw notFound(ctx.locale);
    const c = await caseRecord(ctx, found.caseId, 'support-plan');
    const p = c.supportPlans.find((x) => x.id === planId)!;
    return {
      document: {
        lang,
        title: w('supportPlan'),
        subtitle: `${w('caseNumber')} ${c.number}`,
        center: await centerHeading(ctx, lang),
        blocks: [
          { kind: 'heading', text: w('theChild') },
          personBlock(c.person, lang),
          { kind: 'heading', text: w('supportPlan') },
          ...planBlocks(p, lang),
          {
            kind: 'signatures',
            signers: [
              { role: w('leadWorker'), name: staffName(c.leadWorker) },
              { role: w('manager'), name: await managerName(ctx) },
              { role: w('clientOrRepresentative'), name: null },
            ],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'support-plan'),
      subject: { entityType: 'SupportPlan', entityId: p.id },
    };
  },
};
