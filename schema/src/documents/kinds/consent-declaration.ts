import { documentWords, enumLabel } from '@opora/common/vocabulary';
import type { DocumentKind } from '../kind.ts';
import { personBlock } from '../sections.ts';
import { auditPersons, centerHeading, formatDay, personName, producedBy, requireStaff, safeFilename, uuidOf } from '../source.ts';
import { missingAnswer } from '../../support/restriction.ts';

// The consent declaration: the person, who declared (the client or the legal representative),
// every purpose the same declarant gave on the same day (the declaration signed on paper), and
// the signature places. Consents are read by the center's staff (GraphQL: Consent isCenterStaff).

export const consentDeclaration: DocumentKind = {
  name: 'consent-declaration',
  subjectType: 'Consent',
  async build({ ctx, id, lang }) {
    const w = documentWords(lang);
    requireStaff(ctx);
    const consentId = uuidOf(ctx, id, 'Consent');
    const consent = await ctx.db.consent.findUnique({
      where: { id: consentId },
      select: {
        id: true, clientId: true, givenBy: true, givenOn: true, documentRef: true,
        client: {
          select: {
            id: true, kind: true, firstName: true, middleName: true, lastName: true, birthDate: true, birthYear: true, sex: true, address: true, phone: true,
            settlement: { select: { nameBg: true, nameEn: true } },
            casesAsPerson: { select: { number: true }, orderBy: [{ referralDate: 'desc' }, { id: 'asc' }], take: 1 },
          },
        },
      },
    });
    if (!consent) throw await missingAnswer(ctx, consentId);
    auditPersons(ctx, 'consent-declaration', [consent.clientId]);
    // The purposes declared together: same person, same declarant, same day.
    const together = await ctx.db.consent.findMany({
      where: { clientId: consent.clientId, givenBy: consent.givenBy, givenOn: consent.givenOn },
      select: { purpose: true, withdrawnOn: true, documentRef: true },
      orderBy: [{ purpose: 'asc' }],
    });
    const center = await centerHeading(ctx, lang);
    const person = personName(consent.client);
    const byRepresentative = consent.givenBy.trim().toLocaleLowerCase('bg') !== person.toLocaleLowerCase('bg');
    const caseNumber = consent.client.casesAsPerson[0]?.number ?? null;
    return {
      document: {
        lang,
        title: w('consentDeclaration'),
        subtitle: [consent.documentRef, caseNumber ? `${w('caseNumber')} ${caseNumber}` : null].filter(Boolean).join(' · ') || null,
        center,
        blocks: [
          { kind: 'heading', text: w('thePerson') },
          personBlock(consent.client, lang),
          { kind: 'heading', text: w('givenBy') },
          {
            kind: 'fields',
            rows: [
              [byRepresentative ? w('legalRepresentative') : w('declarant'), consent.givenBy],
              [w('givenOn'), formatDay(consent.givenOn, lang)],
              [w('documentRef'), consent.documentRef],
            ],
          },
          { kind: 'paragraph', text: w('consentText', { declarant: consent.givenBy, center: center.name, person }) },
          { kind: 'heading', text: w('purposes') },
          {
            kind: 'list',
            items: together.map(
              (c) =>
                `${enumLabel('ConsentPurpose', c.purpose, lang)} — ${c.withdrawnOn ? `${w('withdrawn')} ${formatDay(c.withdrawnOn, lang)}` : w('active')}`,
            ),
          },
          {
            kind: 'signatures',
            signers: [
              { role: byRepresentative ? w('legalRepresentative') : w('declarant'), name: consent.givenBy },
              { role: w('receivedBy'), name: ctx.viewer?.displayName ?? null },
            ],
          },
        ],
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename(caseNumber, 'consent-declaration', formatDay(consent.givenOn, lang).split('.').reverse().join('-')),
      subject: { entityType: 'Consent', entityId: consent.id },
    };
  },
};
