import { documentWords } from '@opora/common/vocabulary';
import type { DocumentKind } from '../kind.ts';
import { contractBlocks } from '../sections.ts';
import { auditPersons, caseRecord, centerHeading, formatDay, personName, producedBy, safeFilename, staffName, uuidOf } from '../source.ts';
import { missingAnswer } from '../../support/restriction.ts';

// The contract for using the social service (договор за ползване на социална услуга), from the
// Contract record: its number and date, the parties (the provider through the center and its
// signatory; the person, for a child through the legal representative), the services, start,
// end and term, the fee or that the services are free, the plan it follows, every extension
// (annex) with its ground, and its end with the ground; places for both parties' signatures.
// Read by the case team, like the case's other documents.

export const contract: DocumentKind = {
  name: 'contract',
  subjectType: 'Contract',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    const contractId = uuidOf(ctx, id, 'Contract');
    const found = await ctx.db.contract.findUnique({ where: { id: contractId }, select: { caseId: true } });
    if (!found) throw await missingAnswer(ctx, contractId);
    const c = await caseRecord(ctx, found.caseId, 'contract');
    const k = c.contracts.find((x) => x.id === contractId)!;
    if (k.representative) auditPersons(ctx, 'contract', [k.representative.id]);
    const center = await centerHeading(ctx, lang);
    const person = personName(c.person);
    const representative = k.representative ? personName(k.representative) : null;
    return {
      document: {
        lang,
        title: w('contract'),
        subtitle: `${w('contractNumber')} ${k.number} · ${formatDay(k.contractDate, lang)} · ${w('caseNumber')} ${c.number}`,
        center,
        blocks: [
          {
            kind: 'paragraph',
            text: w('contractText', {
              day: formatDay(k.contractDate, lang),
              provider: center.provider,
              center: center.name,
              person,
              representative: representative ? w('throughRepresentative', { name: representative }) : '',
            }),
          },
          ...contractBlocks(k, c, center, lang),
          { kind: 'paragraph', text: w('contractTerms'), italic: true },
          {
            kind: 'signatures',
            signers: [
              { role: w('forTheProvider'), name: staffName(k.providerSignatory) },
              representative ? { role: w('legalRepresentative'), name: representative } : { role: w('thePerson'), name: person },
            ],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(c.number, 'contract', k.number),
      subject: { entityType: 'Contract', entityId: k.id },
    };
  },
};
