import { documentWords, enumLabel, type Lang } from '@opora/common/vocabulary';
import { isoDay, today } from '@opora/common/calendar';
import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../support/errors.ts';
import type { Block } from '../engine.ts';
import type { DocumentKind } from '../kind.ts';
import { auditPersons, centerHeading, formatDay, formatInstant, personName, producedBy, requireStaff, safeFilename, uuidOf } from '../source.ts';

// The subject-access export (GDPR Art. 15, issue #19): everything the center holds about one
// person, for the manager only, as PDF (this kind's blocks) and as JSON (`data`, served by the same
// door at /documents/subject-access/<id>.json). Only the person's own data: their record, their
// cases (as the main person), the sessions they took part in, the notes of their cases (a
// RESTRICTED note's text stays out, as in every document), their consents, their files' names,
// the households they belong to (by name and their own relationship: no other member is named),
// the rectifications of their record and who opened it.

export type SubjectAccessData = Awaited<ReturnType<typeof collect>>;

async function collect(ctx: Context, clientId: string) {
  const client = await ctx.db.client.findUnique({
    where: { id: clientId },
    select: {
      id: true, kind: true, firstName: true, middleName: true, lastName: true, birthDate: true, birthYear: true, sex: true, address: true, phone: true, email: true,
      createdAt: true, updatedAt: true, anonymisedAt: true, restrictedAt: true, restrictionReason: true,
      settlement: { select: { nameBg: true, nameEn: true } },
    },
  });
  if (!client) throw notFound(ctx.locale);
  const cases = await ctx.db.case.findMany({
    where: { personId: clientId },
    orderBy: [{ referralDate: 'asc' }, { id: 'asc' }],
    select: {
      id: true, number: true, status: true, intakeRoute: true, referralDate: true, requestDate: true, legalReferrer: true, referralReason: true,
      firstSessionOn: true, closedOn: true, closureOutcome: true, closureNote: true,
      statusChanges: { select: { fromStatus: true, toStatus: true, changedAt: true, note: true }, orderBy: { changedAt: 'asc' } },
    },
  });
  const caseIds = cases.map((c) => c.id);
  const sessions = await ctx.db.session.findMany({
    where: { OR: [{ caseId: { in: caseIds } }, { clients: { some: { clientId } } }] },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    select: { id: true, startsAt: true, durationMinutes: true, kind: true, mode: true, format: true, case: { select: { number: true } }, service: { select: { serviceKind: { select: { nameBg: true, nameEn: true } } } } },
  });
  const notes = await ctx.db.note.findMany({
    where: { OR: [{ caseId: { in: caseIds } }, { session: { caseId: { in: caseIds } } }] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, createdAt: true, confidentiality: true, body: true },
  });
  const consents = await ctx.db.consent.findMany({ where: { clientId }, orderBy: [{ givenOn: 'asc' }, { id: 'asc' }], select: { purpose: true, givenBy: true, givenOn: true, withdrawnOn: true, documentRef: true } });
  const files = await ctx.db.attachment.findMany({
    where: { OR: [{ clientId }, { caseId: { in: caseIds } }, { consent: { clientId } }, { assessment: { caseId: { in: caseIds } } }, { supportPlan: { caseId: { in: caseIds } } }, { contract: { caseId: { in: caseIds } } }] },
    orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
    select: { fileName: true, mediaType: true, byteSize: true, uploadedAt: true, voidedAt: true, erasedAt: true },
  });
  const households = await ctx.db.householdMember.findMany({ where: { clientId }, select: { relationship: true, isPrimaryCaregiver: true, household: { select: { name: true, address: true } } } });
  const events = await ctx.db.auditEvent.findMany({
    where: { entityType: 'Client', entityId: clientId },
    orderBy: { id: 'asc' },
    take: 2000,
    select: { at: true, action: true, userId: true, detail: true },
  });
  // Who read the record: the person's record and their cases, read alone or as rows of a list
  // (as their page's "who read" searches: entityId = X OR X = ANY(entityIds)).
  const reads = await ctx.db.auditEvent.findMany({
    where: {
      OR: [
        { entityType: 'Client', entityId: clientId },
        { entityType: 'Client', entityIds: { has: clientId } },
        ...(caseIds.length ? [{ entityType: 'Case', entityId: { in: caseIds } }, { entityType: 'Case', entityIds: { hasSome: caseIds } }] : []),
      ],
    },
    orderBy: { id: 'asc' },
    take: 2000,
    select: { at: true, action: true, userId: true, entityType: true, listName: true },
  });
  const users = [...new Set([...events, ...reads].map((e) => e.userId).filter((u): u is string => !!u))];
  const staff = new Map(
    (await ctx.db.membership.findMany({ where: { userId: { in: users } }, select: { userId: true, user: { select: { displayName: true } } } })).map((m) => [m.userId, m.user.displayName]),
  );
  const changes = events.flatMap((e) => {
    const c = (e.detail as { changes?: Record<string, { from: unknown; to: unknown }> } | null)?.changes;
    return c ? Object.entries(c).map(([field, v]) => ({ at: e.at.toISOString(), by: e.userId ? (staff.get(e.userId) ?? null) : null, field, from: v?.from ?? null, to: v?.to ?? null })) : [];
  });
  const day = (d: Date | null) => (d ? isoDay(d) : null);
  return {
    producedOn: isoDay(today()),
    person: {
      kind: client.kind, firstName: client.firstName, middleName: client.middleName, lastName: client.lastName, birthDate: day(client.birthDate), birthYear: client.birthYear,
      sex: client.sex, settlement: client.settlement?.nameBg ?? null, address: client.address, phone: client.phone, email: client.email,
      registeredAt: client.createdAt.toISOString(), anonymisedAt: client.anonymisedAt?.toISOString() ?? null,
      restriction: client.restrictedAt ? { at: client.restrictedAt.toISOString(), reason: client.restrictionReason } : null,
    },
    households: households.map((h) => ({ household: h.household.name, address: h.household.address, relationship: h.relationship, primaryCaregiver: h.isPrimaryCaregiver })),
    cases: cases.map((c) => ({
      number: c.number, status: c.status, intakeRoute: c.intakeRoute, referralDate: day(c.referralDate), requestDate: day(c.requestDate), legalReferrer: c.legalReferrer,
      referralReason: c.referralReason, firstSessionOn: day(c.firstSessionOn), closedOn: day(c.closedOn), closureOutcome: c.closureOutcome, closureNote: c.closureNote,
      steps: c.statusChanges.map((s) => ({ from: s.fromStatus, to: s.toStatus, at: s.changedAt.toISOString(), note: s.note })),
    })),
    sessions: sessions.map((s) => ({ startsAt: s.startsAt.toISOString(), minutes: s.durationMinutes, kind: s.kind, mode: s.mode, format: s.format, case: s.case?.number ?? null, service: s.service.serviceKind.nameBg })),
    notes: notes.map((n) => ({ at: n.createdAt.toISOString(), confidentiality: n.confidentiality, body: n.confidentiality === 'RESTRICTED' ? null : n.body })),
    consents: consents.map((c) => ({ purpose: c.purpose, givenBy: c.givenBy, givenOn: day(c.givenOn), withdrawnOn: day(c.withdrawnOn), documentRef: c.documentRef })),
    files: files.map((f) => ({ fileName: f.fileName, mediaType: f.mediaType, bytes: f.byteSize, uploadedAt: f.uploadedAt.toISOString(), voided: !!f.voidedAt, erased: !!f.erasedAt })),
    rectifications: changes,
    access: reads.map((e) => ({ at: e.at.toISOString(), action: e.action, by: e.userId ? (staff.get(e.userId) ?? null) : null, record: e.entityType, list: e.listName })),
  };
}

