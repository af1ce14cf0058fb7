import { randomUUID } from 'node:crypto';
import type { Prisma } from '../client.ts';
import { areasFor, NEED_RATINGS, type AssessmentAreaName, type NeedRatingName } from '@opora/common/assessment';
import { addDays, addMonths } from '@opora/common/calendar';
import type { ActivityRows, CenterContext } from './activity.ts';
import type { Rng } from './random.ts';

// The demo's needs assessments and support plans as the structured ИОП and ИПП record them:
// every area of a completed assessment rated with notes, risks, strengths, sources and the
// participation of the child and the parent; some active cases reassessed; goals tied to the
// areas of greatest need; services with frequency, place and the responsible worker; and plans
// revised at a review (the version before kept, SUPERSEDED). It runs after the rest of the
// activity with its own generator, so everything generated before stays as it was.

export type AssessmentPlanRows = {
  assessmentAreas: Prisma.AssessmentAreaRatingCreateManyInput[];
  participations: Prisma.ParticipationCreateManyInput[];
};

const NOTES: Partial<Record<AssessmentAreaName, readonly string[]>> = {
  HEALTH: ['Редовни профилактични прегледи; без хронични заболявания.', 'Чести простуди; пропуснати имунизации.'],
  EDUCATION: ['Чести отсъствия; изоставане по четене и математика.', 'Посещава редовно детската градина.', 'Затруднения в писането; нужда от допълнителна подкрепа.'],
  EMOTIONAL_BEHAVIOURAL: ['Изблици на гняв при смяна на обстановката.', 'Тревожност при раздяла с майката.', 'Спокойно, общително дете.'],
  IDENTITY: ['Познава произхода си; говори свободно за семейството.', 'Несигурност относно мястото си в приемното семейство.'],
  FAMILY_SOCIAL_RELATIONSHIPS: ['Близка връзка с баба си; малко приятели в класа.', 'Конфликти с по-големия брат.'],
  SELF_CARE: ['Самостоятелно се облича и храни.', 'Нужда от напомняне за личната хигиена.'],
  BASIC_CARE: ['Детето е нахранено и облечено според сезона.', 'Нередовно хранене; липса на зимни дрехи.'],
  SAFETY: ['Родителят осигурява безопасна среда.', 'Детето остава само вечер без надзор.'],
  EMOTIONAL_WARMTH: ['Топла и приемаща връзка с майката.', 'Малко похвала и физическа близост.'],
  STIMULATION: ['Майката чете на детето всяка вечер.', 'Малко игри и занимания у дома.'],
  GUIDANCE_BOUNDARIES: ['Непоследователни правила; наказания без обяснение.', 'Ясни правила, съобразени с възрастта.'],
  STABILITY: ['Чести смени на жилището през последната година.', 'Стабилна семейна среда.'],
  FAMILY_HISTORY: ['Раздяла на родителите преди две години.', 'Предишна работа с ОЗД по сигнал.'],
  WIDER_FAMILY: ['Бабата помага с грижите през седмицата.', 'Няма контакт с роднините по бащина линия.'],
  HOUSING: ['Двустайно жилище под наем; пренаселено.', 'Собствена къща с добри условия.'],
  EMPLOYMENT: ['Майката работи на смени.', 'Безработен родител, регистриран в бюрото по труда.'],
  INCOME: ['Семейството получава месечни помощи за деца.', 'Доходи под линията на бедност.'],
  SOCIAL_INTEGRATION: ['Семейството е изолирано; малко контакти в квартала.', 'Участва в живота на общността.'],
  COMMUNITY_RESOURCES: ['Наблизо има училище и читалище.', 'Ограничен достъп до услуги в селото.'],
};

