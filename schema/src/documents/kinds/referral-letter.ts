import { documentWords, enumLabel } from '@opora/common/vocabulary';
import { invalidFields, type FieldIssue } from '../../support/errors.ts';
import { idOf } from '../../support/global-id.ts';
import type { DocumentKind } from '../kind.ts';
import { assessmentBlocks, personBlock, planBlocks, sessionsByKindBlock, staffSigners } from '../sections.ts';
import { caseOnTeam, caseRecord, caseSessions, centerHeading, formatDay, managerName, named, personName, previousOf, producedBy, safeFilename, uuidOf } from '../source.ts';

// A referral of the case's child to another agency: to one of the center's partner
// organisations (`partner`, a PartnerOrganization id; another center's reads as unknown), why
// (`reason`, required), and what was done: sessions by kind, the latest completed assessment,
// the plan in effect (or the latest). Signed by the lead worker and the manager.

export const REFERRAL_REASON_MAX = 2000;

export const referralLetter: DocumentKind = {
  name: 'referral-letter',
  subjectType: 'Case',
  async build({ ctx, id, lang, params }) {
    const w = documentWords(lang);
    const caseId = uuidOf(ctx, id, 'Case');
    // The arguments after the case check (an outsider learns nothing from their errors) and
    // before the record is read (bad arguments read no one).
    await caseOnTeam(ctx, caseId);
    const issues: FieldIssue[] = [];
    const reason = (params.reason ?? '').trim();
    if (!reason) issues.push({ path: 'reason', messageKey: 'required' });
    else if (reason.length > REFERRAL_REASON_MAX) issues.push({ path: 'reason', messageKey: 'tooLong', params: { max: REFERRAL_REASON_MAX } });
    const toId = params.partner ? idOf(params.partner, 'PartnerOrganization') : null;
    const partner = toId ? await ctx.db.partnerOrganization.findUnique({ where: { id: toId }, select: { nameBg: true, nameEn: true, kind: true } }) : null;
    if (!partner) issues.push({ path: 'partner', messageKey: params.partner ? 'unknownReference' : 'required' });
    if (issues.length) throw invalidFields(ctx.locale, issues);
    const c = await caseRecord(ctx, caseId, 'referral-letter');

    const sessions = await caseSessions(ctx, c.id);
    const assessment = [...c.assessments].reverse().find((a) => a.completedOn);
    const plan = c.supportPlans.find((p) => p.status === 'ACTIVE') ?? c.supportPlans.at(-1);
    const center = await centerHeading(ctx, lang);
    return {
      document: {
        lang,
        title: w('referralLetter'),
        subtitle: `${w('caseNumber')} ${c.number}`,
        center,
        blocks: [
          { kind: 'fields', rows: [[w('addressee'), `${named(partner, lang)} (${enumLabel('PartnerKind', partner!.kind, lang)})`]] },
          { kind: 'paragraph', text: w('referralText', { center: center.name, person: personName(c.person), number: c.number }) },
          { kind: 'heading', text: w('theChild') },
          personBlock(c.person, lang),
          { kind: 'heading', text: w('reasonForReferral') },
          { kind: 'paragraph', text: reason },
          { kind: 'heading', text: w('workDone') },
          {
            kind: 'fields',
            rows: [
              [w('referralDate'), formatDay(c.referralDate, lang)],
              [w('status'), enumLabel('CaseStatus', c.status, lang)],
            ],
          },
          { kind: 'subheading', text: w('sessionsByKind') },
          sessionsByKindBlock(sessions, lang),
          ...(assessment ? assessmentBlocks(assessment, lang, { heading: w('latestAssessment'), personKind: c.person.kind, previous: await previousOf(ctx, c, assessment) }) : []),
          ...(plan ? planBlocks(plan, lang, { heading: w('currentPlan'), versions: c.supportPlans }) : []),
          { kind: 'paragraph', text: w('referralConsentNote'), italic: true },
          { kind: 'signatures', signers: staffSigners(c, lang, await managerName(ctx)) },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'referral-letter'),
      subject: { entityType: 'Case', entityId: c.id },
      detail: { partner: toId },
    };
  },
};
