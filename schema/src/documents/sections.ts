import { daysBetween, today } from '@opora/common/calendar';
import { documentWords, enumLabel, type Lang } from '@opora/common/vocabulary';
import type { SessionKind } from '@opora/prisma/client';
import type { Block } from './engine.ts';
import { formatDay, named, personName, sexLabel, staffName, staffWithTitle, type AssessmentRecord, type CaseRecord, type PersonRecord, type PlanRecord } from './source.ts';

// Parts several documents print the same way: a person, the case and its referral, an
// assessment (ИОП), a plan (ИПП) with goals, services and reviews, sessions counted by kind.
// A new document (the contract, a revised ИПП) composes these with its own parts.

export function personBlock(p: PersonRecord, lang: Lang): Block {
  const w = documentWords(lang);
  return {
    kind: 'fields',
    rows: [
      [w('name'), personName(p)],
      p.birthDate ? [w('birthDate'), formatDay(p.birthDate, lang)] : [w('birthYear'), p.birthYear ? String(p.birthYear) : null],
      [w('sex'), sexLabel(p.sex, lang)],
      [w('settlement'), named(p.settlement, lang)],
      [w('address'), p.address],
    ],
  };
}

export function caseBlocks(c: CaseRecord, lang: Lang): Block[] {
  const w = documentWords(lang);
  return [
    { kind: 'heading', text: w('referral') },
    {
      kind: 'fields',
      rows: [
        [w('caseNumber'), c.number],
        [w('status'), enumLabel('CaseStatus', c.status, lang)],
        [w('intakeRoute'), c.intakeRoute ? enumLabel('IntakeRoute', c.intakeRoute, lang) : null],
        [w('requestDate'), c.requestDate ? formatDay(c.requestDate, lang) : null],
        [w('requestNumber'), c.requestNumber],
        [w('legalReferrer'), c.legalReferrer ? enumLabel('LegalReferrer', c.legalReferrer, lang) : null],
        [w('referringOrganization'), named(c.referringOrganization, lang)],
        [w('referralDate'), formatDay(c.referralDate, lang)],
        [w('referralDocument'), c.referralDocumentNumber],
        [w('referralDocumentDate'), c.referralDocumentDate ? formatDay(c.referralDocumentDate, lang) : null],
        [w('concernRaisedBy'), c.concernRaisedBy ? enumLabel('ConcernSource', c.concernRaisedBy, lang) : null],
        [w('referralReason'), c.referralReason],
        [w('targetGroups'), c.targetGroups.map((g) => named(g.targetGroup, lang)).join('; ') || null],
      ],
    },
    { kind: 'heading', text: w('caseTeam') },
    {
      kind: 'fields',
      rows: [
        [w('leadWorker'), staffWithTitle(c.leadWorker, lang)],
        [w('teamMembers'), c.teamMembers.map((m) => staffWithTitle(m.membership, lang)).join('; ') || null],
      ],
    },
  ];
}

export function householdBlocks(c: CaseRecord, lang: Lang): Block[] {
  const w = documentWords(lang);
  const blocks: Block[] = [];
  if (c.household) {
    blocks.push({ kind: 'heading', text: `${w('household')}: ${c.household.name}` });
    blocks.push({ kind: 'fields', rows: [[w('settlement'), named(c.household.settlement, lang)], [w('address'), c.household.address]] });
    if (c.household.members.length) {
      blocks.push({
        kind: 'table',
        header: [w('name'), w('relationship'), w('birthDate')],
        rows: c.household.members.map((m) => [
          personName(m.client) + (m.isPrimaryCaregiver ? ` (${w('primaryCaregiver')})` : ''),
          enumLabel('Relationship', m.relationship, lang),
          m.client.birthDate ? formatDay(m.client.birthDate, lang) : m.client.birthYear ? String(m.client.birthYear) : '—',
        ]),
      });
    }
  }
  if (c.participants.length) {
    blocks.push({ kind: 'heading', text: w('participants') });
    blocks.push({
      kind: 'table',
      header: [w('name'), w('relationship')],
      rows: c.participants.map((p) => [personName(p.client), enumLabel('CaseParticipantRole', p.role, lang)]),
    });
  }
  return blocks;
}

/** The people a case's documents print besides the child (household members, participants). */
export function relatedPersonIds(c: CaseRecord): string[] {
  return [...(c.household?.members.map((m) => m.client.id) ?? []), ...c.participants.map((p) => p.client.id)];
}