const RISKS = ['Отпадане от училище', 'Неглижиране на детето', 'Конфликт между родителите', 'Риск от изоставяне', 'Насилие в семейството', 'Зависимост на родител', 'Социална изолация'];
const STRENGTHS = ['Мотивирана майка', 'Подкрепяща баба', 'Детето обича да рисува', 'Добра връзка с учителката', 'Желание за промяна', 'Стабилна работа на бащата'];
const SOURCES = [
  'Разговор с детето',
  'Разговор с майката',
  'Посещение в дома',
  'Разговор с класния ръководител',
  'Доклад на ОЗД',
  'Медицинска документация от личния лекар',
  'Психологическо наблюдение в центъра',
];
const PLACES = [['CENTER', 70], ['HOME', 12], ['SCHOOL', 10], ['FIELD', 5], ['ONLINE', 3]] as const;

const better = (r: NeedRatingName): NeedRatingName => NEED_RATINGS[Math.max(0, NEED_RATINGS.indexOf(r) - 1)]!;
const worse = (r: NeedRatingName): NeedRatingName => NEED_RATINGS[Math.min(NEED_RATINGS.length - 1, NEED_RATINGS.indexOf(r) + 1)]!;

export function structureAssessmentsAndPlans(ctx: CenterContext, rows: ActivityRows, rng: Rng): AssessmentPlanRows {
  const { centerId, today } = ctx;
  const out: AssessmentPlanRows = { assessmentAreas: [], participations: [] };
  const cases = new Map(rows.cases.map((c) => [c.id!, c]));
  // Random streams are forked by a row's place in its list, never by its id (ids are random
  // UUIDs): the same today gives the same demo.
  const place = new Map<string, number>();
  for (const list of [rows.cases, rows.assessments, rows.plannedServices, rows.supportPlans] as { id?: string }[][]) list.forEach((x, i) => place.set(x.id!, i));
  const clients = new Map(rows.clients.map((c) => [c.id!, c]));
  const parentOf = new Map<string, string>();
  for (const p of rows.caseParticipants) if (!parentOf.has(p.caseId)) parentOf.set(p.caseId, p.clientId);
  const nameOf = (clientId: string | undefined) => {
    const c = clientId ? clients.get(clientId) : undefined;
    return c ? `${c.firstName} ${c.lastName}` : '—';
  };
  const kindOf = (caseId: string) => clients.get(cases.get(caseId)!.personId)?.kind ?? 'CHILD';

  // Ratings per area of an assessment, kept for the goals and the reassessments.
  const ratingsOf = new Map<string, Map<AssessmentAreaName, { id: string; rating: NeedRatingName | null }>>();
  const rate = (assessmentId: string, ratings: Map<AssessmentAreaName, NeedRatingName | null>, r: Rng) => {
    const stored = new Map<AssessmentAreaName, { id: string; rating: NeedRatingName | null }>();
    for (const [area, rating] of ratings) {
      const id = randomUUID();
      const bank = NOTES[area] ?? [];
      const notes = rating && rating !== 'NO_CONCERN' && bank.length && r.chance(0.7) ? r.pick(bank) : null;
      out.assessmentAreas.push({ id, centerId, assessmentId, area, rating, notes });
      stored.set(area, { id, rating });
    }
    ratingsOf.set(assessmentId, stored);
  };
  const participate = (owner: { assessmentId: string } | { planId: string }, caseId: string, signedOn: Date | null, r: Rng) => {
    const child = cases.get(caseId)!.personId;
    const signed = signedOn !== null;
    out.participations.push(
      { id: randomUUID(), centerId, ...owner, position: 0, role: kindOf(caseId) === 'ADULT' ? 'PERSON' : 'CHILD', name: nameOf(child), present: true, heard: true, agreed: signed && r.chance(0.8), signed: false, signedOn: null },
      { id: randomUUID(), centerId, ...owner, position: 1, role: 'PARENT', name: nameOf(parentOf.get(caseId)), present: true, heard: true, agreed: signed, signed, signedOn },
    );
  };

  // Assessments: completed ones rate every area; an open one has some rated so far.
  for (const a of [...rows.assessments]) {
    const r = rng.fork(`assessment-${place.get(a.id!)}`);
    const areas = areasFor(kindOf(a.caseId));
    const heavy = new Set(r.sample(areas, r.int(2, 4)));
    const strong = new Set(r.sample(areas.filter((x) => !heavy.has(x)), r.int(1, 3)));
    const ratings = new Map<AssessmentAreaName, NeedRatingName | null>();
    for (const area of areas) {
      if (!a.completedOn && !r.chance(0.4)) continue;
      ratings.set(area, heavy.has(area) ? r.pick(['SIGNIFICANT_NEED', 'SIGNIFICANT_NEED', 'SEVERE_NEED'] as const) : strong.has(area) ? 'STRENGTH' : r.weighted([['NO_CONCERN', 60], ['SOME_NEED', 40]] as const));
    }
    rate(a.id!, ratings, r);
    Object.assign(a, { risks: r.sample(RISKS, r.int(1, 3)), strengths: r.sample(STRENGTHS, r.int(1, 2)), sources: r.sample(SOURCES, r.int(2, 4)) });
    participate({ assessmentId: a.id! }, a.caseId, a.completedOn ? (a.completedOn as Date) : null, r);
  }

  // Goals answer the areas of greatest need of the assessment before the plan.
  const firstCompleted = new Map<string, string>();
  for (const a of rows.assessments) if (a.completedOn && !firstCompleted.has(a.caseId)) firstCompleted.set(a.caseId, a.id!);
  const planById = new Map(rows.supportPlans.map((p) => [p.id!, p]));
  const needs = (assessmentId: string | undefined) =>
    assessmentId
      ? [...(ratingsOf.get(assessmentId) ?? new Map()).entries()]
          .filter(([, v]) => v.rating && NEED_RATINGS.indexOf(v.rating) >= 2)
          .sort((x, y) => NEED_RATINGS.indexOf(y[1].rating!) - NEED_RATINGS.indexOf(x[1].rating!))
          .map(([, v]) => v.id)
      : [];
  const goalsByPlan = new Map<string, Prisma.SupportPlanGoalCreateManyInput[]>();
  for (const g of rows.goals) goalsByPlan.set(g.planId, [...(goalsByPlan.get(g.planId) ?? []), g]);
  for (const [planId, goals] of goalsByPlan) {
    const ids = needs(firstCompleted.get(planById.get(planId)!.caseId));
    goals.forEach((g, i) => {
      if (ids.length) g.areaRatingId = ids[i % ids.length]!;
    });
  }

  // Services: how often, where, and the case's lead worker responsible.
  for (const s of rows.plannedServices) {
    const r = rng.fork(`service-${place.get(s.id!)}`);
    const weekly = r.chance(0.35);
    Object.assign(s, weekly ? { frequency: 1, frequencyUnit: 'WEEK', sessionsPerMonth: 4 } : { frequency: s.sessionsPerMonth ?? 1, frequencyUnit: 'MONTH' });
    s.place = r.weighted(PLACES);
    s.responsibleId = cases.get(planById.get(s.planId)!.caseId)?.leadWorkerId ?? null;
  }

  // Plans: in effect from their start; the participants agreed and signed a plan put into effect.
  for (const p of rows.supportPlans) {
    const r = rng.fork(`plan-${place.get(p.id!)}`);
    if (p.status !== 'DRAFT') p.effectiveOn = p.startsOn;
    participate({ planId: p.id! }, p.caseId, p.status === 'DRAFT' ? null : (p.startsOn as Date), r);
  }

  // Revisions: an active plan whose review decided to revise it has a second version from that
  // review on; the first is kept, superseded. At least one per center.
  const active = rows.supportPlans.filter((p) => p.status === 'ACTIVE');
  const reviewsOf = (planId: string) => rows.planReviews.filter((rv) => rv.planId === planId).sort((x, y) => +(x.dueOn as Date) - +(y.dueOn as Date));
  let revised = active.filter((p) => reviewsOf(p.id!).some((rv) => rv.decision === 'REVISE_PLAN' && rv.heldOn));
  if (!revised.length) {
    const first = active.find((p) => reviewsOf(p.id!).some((rv) => rv.heldOn));
    if (first) revised = [first];
  }
  for (const v1 of revised) {
    const r = rng.fork(`revision-${place.get(v1.id!)}`);
    const reviews = reviewsOf(v1.id!);
    const at = reviews.find((rv) => rv.decision === 'REVISE_PLAN' && rv.heldOn) ?? reviews.find((rv) => rv.heldOn)!;
    const heldOn = at.heldOn as Date;
    const v2Id = randomUUID();
    const v2: Prisma.SupportPlanCreateManyInput = {
      ...v1,
      id: v2Id,
      status: 'ACTIVE',
      startsOn: heldOn,
      endsOn: addMonths(heldOn, 12),
      revisionNumber: 2,
      revisionOfId: v1.id!,
      effectiveOn: heldOn,
      supersededOn: null,
      version: 1,
      createdAt: new Date(+(heldOn as Date) + 13 * 3600_000),
      updatedAt: new Date(+(heldOn as Date) + 13 * 3600_000),
    };
    Object.assign(v1, { status: 'SUPERSEDED', supersededOn: heldOn, nextReviewOn: null, endsOn: heldOn });
    rows.supportPlans.push(v2);
    // Later reviews belong to the version in effect.
    for (const rv of reviews) if (+(rv.dueOn as Date) > +heldOn) rv.planId = v2Id;
    const goals = goalsByPlan.get(v1.id!) ?? [];
    goals.forEach((g, position) => {
      rows.goals.push({ ...g, id: randomUUID(), planId: v2Id, position, status: g.status === 'OPEN' && r.chance(0.3) ? 'PARTLY_ACHIEVED' : g.status, targetOn: addMonths(heldOn, 6) });
    });
    for (const s of rows.plannedServices.filter((x) => x.planId === v1.id)) rows.plannedServices.push({ ...s, id: randomUUID(), planId: v2Id });
    participate({ planId: v2Id }, v1.caseId, heldOn, r);
  }

  // Reassessments: some active cases were assessed again after months of work; most areas of
  // need improved. Completed, so the case keeps no open assessment.
  const reassess = rows.supportPlans.filter((p) => p.status === 'ACTIVE' && firstCompleted.has(p.caseId));
  const chosen = reassess.filter((p, i) => i % 4 === 0 && +addMonths(p.startsOn as Date, 4) < +today).slice(0, 12);
  for (const p of chosen) {
    const r = rng.fork(`reassessment-${place.get(p.caseId)}`);
    const firstId = firstCompleted.get(p.caseId)!;
    const first = rows.assessments.find((a) => a.id === firstId)!;
    const completedOn = addDays(addMonths(p.startsOn as Date, 4), r.int(0, 10));
    if (+completedOn > +today) continue;
    const id = randomUUID();
    rows.assessments.push({
      ...first,
      id,
      dueOn: completedOn,
      startedOn: addDays(completedOn, -7),
      completedOn,
      summary: 'Повторна оценка: напредък в повечето области; подкрепата продължава.',
      version: 1,
      createdAt: new Date(+addDays(completedOn, -7) + 11 * 3600_000),
      updatedAt: new Date(+completedOn + 11 * 3600_000),
    });
    const previous = ratingsOf.get(firstId)!;
    const ratings = new Map<AssessmentAreaName, NeedRatingName | null>();
    for (const [area, v] of previous) ratings.set(area, v.rating && NEED_RATINGS.indexOf(v.rating) >= 2 ? r.weighted([[better(v.rating), 65], [v.rating, 25], [worse(v.rating), 10]] as const) : v.rating);
    rate(id, ratings, r);
    participate({ assessmentId: id }, p.caseId, completedOn, r);
  }
  return out;
}
