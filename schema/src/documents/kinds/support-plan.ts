import { documentWords } from '@opora/common/vocabulary';
import type { DocumentKind } from '../kind.ts';
import { participantSigners, personBlock, planBlocks } from '../sections.ts';
import { caseRecord, centerHeading, formatDay, managerName, producedBy, safeFilename, staffName, uuidOf } from '../source.ts';
import { missingAnswer } from '../../support/restriction.ts';

// The individual support plan (ИПП), one version: its number and the version it revises, goals
// tied to the assessed areas, services with frequency, place and the responsible worker, who took
// part, the reviews, and the history of the case's plan versions. Signed by the lead worker, the
// manager and each participant recorded (or the client or legal representative).

export const supportPlan: DocumentKind = {
  name: 'support-plan',
  subjectType: 'SupportPlan',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const planId = uuidOf(ctx, id, 'SupportPlan');
    const found = await ctx.db.supportPlan.findUnique({ where: { id: planId }, select: { caseId: true } });
    if (!found) throw await missingAnswer(ctx, planId);
    const c = await caseRecord(ctx, found.caseId, 'support-plan');
    const p = c.supportPlans.find((x) => x.id === planId)!;
    return {
      document: {
        lang,
        title: w('supportPlan'),
        subtitle: `${w('caseNumber')} ${c.number} · ${w('revision')} ${p.revisionNumber} · ${formatDay(p.startsOn, lang)}`,
        center: await centerHeading(ctx, lang),
        blocks: [
          { kind: 'heading', text: w('theChild') },
          personBlock(c.person, lang),
          { kind: 'heading', text: w('supportPlan') },
          ...planBlocks(p, lang, { versions: c.supportPlans }),
          {
            kind: 'signatures',
            signers: [
              { role: w('leadWorker'), name: staffName(c.leadWorker) },
              { role: w('manager'), name: await managerName(ctx) },
              ...participantSigners(p.participants, lang),
            ],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'support-plan', `v${p.revisionNumber}`),
      subject: { entityType: 'SupportPlan', entityId: p.id },
    };
  },
};
