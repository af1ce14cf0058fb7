import { daysBetween, today } from '@opora/common/calendar';
import { documentWords, enumLabel, type Lang } from '@opora/common/vocabulary';
import type { SessionKind } from '@opora/prisma/client';
import { ASSESSMENT_SIDES, areasFor, ratingChange, sideOf, type NeedRatingName } from '@opora/common/assessment';
import { termMonths } from '../modules/contract.ts';
import type { Block, CenterHeading, Signer } from './engine.ts';
import {
  formatDay, named, personName, sexLabel, staffName, staffWithTitle,
  type AssessmentRecord, type CaseRecord, type ContractRecord, type ParticipationRecord, type PersonRecord, type PlanRecord,
} from './source.ts';

// Parts several documents print the same way: a person, the case and its referral, an
// assessment (ИОП) by areas, a plan (ИПП) version with goals, services, participation and
// reviews, a contract, sessions counted by kind. A new document composes these with its own parts.

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

/** The people a case's documents print besides the child (household members, participants, contracts' legal representatives). */
export function relatedPersonIds(c: CaseRecord): string[] {
  return [
    ...(c.household?.members.map((m) => m.client.id) ?? []),
    ...c.participants.map((p) => p.client.id),
    ...c.contracts.flatMap((k) => (k.representative ? [k.representative.id] : [])),
  ];
}

