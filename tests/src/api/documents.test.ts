import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isoDay, today } from '@opora/common/calendar';
import { areasFor, ratingChange } from '@opora/common/assessment';
import { enumLabel } from '@opora/common/vocabulary';
import { DEMO, TestApi } from '../support/api.ts';
import { pdfText } from '../support/pdf.ts';

// Printable documents (issue #16 item 1): each kind, for a demo case of both centers, is a real
// PDF whose extracted text names the case, the center and the person, and never a RESTRICTED
// note; the GraphQL rules decide who gets one (case team; another center's record is not found);
// each download is an audited read of the person; Bulgarian by default, English on request.

let api: TestApi;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

type Setup = {
  center: { id: string; nameBg: string; nameEn: string };
  manager: string;
  outsider: string; // center staff, not on the case's team
  caseId: string;
  number: string;
  childId: string;
  childName: string;
  assessmentId: string;
  planId: string;
  consentId: string;
  partnerId: string;
  contract: { id: string; number: string; representative: string; ground: string; endGround: string; services: string[] };
  areas: string[]; // the bg labels of the areas the completed assessment rated, with the ratings
  ratings: string[];
  goalAreas: string[]; // the areas the plan's goals answer
  secret: string; // a RESTRICTED note's text, planted on the case
  teamNote: string; // a TEAM note's text, planted on the case
  restrictedBodies: string[]; // every RESTRICTED body on the case (seeded ones too)
};

const setups: Record<'plovdiv' | 'kazanlak', Setup> = {} as never;

async function prepare(slug: 'plovdiv' | 'kazanlak'): Promise<Setup> {
  const p = api.db.prisma;
  const center = await p.center.findUniqueOrThrow({ where: { slug }, select: { id: true, nameBg: true, nameEn: true } });
  const manager = await api.login(slug === 'plovdiv' ? DEMO.plovdivManager : DEMO.kazanlakManager);
  const outsiderEmail = slug === 'plovdiv' ? DEMO.plovdivWorker : DEMO.kazanlakMobile;
  const outsiderMembership = await p.membership.findFirstOrThrow({ where: { user: { email: outsiderEmail }, centerId: center.id } });
  // A closed case with a household, a completed assessment, a plan with goals and sessions,
  // whose team the outsider is not on.
  const c = await p.case.findFirstOrThrow({
    where: {
      centerId: center.id,
      status: 'CLOSED',
      householdId: { not: null },
      assessments: { some: { completedOn: { not: null } } },
      supportPlans: { some: { goals: { some: {} } } },
      sessions: { some: {} },
      leadWorkerId: { not: outsiderMembership.id },
      teamMembers: { none: { membershipId: outsiderMembership.id } },
      person: { consents: { some: {} } },
      // A contract extended by annex and ended with its ground.
      contracts: { some: { status: 'ENDED', representativeId: { not: null }, extensions: { some: {} } } },
    },
    orderBy: { number: 'asc' },
    select: { id: true, number: true, personId: true, person: { select: { firstName: true, middleName: true, lastName: true } } },
  });
  const k = await p.contract.findFirstOrThrow({
    where: { caseId: c.id, status: 'ENDED', extensions: { some: {} } },
    select: {
      id: true, number: true, endGround: true,
      representative: { select: { firstName: true, middleName: true, lastName: true } },
      extensions: { select: { ground: true }, take: 1 },
      services: { select: { service: { select: { nameBg: true } } } },
    },
  });
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
  const secret = `ТАЙНА-${slug}-${tag}`;
  const teamNote = `ЕКИПНА-${slug}-${tag}`;
  for (const [body, confidentiality] of [[secret, 'RESTRICTED'], [teamNote, 'TEAM']] as const) {
    await api.ok(`mutation($id: ID!, $body: String!, $c: Confidentiality!) { addCaseNote(caseId: $id, body: $body, confidentiality: $c) { id } }`, { id: gid('Case', c.id), body, c: confidentiality }, manager);
  }
  const restricted = await p.note.findMany({ where: { confidentiality: 'RESTRICTED', OR: [{ caseId: c.id }, { session: { caseId: c.id } }] }, select: { body: true } });
  const team = new Set((await p.note.findMany({ where: { confidentiality: 'TEAM', OR: [{ caseId: c.id }, { session: { caseId: c.id } }] }, select: { body: true } })).map((n) => n.body));
  const assessment = await p.assessment.findFirstOrThrow({
    where: { caseId: c.id, completedOn: { not: null } },
    orderBy: { completedOn: 'desc' },
    include: { areas: { select: { area: true, rating: true } } },
  });
  const plan = await p.supportPlan.findFirstOrThrow({
    where: { caseId: c.id, goals: { some: { areaRatingId: { not: null } } } },
    include: { goals: { select: { areaRating: { select: { area: true } } } } },
  });
  const fullName = (x: { firstName: string; middleName: string | null; lastName: string }) => [x.firstName, x.middleName, x.lastName].filter(Boolean).join(' ');
  const consent = await p.consent.findFirstOrThrow({ where: { clientId: c.personId }, orderBy: { givenOn: 'asc' } });
  const partner = await p.partnerOrganization.findFirstOrThrow({ where: { centerId: center.id }, orderBy: { nameBg: 'asc' } });
  return {
    center,
    manager,
    outsider: await api.login(outsiderEmail),
    caseId: c.id,
    number: c.number,
    childId: c.personId,
    childName: [c.person.firstName, c.person.middleName, c.person.lastName].filter(Boolean).join(' '),
    assessmentId: assessment.id,
    planId: plan.id,
    consentId: consent.id,
    partnerId: partner.id,
    contract: {
      id: k.id,
      number: k.number,
      representative: fullName(k.representative!),
      ground: k.extensions[0]!.ground,
      endGround: enumLabel('ContractEndGround', k.endGround!, 'bg'),
      services: k.services.map((x) => x.service.nameBg),
    },
    areas: assessment.areas.map((a) => enumLabel('AssessmentArea', a.area, 'bg')),
    ratings: [...new Set(assessment.areas.flatMap((a) => (a.rating ? [enumLabel('NeedRating', a.rating, 'bg')] : [])))],
    goalAreas: [...new Set(plan.goals.flatMap((g) => (g.areaRating ? [enumLabel('AssessmentArea', g.areaRating.area, 'bg')] : [])))],
    secret,
    teamNote,
    restrictedBodies: restricted.map((n) => n.body).filter((b) => !team.has(b)),
  };
}