export function assessmentBlocks(a: AssessmentRecord, lang: Lang, heading?: string): Block[] {
  const w = documentWords(lang);
  return [
    ...(heading ? [{ kind: 'subheading', text: heading } as Block] : []),
    {
      kind: 'fields',
      rows: [
        [w('dueOn'), formatDay(a.dueOn, lang)],
        [w('startedOn'), formatDay(a.startedOn, lang)],
        [w('completedOn'), formatDay(a.completedOn, lang)],
        ...(a.supersededAt ? ([[w('supersededOn'), formatDay(a.supersededAt, lang)]] as Array<[string, string]>) : []),
        [w('assessor'), staffWithTitle(a.assessor, lang)],
      ],
    },
    { kind: 'subheading', text: w('summary') },
    { kind: 'paragraph', text: a.summary ?? w('notGiven'), italic: !a.summary },
  ];
}

export function planBlocks(p: PlanRecord, lang: Lang, heading?: string): Block[] {
  const w = documentWords(lang);
  const blocks: Block[] = [
    ...(heading ? [{ kind: 'subheading', text: heading } as Block] : []),
    {
      kind: 'fields',
      rows: [
        [w('status'), enumLabel('SupportPlanStatus', p.status, lang)],
        [w('startsOn'), formatDay(p.startsOn, lang)],
        [w('endsOn'), formatDay(p.endsOn, lang)],
        [w('reviewEvery', { n: p.reviewEveryMonths }), p.nextReviewOn ? `${w('nextReviewOn')}: ${formatDay(p.nextReviewOn, lang)}` : null],
      ],
    },
    { kind: 'subheading', text: w('goals') },
    p.goals.length
      ? {
          kind: 'table',
          header: ['№', w('goal'), w('targetOn'), w('status')],
          widths: [18, '*', 62, 90],
          rows: p.goals.map((g, i) => [String(i + 1), g.description, formatDay(g.targetOn, lang), enumLabel('GoalStatus', g.status, lang)]),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
    { kind: 'subheading', text: w('plannedServices') },
    p.plannedServices.length
      ? {
          kind: 'table',
          header: [w('service'), w('perMonth'), w('note')],
          widths: ['*', 70, '*'],
          rows: p.plannedServices.map((s) => [named(s.service, lang) ?? '', s.sessionsPerMonth === null ? '—' : String(s.sessionsPerMonth), s.note ?? '']),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
  ];
  blocks.push({ kind: 'subheading', text: w('reviews') });
  blocks.push(
    p.reviews.length
      ? {
          kind: 'table',
          header: [w('dueOn'), w('heldOn'), w('decision'), w('summary')],
          widths: [62, 62, 90, '*'],
          rows: p.reviews.map((r) => [formatDay(r.dueOn, lang), formatDay(r.heldOn, lang), r.decision ? enumLabel('ReviewDecision', r.decision, lang) : '—', r.summary ?? '']),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
  );
  return blocks;
}

type CountedSession = { kind: SessionKind; durationMinutes: number };

/** Sessions counted by kind, with hours, and a total row. */
export function sessionsByKindBlock(sessions: CountedSession[], lang: Lang): Block {
  const w = documentWords(lang);
  const byKind = new Map<SessionKind, { n: number; minutes: number }>();
  for (const s of sessions) {
    const row = byKind.get(s.kind) ?? { n: 0, minutes: 0 };
    row.n += 1;
    row.minutes += s.durationMinutes;
    byKind.set(s.kind, row);
  }
  const hours = (minutes: number) => (minutes / 60).toFixed(1);
  const rows = [...byKind.entries()]
    .sort((a, b) => b[1].n - a[1].n)
    .map(([kind, r]) => [enumLabel('SessionKind', kind, lang), String(r.n), hours(r.minutes)]);
  const total = sessions.reduce((sum, s) => sum + s.durationMinutes, 0);
  rows.push([w('total'), String(sessions.length), hours(total)]);
  return { kind: 'table', header: [w('kind'), w('count'), w('hours')], widths: ['*', 60, 60], rows };
}

/** Every goal of every plan of the case, with its status (the closure report's summary of the work). */
export function allGoalsBlock(c: CaseRecord, lang: Lang): Block {
  const w = documentWords(lang);
  const goals = c.supportPlans.flatMap((p) => p.goals.map((g) => ({ g, plan: formatDay(p.startsOn, lang) })));
  if (!goals.length) return { kind: 'paragraph', text: w('none'), italic: true };
  return {
    kind: 'table',
    header: [w('goal'), w('startsOn'), w('status')],
    widths: ['*', 70, 100],
    rows: goals.map(({ g, plan }) => [g.description, plan, enumLabel('GoalStatus', g.status, lang)]),
  };
}

/** Days from the referral to the closure (or to today for an open case). */
export function caseDays(c: CaseRecord): number {
  return daysBetween(c.referralDate, c.closedOn ?? today());
}

/** The lead worker's and the manager's signature places. */
export function staffSigners(c: CaseRecord, lang: Lang, managerName: string | null) {
  const w = documentWords(lang);
  return [
    { role: w('leadWorker'), name: staffName(c.leadWorker) },
    { role: w('manager'), name: managerName },
  ];
}