function blocksOf(d: SubjectAccessData, lang: Lang): Block[] {
  const w = documentWords(lang);
  const table = (title: string, header: string[], rows: string[][]): Block[] =>
    rows.length ? [{ kind: 'heading', text: title }, { kind: 'table', header, rows }] : [{ kind: 'heading', text: title }, { kind: 'paragraph', text: w('saNone'), italic: true }];
  const p = d.person;
  const inst = (iso: string) => formatInstant(new Date(iso), lang);
  const day = (iso: string | null) => (iso ? formatDay(new Date(`${iso}T00:00:00Z`), lang) : '');
  return [
    { kind: 'paragraph', text: w('subjectAccessIntro', { date: day(d.producedOn) }) },
    { kind: 'heading', text: w('saPerson') },
    {
      kind: 'fields',
      rows: [
        [w('saName'), personName(p)],
        [w('saBirthDate'), p.birthDate ? day(p.birthDate) : p.birthYear ? String(p.birthYear) : null],
        [w('saSex'), enumLabel('Sex', p.sex, lang)],
        [w('saSettlement'), p.settlement],
        [w('saAddress'), p.address],
        [w('saPhone'), p.phone],
        [w('saEmail'), p.email],
      ],
    },
    ...table(w('saHouseholds'), ['', '', ''], d.households.map((h) => [h.household, h.address ?? '', enumLabel('Relationship', h.relationship, lang)])),
    ...table(
      w('saCases'),
      ['№', w('saStatus'), w('saStart'), w('saEnd'), ''],
      d.cases.map((c) => [c.number, enumLabel('CaseStatus', c.status, lang), day(c.referralDate), day(c.closedOn), [c.referralReason, c.closureNote].filter(Boolean).join(' · ')]),
    ),
    ...table(w('saSessions'), ['', '', '', '№'], d.sessions.map((s) => [inst(s.startsAt), `${s.minutes}′`, enumLabel('SessionKind', s.kind, lang), s.case ?? ''])),
    ...table(w('saNotes'), ['', ''], d.notes.map((n) => [inst(n.at), n.body ?? w('saRestrictedNote')])),
    ...table(w('saConsents'), ['', '', '', ''], d.consents.map((c) => [enumLabel('ConsentPurpose', c.purpose, lang), c.givenBy, day(c.givenOn), day(c.withdrawnOn)])),
    ...table(w('saFiles'), ['', '', ''], d.files.map((f) => [f.fileName, inst(f.uploadedAt), f.erased ? '—' : `${f.bytes} B`])),
    ...table(w('saChanges'), ['', '', '', '', ''], d.rectifications.map((c) => [inst(c.at), c.by ?? '', c.field, String(c.from ?? ''), String(c.to ?? '')])),
    ...table(w('saAccess'), ['', '', '', ''], d.access.map((a) => [inst(a.at), a.action, a.by ?? '', a.list ?? ''])),
  ];
}

export const subjectAccess: DocumentKind = {
  name: 'subject-access',
  subjectType: 'Client',
  async build({ ctx, id, lang }) {
    requireStaff(ctx);
    // The data controller's representative answers a subject-access request: the manager only.
    if (ctx.viewer?.membership?.role !== 'MANAGER') throw forbidden(ctx.locale);
    const clientId = uuidOf(ctx, id, 'Client');
    const data = await collect(ctx, clientId);
    auditPersons(ctx, 'subject-access', [clientId]);
    return {
      document: {
        lang,
        title: documentWords(lang)('subjectAccess'),
        subtitle: personName(data.person),
        center: await centerHeading(ctx, lang),
        blocks: blocksOf(data, lang),
        producedBy: producedBy(ctx, lang),
      },
      filename: safeFilename('subject-access', data.producedOn),
      subject: { entityType: 'Client', entityId: clientId },
      data,
    };
  },
};