function download(path: string, token: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${api.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
}

/** Every kind with the path (and body) that asks for it for the setup's case. */
function kinds(s: Setup) {
  return [
    { kind: 'case-file', path: `/documents/case-file/${gid('Case', s.caseId)}.pdf?to=${isoDay(today())}`, title: 'Досие на случая' },
    { kind: 'closure-report', path: `/documents/closure-report/${gid('Case', s.caseId)}.pdf`, title: 'Доклад за приключване на случая' },
    {
      kind: 'referral-letter',
      path: `/documents/referral-letter/${gid('Case', s.caseId)}.pdf`,
      body: { partner: gid('PartnerOrganization', s.partnerId), reason: 'Нужда от специализирана логопедична терапия.' },
      title: 'Насочване към друга организация',
    },
    { kind: 'needs-assessment', path: `/documents/needs-assessment/${gid('Assessment', s.assessmentId)}.pdf`, title: 'Индивидуална оценка на потребностите' },
    { kind: 'support-plan', path: `/documents/support-plan/${gid('SupportPlan', s.planId)}.pdf`, title: 'Индивидуален план за подкрепа' },
    { kind: 'consent-declaration', path: `/documents/consent-declaration/${gid('Consent', s.consentId)}.pdf`, title: 'Декларация за информирано съгласие' },
    { kind: 'contract', path: `/documents/contract/${gid('Contract', s.contract.id)}.pdf`, title: 'Договор за ползване на социална услуга' },
  ];
}

beforeAll(async () => {
  api = await TestApi.start({ queryTimeoutMs: 60_000, transactionTimeoutMs: 60_000 });
  setups.plovdiv = await prepare('plovdiv');
  setups.kazanlak = await prepare('kazanlak');
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

describe.each(['plovdiv', 'kazanlak'] as const)('documents of a %s case', (slug) => {
  test('each kind is a PDF attachment naming the case, the center and the person, without a restricted note', async () => {
    const s = setups[slug];
    for (const k of kinds(s)) {
      const res = await download(k.path, s.manager, k.body ? { method: 'POST', body: k.body } : {});
      expect(res.status, `${k.kind}: ${res.status}`).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toContain(`attachment; filename="${s.number}-${k.kind}`);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
      const { text, pages } = await pdfText(bytes);
      expect(text, k.kind).toContain(k.title);
      expect(text, k.kind).toContain(s.number);
      expect(text, k.kind).toContain(s.center.nameBg);
      expect(text, k.kind).toContain(s.childName);
      expect(text, k.kind).toContain(`стр. 1 от ${pages}`);
      expect(text, k.kind).not.toContain(s.secret);
      for (const body of s.restrictedBodies) expect(text, k.kind).not.toContain(body);
      if (k.kind === 'case-file') expect(text).toContain(s.teamNote); // notes do reach the file: only restricted ones are left out
      // The structured assessment: every area rated, with the ratings, on each paper that carries it
      // (the closure report: the needs by area at the last assessment against the first).
      if (['needs-assessment', 'case-file', 'referral-letter', 'closure-report'].includes(k.kind)) {
        expect(s.areas.length, 'areas rated').toBeGreaterThan(10);
        for (const area of [...s.areas, ...s.ratings]) expect(text, `${k.kind}: ${area}`).toContain(area);
      }
      if (['needs-assessment', 'case-file', 'referral-letter'].includes(k.kind)) {
        for (const words of ['Рискове', 'Силни страни', 'Източници на информация', 'Участие на потребителя и семейството']) expect(text, k.kind).toContain(words);
      }
      // The plan's goals name the areas they answer; its services how often, where and by whom.
      if (['support-plan', 'case-file'].includes(k.kind)) {
        expect(s.goalAreas.length).toBeGreaterThan(0);
        for (const area of s.goalAreas) expect(text, `${k.kind}: ${area}`).toContain(area);
        for (const words of ['Област от оценката', 'Честота', 'Място', 'Отговорен специалист', 'Участие на потребителя и семейството']) expect(text, k.kind).toContain(words);
      }
      // The contract: number, parties, services, term, the annex with its ground, the end with its ground.
      if (['contract', 'case-file'].includes(k.kind)) {
        for (const words of [s.contract.number, s.contract.representative, s.contract.ground, s.contract.endGround, ...s.contract.services]) expect(text, `${k.kind}: ${words}`).toContain(words);
      }
      if (k.kind === 'contract') {
        for (const words of ['Страни по договора', 'Срок на договора', 'Услугите се предоставят безплатно.', 'Удължаване на срока (анекси)', 'Основание за прекратяване', 'За доставчика', 'Законен представител']) {
          expect(text, words).toContain(words);
        }
      }
    }
  }, 120_000);

  test('English on request', async () => {
    const s = setups[slug];
    const res = await download(`/documents/case-file/${gid('Case', s.caseId)}.pdf?lang=en`, s.manager);
    expect(res.status).toBe(200);
    const { text, pages } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Case file');
    expect(text).toContain(s.center.nameEn);
    expect(text).toContain(`page 1 of ${pages}`);
    expect(text).not.toContain('Досие на случая');
  }, 60_000);

  test('another center’s case is not found; a worker off the case team is refused; nobody is read', async () => {
    const s = setups[slug];
    const other = setups[slug === 'plovdiv' ? 'kazanlak' : 'plovdiv'];
    const before = await api.db.prisma.auditEvent.count({ where: { entityType: 'Client', entityId: { in: [s.childId, other.childId] }, action: 'READ' } });
    for (const k of kinds(other)) {
      const res = await download(k.path, s.manager, k.body ? { method: 'POST', body: { ...k.body, partner: gid('PartnerOrganization', s.partnerId) } } : {});
      expect(res.status, k.kind).toBe(404);
      expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    }
    for (const k of kinds(s).filter((x) => x.kind !== 'consent-declaration')) {
      const res = await download(k.path, s.outsider, k.body ? { method: 'POST', body: k.body } : {});
      expect(res.status, k.kind).toBe(403);
    }
    const after = await api.db.prisma.auditEvent.count({ where: { entityType: 'Client', entityId: { in: [s.childId, other.childId] }, action: 'READ' } });
    expect(after).toBe(before);
  }, 60_000);
});

const printedDay = (d: Date) => isoDay(d).split('-').reverse().join('.');

describe.each(['plovdiv', 'kazanlak'] as const)('a reassessment and a revised plan of %s', (slug) => {
  test('a reassessment prints each area before and now, with the change; a revised plan names the version it revises and the history', async () => {
    const s = setups[slug];
    const p = api.db.prisma;
    const [twice] = await p.assessment.groupBy({
      by: ['caseId'],
      where: { centerId: s.center.id, completedOn: { not: null } },
      having: { caseId: { _count: { gt: 1 } } },
      orderBy: { caseId: 'asc' },
      take: 1,
    });
    const [before, now] = (
      await p.assessment.findMany({
        where: { caseId: twice!.caseId, completedOn: { not: null } },
        orderBy: [{ completedOn: 'desc' }, { createdAt: 'desc' }],
        take: 2,
        include: { areas: true, case: { select: { number: true, person: { select: { kind: true } } } } },
      })
    ).reverse();
    const res = await download(`/documents/needs-assessment/${gid('Assessment', now!.id)}.pdf`, s.manager);
    expect(res.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain(now!.case.number);
    expect(text).toContain(`Повторна оценка, сравнена с оценката от ${printedDay(before!.completedOn!)}`);
    const was = new Map(before!.areas.map((a) => [a.area, a.rating]));
    const changes = new Set<string>();
    for (const a of now!.areas) {
      expect(text).toContain(enumLabel('AssessmentArea', a.area, 'bg'));
      const change = ratingChange(was.get(a.area), a.rating);
      if (change) changes.add(enumLabel('AssessmentChange', change, 'bg'));
    }
    expect(now!.areas.length).toBe(areasFor(now!.case.person.kind).length);
    expect(changes.size).toBeGreaterThan(0);
    for (const change of changes) expect(text).toContain(change);

    const v2 = await p.supportPlan.findFirstOrThrow({
      where: { centerId: s.center.id, revisionNumber: 2 },
      orderBy: { startsOn: 'asc' },
      include: { revisionOf: { select: { startsOn: true } }, case: { select: { number: true } } },
    });
    const plan = await download(`/documents/support-plan/${gid('SupportPlan', v2.id)}.pdf`, s.manager);
    expect(plan.status).toBe(200);
    const printed = (await pdfText(new Uint8Array(await plan.arrayBuffer()))).text;
    expect(printed).toContain(v2.case.number);
    expect(printed).toContain(`Версия 2; преработва версия 1 от ${printedDay(v2.revisionOf!.startsOn)}`);
    expect(printed).toContain('Версии на плана');
    expect(printed).toContain('Заменен с нова версия');
  }, 60_000);
});

describe('the audit and the arguments', () => {
  test('a download is a READ of the person and an EXPORT of the case, naming the document', async () => {
    const s = setups.kazanlak;
    const res = await download(`/documents/closure-report/${gid('Case', s.caseId)}.pdf`, s.manager);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const requestEvents = await api.db.prisma.auditEvent.findMany({
      where: { centerId: s.center.id, OR: [{ entityType: 'Client', entityId: s.childId }, { entityType: 'Case', entityId: s.caseId }], action: { in: ['READ', 'EXPORT'] } },
      orderBy: { id: 'desc' },
      take: 2,
    });
    expect(requestEvents.map((e) => [e.action, e.entityType, (e.detail as { document?: string }).document]).sort()).toEqual([
      ['EXPORT', 'Case', 'closure-report'],
      ['READ', 'Client', 'closure-report'],
    ]);
    expect(requestEvents[0]!.requestId).toBe(requestEvents[1]!.requestId);
  });

  test('bad arguments: a clear bilingual error, nothing read', async () => {
    const s = setups.plovdiv;
    const reads = () => api.db.prisma.auditEvent.count({ where: { entityType: 'Client', entityId: s.childId } });
    const before = await reads();
    const bad = await download(`/documents/case-file/${gid('Case', s.caseId)}.pdf?from=2026-13-01`, s.manager);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Array<{ extensions: { code: string; fields: Array<{ path: string; messageBg: string; messageEn: string }> } }> };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.extensions.fields[0]).toMatchObject({ path: 'from', messageBg: 'Невалидна дата.', messageEn: 'Invalid date.' });
    const reversed = await download(`/documents/case-file/${gid('Case', s.caseId)}.pdf?from=2026-02-01&to=2026-01-01`, s.manager);
    expect(reversed.status).toBe(400);
    const noReason = await download(`/documents/referral-letter/${gid('Case', s.caseId)}.pdf`, s.manager, { method: 'POST', body: { partner: gid('PartnerOrganization', s.partnerId) } });
    expect(noReason.status).toBe(400);
    const foreignPartner = await download(`/documents/referral-letter/${gid('Case', s.caseId)}.pdf`, s.manager, {
      method: 'POST',
      body: { partner: gid('PartnerOrganization', setups.kazanlak.partnerId), reason: 'Причина' },
    });
    expect(foreignPartner.status).toBe(400);
    expect(((await foreignPartner.json()) as typeof body).errors[0]!.extensions.fields[0]!.path).toBe('partner');
    expect(await reads()).toBe(before);
  });

  test('a closure report of an open case is refused by its stage; unknown kinds and anonymous callers get nothing', async () => {
    const s = setups.plovdiv;
    const open = await api.db.prisma.case.findFirstOrThrow({ where: { centerId: s.center.id, status: 'ACTIVE' }, select: { id: true } });
    const refused = await download(`/documents/closure-report/${gid('Case', open.id)}.pdf`, s.manager);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { errors: Array<{ extensions: { code: string; messageEn: string } }> }).errors[0]!.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      messageEn: expect.stringContaining('once the case is closed'),
    });
    expect((await download(`/documents/contract/${gid('Case', s.caseId)}.pdf`, s.manager)).status).toBe(404);
    expect((await download(`/documents/case-file/${gid('Case', s.caseId)}.pdf`, null)).status).toBe(401);
    // The session cookie alone (a cross-site link) is not enough.
    const viaCookie = await download(`/documents/case-file/${gid('Case', s.caseId)}.pdf`, null, { headers: { cookie: `opora_session=${s.manager}` } });
    expect(viaCookie.status).toBe(400);
  });
});

describe('the biggest demo case', () => {
  test('its whole case file is one PDF (size and time printed for the README)', async () => {
    // The case with the most sessions in the demo data, as its center's manager asks for it.
    const [biggest] = await api.db.prisma.session.groupBy({ by: ['caseId'], where: { caseId: { not: null } }, _count: { _all: true }, orderBy: { _count: { caseId: 'desc' } }, take: 1 });
    const c = await api.db.prisma.case.findUniqueOrThrow({ where: { id: biggest!.caseId! }, select: { id: true, number: true, center: { select: { slug: true } } } });
    const manager = c.center.slug === 'plovdiv' ? setups.plovdiv.manager : setups.kazanlak.manager;
    const started = performance.now();
    const res = await download(`/documents/case-file/${gid('Case', c.id)}.pdf`, manager);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const { text, pages } = await pdfText(bytes);
    expect(text).toContain(c.number);
    console.log(`[documents] case file of ${c.number} (${biggest!._count._all} sessions): ${(bytes.length / 1024).toFixed(0)} KiB, ${pages} pages, ${ms.toFixed(0)} ms`);
  }, 120_000);
});