/** Who took part in an assessment or a plan, and how (present, heard, agreed, signed and when). */
export function participationBlocks(participants: readonly ParticipationRecord[], lang: Lang): Block[] {
  const w = documentWords(lang);
  const yes = (b: boolean) => (b ? w('yes') : w('no'));
  return [
    { kind: 'subheading', text: w('participation') },
    participants.length
      ? {
          kind: 'table',
          header: [w('role'), w('name'), w('present'), w('heard'), w('agreed'), w('signed')],
          widths: [80, '*', 60, 60, 60, 66],
          rows: participants.map((p) => [
            enumLabel('ParticipantRole', p.role, lang),
            p.name,
            yes(p.present),
            yes(p.heard),
            yes(p.agreed),
            p.signed ? (p.signedOn ? formatDay(p.signedOn, lang) : w('yes')) : w('no'),
          ]),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
  ];
}

/** Signature places for the participants recorded (by role and name), or one for the client or the legal representative. */
export function participantSigners(participants: readonly ParticipationRecord[], lang: Lang): Signer[] {
  if (!participants.length) return [{ role: documentWords(lang)('clientOrRepresentative'), name: null }];
  return participants.map((p) => ({ role: enumLabel('ParticipantRole', p.role, lang), name: p.name }));
}

const listOrNone = (items: readonly string[], lang: Lang): Block =>
  items.length ? { kind: 'list', items: [...items] } : { kind: 'paragraph', text: documentWords(lang)('none'), italic: true };

/**
 * The areas of an assessment side by side (@opora/common/assessment), each with its rating and
 * notes; against `previous`, the rating before and the change per area.
 */
export function areaTables(a: Pick<AssessmentRecord, 'areas'>, lang: Lang, personKind: string, previous: Pick<AssessmentRecord, 'areas'> | null): Block[] {
  const w = documentWords(lang);
  const blocks: Block[] = [];
  if (!a.areas.length) blocks.push({ kind: 'paragraph', text: w('noAreas'), italic: true });
  else {
    const rated = new Map(a.areas.map((r) => [r.area as string, r]));
    const before = new Map((previous?.areas ?? []).map((r) => [r.area as string, r.rating]));
    const rating = (r: NeedRatingName | null | undefined) => (r ? enumLabel('NeedRating', r, lang) : w('notRated'));
    const areas = areasFor(personKind);
    for (const side of ASSESSMENT_SIDES) {
      const ofSide = areas.filter((area) => sideOf(area) === side);
      if (!ofSide.length) continue;
      blocks.push({ kind: 'paragraph', text: enumLabel('AssessmentSide', side, lang), bold: true });
      blocks.push(
        previous
          ? {
              kind: 'table',
              header: [w('area'), w('previousRating'), w('rating'), w('change'), w('notes')],
              widths: [105, 70, 70, 62, '*'],
              rows: ofSide.map((area) => {
                const now = rated.get(area)?.rating ?? null;
                const was = before.get(area) ?? null;
                const change = ratingChange(was, now);
                return [enumLabel('AssessmentArea', area, lang), rating(was), rating(now), change ? enumLabel('AssessmentChange', change, lang) : '—', rated.get(area)?.notes ?? ''];
              }),
            }
          : {
              kind: 'table',
              header: [w('area'), w('rating'), w('notes')],
              widths: [130, 90, '*'],
              rows: ofSide.map((area) => [enumLabel('AssessmentArea', area, lang), rating(rated.get(area)?.rating), rated.get(area)?.notes ?? '']),
            },
      );
    }
  }
  return blocks;
}

/**
 * A needs assessment (ИОП) as the framework structures it: every area that applies to the
 * person (@opora/common/assessment), side by side, with its rating and notes; for a
 * reassessment, the rating before and the change per area; risks, strengths, sources, the
 * conclusion and who took part. An assessment made before areas were rated prints its summary.
 */
export function assessmentBlocks(a: AssessmentRecord, lang: Lang, options: { heading?: string; personKind: string; previous?: AssessmentRecord | null }): Block[] {
  const w = documentWords(lang);
  const { heading, personKind, previous } = options;
  const blocks: Block[] = [
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
  ];
  if (previous) blocks.push({ kind: 'paragraph', text: w('reassessment', { day: formatDay(previous.completedOn, lang) }), italic: true });
  blocks.push({ kind: 'subheading', text: w('areas') }, ...areaTables(a, lang, personKind, previous ?? null));
  blocks.push({ kind: 'subheading', text: w('risks') }, listOrNone(a.risks, lang));
  blocks.push({ kind: 'subheading', text: w('strengths') }, listOrNone(a.strengths, lang));
  blocks.push({ kind: 'subheading', text: w('sources') }, listOrNone(a.sources, lang));
  blocks.push({ kind: 'subheading', text: w('conclusion') }, { kind: 'paragraph', text: a.summary ?? w('notGiven'), italic: !a.summary });
  blocks.push(...participationBlocks(a.participants, lang));
  return blocks;
}

/** How often a planned service is given: „2 пъти седмично“ (or its sessions a month, for a plan from before). */
function frequencyText(s: PlanRecord['plannedServices'][number], lang: Lang): string {
  const w = documentWords(lang);
  const n = s.frequency ?? s.sessionsPerMonth;
  const unit = s.frequency && s.frequencyUnit ? s.frequencyUnit : s.sessionsPerMonth ? 'MONTH' : null;
  if (!n || !unit) return '—';
  return w(n === 1 ? 'oncePer' : 'timesPer', { n, unit: enumLabel('FrequencyUnit', unit, lang) });
}

/**
 * A support plan (ИПП) version: its number and the version it revises, its dates, goals tied to
 * the assessed areas, services with frequency, place and the responsible worker, who took part,
 * the reviews, and every version of the case's plan (`versions`, oldest first; `history: false`
 * leaves that table out).
 */
export function planBlocks(p: PlanRecord, lang: Lang, options: { heading?: string; versions?: readonly PlanRecord[]; history?: boolean } = {}): Block[] {
  const w = documentWords(lang);
  const versions = options.versions ?? [];
  const revised = p.revisionOfId ? versions.find((v) => v.id === p.revisionOfId) : undefined;
  const blocks: Block[] = [
    ...(options.heading ? [{ kind: 'subheading', text: options.heading } as Block] : []),
    {
      kind: 'fields',
      rows: [
        [w('revision'), revised ? w('revisionOf', { n: p.revisionNumber, previous: revised.revisionNumber, day: formatDay(revised.startsOn, lang) }) : p.revisionNumber === 1 ? w('firstRevision') : String(p.revisionNumber)],
        [w('state'), enumLabel('SupportPlanStatus', p.status, lang)],
        [w('startsOn'), formatDay(p.startsOn, lang)],
        [w('endsOn'), formatDay(p.endsOn, lang)],
        [w('effectiveOn'), formatDay(p.effectiveOn, lang)],
        ...(p.supersededOn ? ([[w('planSupersededOn'), formatDay(p.supersededOn, lang)]] as Array<[string, string]>) : []),
        [w('reviewEvery', { n: p.reviewEveryMonths }), p.nextReviewOn ? `${w('nextReviewOn')}: ${formatDay(p.nextReviewOn, lang)}` : null],
      ],
    },
    { kind: 'subheading', text: w('goals') },
    p.goals.length
      ? {
          kind: 'table',
          header: ['№', w('goal'), w('goalArea'), w('targetOn'), w('status')],
          widths: [18, '*', 110, 58, 70],
          rows: p.goals.map((g, i) => [
            String(i + 1),
            g.description,
            g.areaRating ? `${enumLabel('AssessmentArea', g.areaRating.area, lang)}${g.areaRating.rating ? ` (${enumLabel('NeedRating', g.areaRating.rating, lang)})` : ''}` : '—',
            formatDay(g.targetOn, lang),
            enumLabel('GoalStatus', g.status, lang),
          ]),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
    { kind: 'subheading', text: w('plannedServices') },
    p.plannedServices.length
      ? {
          kind: 'table',
          header: [w('service'), w('frequency'), w('place'), w('responsible'), w('note')],
          widths: ['*', 75, 65, 95, '*'],
          rows: p.plannedServices.map((s) => [
            named(s.service, lang) ?? '',
            frequencyText(s, lang),
            s.place ? enumLabel('ServicePlace', s.place, lang) : '—',
            staffWithTitle(s.responsible, lang) ?? '—',
            s.note ?? '',
          ]),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
    ...participationBlocks(p.participants, lang),
    { kind: 'subheading', text: w('reviews') },
    p.reviews.length
      ? {
          kind: 'table',
          header: [w('dueOn'), w('heldOn'), w('decision'), w('summary')],
          widths: [62, 62, 90, '*'],
          rows: p.reviews.map((r) => [formatDay(r.dueOn, lang), formatDay(r.heldOn, lang), r.decision ? enumLabel('ReviewDecision', r.decision, lang) : '—', r.summary ?? '']),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
  ];
  if (versions.length > 1 && options.history !== false) {
    blocks.push({ kind: 'subheading', text: w('revisionHistory') });
    blocks.push({
      kind: 'table',
      header: [w('revision'), w('state'), w('startsOn'), w('effectiveOn'), w('planSupersededOn')],
      widths: [50, '*', 70, 80, 90],
      rows: versions.map((v) => [String(v.revisionNumber), enumLabel('SupportPlanStatus', v.status, lang), formatDay(v.startsOn, lang), formatDay(v.effectiveOn, lang), formatDay(v.supersededOn, lang)]),
    });
  }
  return blocks;
}

/**
 * A contract for using the service, with the minimum content the regulation sets: number and
 * date, the parties (the provider through the center and its signatory; the person, for a child
 * through the legal representative), the services, start, end and term, the fee or that it is
 * free, the plan it follows, its signing, every extension (annex) and its end with the ground.
 */
export function contractBlocks(k: ContractRecord, c: CaseRecord, center: CenterHeading, lang: Lang): Block[] {
  const w = documentWords(lang);
  // The plan in effect; for an ended contract, the last version that was.
  const plan = c.supportPlans.find((p) => p.status === 'ACTIVE') ?? c.supportPlans.filter((p) => p.status !== 'DRAFT').at(-1) ?? null;
  const blocks: Block[] = [
    {
      kind: 'fields',
      rows: [
        [w('contractNumber'), k.number],
        [w('contractDate'), formatDay(k.contractDate, lang)],
        [w('state'), enumLabel('ContractStatus', k.status, lang)],
        [w('signedOn'), formatDay(k.signedOn, lang)],
      ],
    },
    { kind: 'subheading', text: w('parties') },
    {
      kind: 'fields',
      rows: [
        [w('providerParty'), `${center.provider} — ${center.name}, ${center.address}`],
        [w('providerSignatory'), staffWithTitle(k.providerSignatory, lang)],
        [w('thePerson'), `${personName(c.person)}${c.person.birthDate ? `, ${formatDay(c.person.birthDate, lang)}` : ''}`],
        ...(k.representative
          ? ([[w('legalRepresentative'), [personName(k.representative), k.representative.address].filter(Boolean).join(', ')]] as Array<[string, string]>)
          : []),
      ],
    },
    { kind: 'subheading', text: w('contractServices') },
    listOrNone(k.services.map((s) => named(s.service, lang) ?? ''), lang),
    { kind: 'subheading', text: w('termAndFees') },
    {
      kind: 'fields',
      rows: [
        [w('term'), w('termValue', { from: formatDay(k.startsOn, lang), to: formatDay(k.endsOn, lang), n: termMonths(k.startsOn, k.endsOn) })],
        [w('fees'), k.feeAmount === null ? w('free') : [w('feeValue', { amount: Number(k.feeAmount).toFixed(2) }), k.feeNote].filter(Boolean).join(' — ')],
        [w('planFollowed'), plan ? w('planVersionOn', { n: plan.revisionNumber, day: formatDay(plan.effectiveOn ?? plan.startsOn, lang) }) : null],
      ],
    },
    { kind: 'subheading', text: w('extensions') },
    k.extensions.length
      ? {
          kind: 'table',
          header: [w('extendedOn'), w('previousEndsOn'), w('newEndsOn'), w('ground')],
          widths: [62, 70, 62, '*'],
          rows: k.extensions.map((x) => [formatDay(x.extendedOn, lang), formatDay(x.previousEndsOn, lang), formatDay(x.newEndsOn, lang), x.ground]),
        }
      : { kind: 'paragraph', text: w('none'), italic: true },
  ];
  if (k.endedOn) {
    blocks.push({ kind: 'subheading', text: w('ending') });
    blocks.push({
      kind: 'fields',
      rows: [
        [w('endedOn'), formatDay(k.endedOn, lang)],
        [w('endGround'), k.endGround ? enumLabel('ContractEndGround', k.endGround, lang) : null],
        [w('note'), k.endNote],
      ],
    });
  }
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
