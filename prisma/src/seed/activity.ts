// About two years of synthetic casework for one center: families, referrals, the ЗСУ
// lifecycle (referral → assessment → plan → contract → reviews → closure), sessions, group programs,
// open-access contacts and consents. Pure: it only builds rows; demo.ts writes them.
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../client.ts';
import { toSearchName } from '../search-name.ts';
import { addDays, addMonths, daysBetween, monthOf, sofiaTime as at } from '@opora/common/calendar';
import { toWorkday } from './calendar.ts';
import type { CenterSpec, GroupProgramSpec } from './centers.ts';
import { femaleSurname, firstName, MALE_FIRST, personName, SURNAMES, type Sex } from './names.ts';
import type { Rng } from './random.ts';
import { structureAssessmentsAndPlans, type AssessmentPlanRows } from './assessment-plan.ts';

export type StaffRef = { key: string; membershipId: string; profession: string; role: string; teams: readonly string[] };
export type SettlementRef = { id: string; ekatte: string; nameBg: string; municipalityId: string; municipalityCode: string; kind: 'CITY' | 'VILLAGE' };

export type CenterContext = {
  centerId: string;
  spec: CenterSpec;
  today: Date;
  staff: readonly StaffRef[];
  services: ReadonlyMap<string, string>; // key → CenterService id
  partners: ReadonlyMap<string, string>; // key → PartnerOrganization id
  teams: ReadonlyMap<string, string>; // key → Team id
  settlements: ReadonlyMap<string, SettlementRef>; // EKATTE → settlement
  targetGroups: ReadonlyMap<string, string>; // code → TargetGroup id
  homeSettlementEkatte: string;
};

export type ActivityRows = {
  clients: Prisma.ClientCreateManyInput[];
  households: Prisma.HouseholdCreateManyInput[];
  householdMembers: Prisma.HouseholdMemberCreateManyInput[];
  cases: Prisma.CaseCreateManyInput[];
  caseTargetGroups: Prisma.CaseTargetGroupCreateManyInput[];
  caseParticipants: Prisma.CaseParticipantCreateManyInput[];
  caseTeamMembers: Prisma.CaseTeamMemberCreateManyInput[];
  statusChanges: Prisma.CaseStatusChangeCreateManyInput[];
  assessments: Prisma.AssessmentCreateManyInput[];
  supportPlans: Prisma.SupportPlanCreateManyInput[];
  goals: Prisma.SupportPlanGoalCreateManyInput[];
  plannedServices: Prisma.PlannedServiceCreateManyInput[];
  planReviews: Prisma.PlanReviewCreateManyInput[];
  contracts: Prisma.ContractCreateManyInput[];
  contractServices: Prisma.ContractServiceCreateManyInput[];
  contractExtensions: Prisma.ContractExtensionCreateManyInput[];
  groupPrograms: Prisma.GroupProgramCreateManyInput[];
  participants: Prisma.GroupProgramParticipantCreateManyInput[];
  meetings: Prisma.GroupMeetingCreateManyInput[];
  attendances: Prisma.AttendanceCreateManyInput[];
  sessions: Prisma.SessionCreateManyInput[];
  sessionStaff: Prisma.SessionStaffCreateManyInput[];
  sessionClients: Prisma.SessionClientCreateManyInput[];
  notes: Prisma.NoteCreateManyInput[];
  openAccessContacts: Prisma.OpenAccessContactCreateManyInput[];
  consents: Prisma.ConsentCreateManyInput[];
} & AssessmentPlanRows;

type CaseStatus = 'REFERRED' | 'ASSESSMENT' | 'SUPPORT_PLAN' | 'ACTIVE' | 'CLOSED';
type Outcome = NonNullable<Prisma.CaseCreateManyInput['closureOutcome']>;
type Person = { id: string; name: string; sex: Sex; kind: 'CHILD' | 'ADULT'; settlement: SettlementRef };

const HISTORY_DAYS = 730; // two years back
const HORIZON_DAYS = 21; // sessions and reviews planned a few weeks ahead

const STREETS = ['ул. „Розова долина“', 'ул. „Искра“', 'ул. „Стара планина“', 'ул. „Христо Ботев“', 'ул. „Васил Левски“', 'ул. „Шипка“', 'ул. „Иван Вазов“', 'ул. „Тракия“', 'ул. „Възраждане“', 'ул. „Орфей“'];

// Why a child comes, by target group: the short line a referral carries.
const REASONS: Record<string, readonly string[]> = {
  DEVELOPMENTAL_DIFFICULTIES: ['Забавено двигателно развитие, нужда от ранна интервенция.', 'Затруднения в развитието, насочване от личния лекар.'],
  RISK_OF_ABANDONMENT: ['Майка в трудна ситуация след раждането, риск от изоставяне.', 'Семейство без подкрепа, риск от настаняване извън семейството.'],
  IN_PUBLIC_CARE: ['Младеж, напускащ резидентна грижа, нужда от умения за самостоятелен живот.'],
  FOSTER_AND_ADOPTIVE_FAMILIES: ['Подкрепа на приемно семейство при адаптация на детето.', 'Осиновено дете, въпроси за произхода.'],
  DOMESTIC_VIOLENCE_WITNESS: ['Дете, свидетел на домашно насилие.'],
  SCHOOL_DROPOUT_RISK: ['Чести отсъствия от училище, риск от отпадане.', 'Обучителни трудности и слаб успех.'],
  DIFFICULT_SOCIAL_STATUS: ['Семейство с ниски доходи и лоши жилищни условия.'],
  PREGNANT_GIRLS: ['Непълнолетна бременна, нужда от подкрепа и информиране.'],
  CHILD_VICTIMS_OF_VIOLENCE: ['Дете, жертва на насилие; сигнал по Координационния механизъм.', 'Дете, преживяло физическо насилие в семейството.'],
  EMOTIONAL_BEHAVIOURAL_PROBLEMS: ['Агресивно поведение в училище.', 'Емоционални трудности и бягства от дома.', 'Противообществени прояви, насочване от МКБППМН.'],
  SPEECH_LANGUAGE_DISORDERS: ['Езиково-говорно нарушение, затруднения в детската градина.', 'Заекване.'],
  PARENTS_IN_SEPARATION_CONFLICT: ['Конфликт между родителите при развод, затруднен контакт с детето.'],
  PARENTS_OF_CHILDREN_WITH_DISABILITIES: ['Дете с увреждане, родителите търсят подкрепа и рехабилитация.'],
  PARENTS_WITH_ADDICTIONS: ['Родител със зависимост, рискова среда за детето.'],
  LOW_PARENTAL_CAPACITY: ['Занемаряване, нужда от повишаване на родителския капацитет.'],
  FAMILY_REINTEGRATION: ['Предстоящо връщане на детето в семейството след приемна грижа.'],
  FAMILIES_AT_RISK_OF_SEPARATION: ['Риск от извеждане на детето от семейството.'],
};

const GOALS: Record<string, readonly string[]> = {
  DEVELOPMENTAL_DIFFICULTIES: ['Подобряване на двигателните умения', 'Родителите прилагат упражненията у дома', 'Подготовка за детска градина'],
  RISK_OF_ABANDONMENT: ['Детето остава в семейството', 'Майката е включена в подкрепящи услуги', 'Осигурени документи и помощи'],
  IN_PUBLIC_CARE: ['Умения за управление на бюджет', 'Намерено жилище и работа', 'Стабилни връзки с близки'],
  FOSTER_AND_ADOPTIVE_FAMILIES: ['Успешна адаптация на детето', 'Разговор за произхода, съобразен с възрастта'],
  DOMESTIC_VIOLENCE_WITNESS: ['Детето е в безопасност', 'Намалени симптоми на травма', 'План за безопасност на семейството'],
  SCHOOL_DROPOUT_RISK: ['Редовно посещение на училище', 'Подобрен успех', 'Връзка между семейството и училището'],
  DIFFICULT_SOCIAL_STATUS: ['Достъп до социални помощи', 'Подобрени битови условия'],
  PREGNANT_GIRLS: ['Проследяване на бременността', 'Подготовка за грижа за бебето', 'Продължаване на образованието'],
  CHILD_VICTIMS_OF_VIOLENCE: ['Детето е в безопасност', 'Преработване на травматичното преживяване', 'Родителят защитава детето'],
  EMOTIONAL_BEHAVIOURAL_PROBLEMS: ['Намаляване на агресивните прояви', 'Умения за справяне с гнева', 'Подобрено общуване в семейството'],
  SPEECH_LANGUAGE_DISORDERS: ['Правилно произношение на звуците', 'Разширен речник', 'Подготовка за училище'],
  PARENTS_IN_SEPARATION_CONFLICT: ['Споразумение за режим на лични отношения', 'Намален конфликт пред детето'],
  PARENTS_OF_CHILDREN_WITH_DISABILITIES: ['Рехабилитационен план у дома', 'Родителите получават подкрепа'],
  PARENTS_WITH_ADDICTIONS: ['Родителят е включен в лечение', 'Безопасна среда за детето'],
  LOW_PARENTAL_CAPACITY: ['Редовна грижа за хигиената и храненето', 'Родителят посещава училището', 'Ежедневен режим на детето'],
  FAMILY_REINTEGRATION: ['Подготовка на семейството за връщането', 'Стабилна грижа след връщането'],
  FAMILIES_AT_RISK_OF_SEPARATION: ['Детето остава в семейството', 'Подобрени родителски умения'],
};

const SESSION_NOTES = [
  'Детето е по-спокойно, включва се в заниманията.', 'Майката съобщава за подобрение у дома.', 'Обсъдени трудностите в училище; договорена среща с класния ръководител.',
  'Упражненията за у дома са показани на родителя.', 'Детето отказа да говори днес; следваща среща след седмица.', 'Напредък в произношението на звук „р“.',
  'Семейството е получило помощите; следващата стъпка е детската градина.', 'Проведен разговор с двамата родители заедно.',
];
const RESTRICTED_NOTES = [
  'Детето разказа нови подробности за насилието; информиран е ОЗД.', 'Родителят сподели за рецидив; обсъден план за безопасност.', 'Съмнение за нов инцидент; предстои среща по Координационния механизъм.',
];

const OUTCOMES: readonly (readonly [Outcome, number])[] = [
  ['GOALS_MET', 40], ['ABANDONMENT_PREVENTED', 8], ['PLACEMENT_PREVENTED', 8], ['FAMILY_REINTEGRATION', 5], ['SCHOOL_RETURN', 6],
  ['MOVED_AWAY', 6], ['REFUSED', 6], ['TRANSFERRED', 5], ['CONTACT_LOST', 7], ['OTHER', 3],
];

const REFERRAL_SOURCES = [
  ['CHILD_PROTECTION_DEPARTMENT', 58], ['SOCIAL_ASSISTANCE_DIRECTORATE', 5], ['SCHOOL', 9], ['KINDERGARTEN', 4], ['HOSPITAL', 3],
  ['GENERAL_PRACTITIONER', 3], ['COURT', 4], ['POLICE', 2], ['MUNICIPALITY', 2], ['NGO', 2], ['SELF', 8],
] as const;

export function generateActivity(ctx: CenterContext, rng: Rng): ActivityRows {
  const rows: ActivityRows = {
    clients: [], households: [], householdMembers: [], cases: [], caseTargetGroups: [], caseParticipants: [], caseTeamMembers: [],
    statusChanges: [], assessments: [], supportPlans: [], goals: [], plannedServices: [], planReviews: [], contracts: [], contractServices: [], contractExtensions: [], groupPrograms: [],
    participants: [], meetings: [], attendances: [], sessions: [], sessionStaff: [], sessionClients: [], notes: [],
    openAccessContacts: [], consents: [], assessmentAreas: [], participations: [],
  };
  const { spec, centerId, today } = ctx;
  const centerRng = rng.fork(spec.code);
  const staffBy = (profession: string) => ctx.staff.filter((s) => s.profession === profession);
  const manager = ctx.staff.find((s) => s.role === 'MANAGER')!;
  const caseWorkers = ctx.staff.filter((s) => s.role === 'CASE_WORKER');
  const mobileStaff = spec.mobileTeam ? ctx.staff.filter((s) => s.teams.includes(spec.mobileTeam!)) : [];
  const serviceSpec = new Map(spec.services.map((s) => [s.key, s]));
  const smallCellUse = new Map<string, number>();
  const contractNumberByYear = new Map<number, number>();
  const settlement = (ekatte: string) => {
    const s = ctx.settlements.get(ekatte);
    if (!s) throw new Error(`${spec.code}: unknown settlement ${ekatte}`);
    return s;
  };

  const newClient = (p: {
    rng: Rng; sex: Sex; kind: 'CHILD' | 'ADULT'; surname: string; fatherFirst?: string; birthDate?: Date; birthYear?: number;
    settlement: SettlementRef; address: string; createdAt: Date;
  }): Person => {
    const name = personName(p.rng, p.sex, p.surname, p.fatherFirst);
    const id = randomUUID();
    rows.clients.push({
      id, centerId, kind: p.kind, ...name,
      searchName: toSearchName(`${name.firstName} ${name.middleName} ${name.lastName}`),
      birthDate: p.birthDate ?? null, birthYear: p.birthYear ?? p.birthDate?.getUTCFullYear() ?? null,
      sex: p.sex, settlementId: p.settlement.id, address: p.address, version: 1, createdAt: p.createdAt, updatedAt: p.createdAt,
    });
    return { id, name: `${name.firstName} ${name.lastName}`, sex: p.sex, kind: p.kind, settlement: p.settlement };
  };

  // ── Cases ───────────────────────────────────────────────────────────────
  // Referral days, oldest first; a few fresh ones in the last days so the intake queue is never empty.
  const caseRng = centerRng.fork('cases');
  const referralOffsets: number[] = [];
  for (let i = 0; i < spec.cases; i++) referralOffsets.push(caseRng.int(7, HISTORY_DAYS));
  for (let i = 0; i < 4; i++) referralOffsets.push(i); // today, yesterday, …
  referralOffsets.sort((a, b) => b - a);

  const numberByYear = new Map<number, number>();
  const sessionPlans: {
    caseId: string; from: Date; activeFrom: Date | null; to: Date; child: Person; parent: Person; lead: StaffRef;
    services: string[]; team: StaffRef[]; home: boolean; rng: Rng;
  }[] = [];

  referralOffsets.forEach((offset, index) => {
    const r = caseRng.fork(`case-${index}`);
    const referralDate = toWorkday(addDays(today, -offset), today);
    const fresh = offset < 4;
    const residence = settlement(r.weighted(spec.residence));
    const [minAge, maxAge] = r.weighted(spec.childAges.map(([a, b, w]) => [[a, b] as const, w] as const));
    const age = r.int(minAge, maxAge);
    const birthDate = addDays(referralDate, -(age * 365 + r.int(0, 364)));
    const childSex: Sex = r.chance(0.5) ? 'FEMALE' : 'MALE';
    const surname = r.pick(SURNAMES);
    const fatherFirst = r.pick(MALE_FIRST);
    const address = residence.kind === 'CITY' ? `${r.pick(STREETS)} ${r.int(1, 140)}` : `${r.pick(STREETS)} ${r.int(1, 60)}`;
    const createdAt = at(referralDate, 10);

    // Target groups first: they decide the services and the family around the child.
    const primaryGroup = r.weighted(spec.targetGroups);
    const groups = [primaryGroup];
    if (r.chance(0.3)) {
      const second = r.weighted(spec.targetGroups);
      if (second !== primaryGroup) groups.push(second);
    }
    const foster = groups.includes('FOSTER_AND_ADOPTIVE_FAMILIES');

    const child = newClient({ rng: r, sex: childSex, kind: 'CHILD', surname, fatherFirst, birthDate, settlement: residence, address, createdAt });
    const motherBirth = birthDate.getUTCFullYear() - r.int(19, 38);
    const mother = newClient({ rng: r, sex: 'FEMALE', kind: 'ADULT', surname, birthYear: motherBirth, settlement: residence, address, createdAt });
    const withFather = !groups.includes('PREGNANT_GIRLS') && r.chance(0.45);
    const father = withFather
      ? newClient({ rng: r, sex: 'MALE', kind: 'ADULT', surname, birthYear: motherBirth - r.int(0, 6), settlement: residence, address, createdAt })
      : undefined;
    // Adults' first names were drawn at random; the child's middle name follows the father's.
    if (father) {
      const fatherRow = rows.clients[rows.clients.length - 1]!;
      fatherRow.firstName = fatherFirst;
      fatherRow.searchName = toSearchName(`${fatherFirst} ${fatherRow.middleName ?? ''} ${fatherRow.lastName}`);
      father.name = `${fatherFirst} ${fatherRow.lastName}`;
    }
    const grandparent = r.chance(0.12)
      ? newClient({ rng: r, sex: 'FEMALE', kind: 'ADULT', surname, birthYear: motherBirth - r.int(20, 30), settlement: residence, address, createdAt })
      : undefined;

    const householdId = randomUUID();
    rows.households.push({
      id: householdId, centerId, name: `Семейство ${pluralSurname(surname)}`, settlementId: residence.id, address, version: 1, createdAt, updatedAt: createdAt,
    });
    rows.householdMembers.push({ centerId, householdId, clientId: child.id, relationship: 'CHILD', isPrimaryCaregiver: false });
    rows.householdMembers.push({ centerId, householdId, clientId: mother.id, relationship: foster ? 'FOSTER_PARENT' : 'MOTHER', isPrimaryCaregiver: true });
    if (father) rows.householdMembers.push({ centerId, householdId, clientId: father.id, relationship: foster ? 'FOSTER_PARENT' : 'FATHER', isPrimaryCaregiver: false });
    if (grandparent) rows.householdMembers.push({ centerId, householdId, clientId: grandparent.id, relationship: 'GRANDPARENT', isPrimaryCaregiver: false });

    // Referral.
    const source = r.weighted(REFERRAL_SOURCES);
    const year = referralDate.getUTCFullYear();
    const seq = (numberByYear.get(year) ?? 0) + 1;
    numberByYear.set(year, seq);
    const number = `${spec.code}-${year}-${String(seq).padStart(4, '0')}`;
    const referringOrganizationId = referringPartner(ctx, source, residence);
    const documentNumber = referralDocument(r, source, year);

    // Lead worker: the mobile team for families in the villages, else any case worker.
    const outOfTown = residence.ekatte !== ctx.homeSettlementEkatte;
    const mobileLeads = mobileStaff.filter((s) => s.role === 'CASE_WORKER');
    const lead = outOfTown && mobileLeads.length > 0 && r.chance(0.8) ? r.pick(mobileLeads) : r.pick(caseWorkers);
    const teamKey = outOfTown && spec.mobileTeam && mobileStaff.includes(lead) ? spec.mobileTeam : 'mdt';

    // Services planned for the case, minding the small cells kept on purpose.
    const candidates = [...new Set(groups.flatMap((g) => spec.servicesFor[g] ?? []))];
    const services = candidates.filter((key, i) => i === 0 || r.chance(0.45)).filter((key) => {
      const cell = spec.smallCells.find((c) => c.service === key && c.municipalityCode === residence.municipalityCode);
      if (!cell) return true;
      const used = smallCellUse.get(key + residence.municipalityCode) ?? 0;
      if (used >= cell.max) return false;
      smallCellUse.set(key + residence.municipalityCode, used + 1);
      return true;
    });
    if (services.length === 0) services.push(residence.municipalityCode === 'SZR22' ? 'prevention' : candidates.find((c) => c !== 'speech' && c !== 'physio') ?? 'family');
    const specialists = services
      .map((key) => chooseStaff(r, ctx, serviceSpec.get(key)!.by, lead))
      .filter((s) => s.membershipId !== lead.membershipId);
    const team = [...new Map(specialists.map((s) => [s.membershipId, s])).values()];

    // Lifecycle, in days after the referral. Some assessments are late, a few stall.
    const assessStart = fresh ? Infinity : r.int(1, 5);
    // Stalled assessments only among recent referrals: an old one would have been closed.
    const stalled = r.chance(0.12) && offset < 75;
    const assessDone = stalled ? Infinity : r.chance(0.18) ? r.int(21, 34) : r.int(8, 20);
    const screenedOut = r.chance(0.06);
    const planStart = assessDone + r.int(0, 6);
    const activeFrom = planStart + r.int(3, 14); // contract signed
    const earlyEnd = r.chance(0.12);
    const activeDays = earlyEnd ? r.int(20, 70) : r.int(70, 330);
    const closeAt = screenedOut ? assessDone + r.int(1, 6) : activeFrom + activeDays;
    const age0 = daysBetween(referralDate, today); // days since referral

    let status: CaseStatus = 'REFERRED';
    if (age0 >= assessStart) status = 'ASSESSMENT';
    if (age0 >= assessDone && !screenedOut) status = 'SUPPORT_PLAN';
    if (age0 >= activeFrom && !screenedOut) status = 'ACTIVE';
    if (age0 >= closeAt) status = 'CLOSED';

    const day = (n: number) => addDays(referralDate, n);
    const closedOn = status === 'CLOSED' ? day(closeAt) : null;
    const closureOutcome: Outcome | null =
      status !== 'CLOSED' ? null : screenedOut ? r.pick(['NOT_ELIGIBLE', 'REFUSED', 'TRANSFERRED'] as const) : earlyEnd ? r.pick(['REFUSED', 'CONTACT_LOST', 'MOVED_AWAY'] as const) : r.weighted(OUTCOMES);

    const caseId = randomUUID();
    rows.cases.push({
      id: caseId, centerId, number, personId: child.id, householdId, status, referralDate,
      ...intakeOf(source, referralDate, documentNumber, seq, year), referralReason: r.pick(REASONS[primaryGroup] ?? ['Насочване за подкрепа.']),
      referringOrganizationId, leadWorkerId: lead.membershipId, teamId: ctx.teams.get(teamKey) ?? null,
      firstSessionOn: null, closedOn, closureOutcome,
      closureNote: closureOutcome ? closureNoteFor(closureOutcome) : null,
      version: 1, createdAt, updatedAt: closedOn ? at(closedOn, 15) : createdAt,
    });
    for (const g of groups) rows.caseTargetGroups.push({ centerId, caseId, targetGroupId: ctx.targetGroups.get(g)! });
    rows.caseParticipants.push({ centerId, caseId, clientId: mother.id, role: foster ? 'CAREGIVER' : 'PARENT' });
    if (father) rows.caseParticipants.push({ centerId, caseId, clientId: father.id, role: foster ? 'CAREGIVER' : 'PARENT' });
    if (grandparent && r.chance(0.5)) rows.caseParticipants.push({ centerId, caseId, clientId: grandparent.id, role: 'CAREGIVER' });
    for (const m of team) rows.caseTeamMembers.push({ centerId, caseId, membershipId: m.membershipId, addedOn: day(Math.min(assessDone, age0)) });

    // Status history, consistent with where the case is now.
    const change = (from: CaseStatus | null, to: CaseStatus, n: number, by: StaffRef, note?: string) =>
      rows.statusChanges.push({ id: randomUUID(), centerId, caseId, fromStatus: from, toStatus: to, changedAt: at(day(n), 10, 30), changedById: by.membershipId, note: note ?? null });
    change(null, 'REFERRED', 0, manager, `Насочване: ${number}`);
    let last: CaseStatus = 'REFERRED';
    if (status !== 'REFERRED') { change(last, 'ASSESSMENT', assessStart, lead); last = 'ASSESSMENT'; }
    if (['SUPPORT_PLAN', 'ACTIVE'].includes(status) || (status === 'CLOSED' && !screenedOut)) { change(last, 'SUPPORT_PLAN', assessDone, lead); last = 'SUPPORT_PLAN'; }
    // The contract for using the service: signed on the day the case became active.
    const contracted = status === 'ACTIVE' || (status === 'CLOSED' && !screenedOut);
    // In planning: the plan is put into effect the day after it starts, the contract drafted a day later.
    const planInEffect = contracted || (status === 'SUPPORT_PLAN' && age0 > planStart);
    const contractDrafted = contracted || (status === 'SUPPORT_PLAN' && age0 > planStart + 1);
    const contractDay = contracted ? activeFrom : planStart + 2;
    let contractNumber = '';
    if (contractDrafted) {
      const year = day(contractDay).getUTCFullYear();
      const n = (contractNumberByYear.get(year) ?? 0) + 1;
      contractNumberByYear.set(year, n);
      contractNumber = `Д-${year}-${String(n).padStart(4, '0')}`;
    }
    if (contracted) { change(last, 'ACTIVE', activeFrom, lead, `Договор № ${contractNumber}`); last = 'ACTIVE'; }
    if (status === 'CLOSED') change(last, 'CLOSED', closeAt, manager, closureOutcome ?? undefined);

    // Assessment (ИОП): due 20 days after the request, or the referral (a request is dated the day it came).
    if (status !== 'REFERRED') {
      const assessor = team.find((m) => m.profession === 'PSYCHOLOGIST') ?? lead;
      const completedOn = age0 >= assessDone ? day(assessDone) : null;
      rows.assessments.push({
        id: randomUUID(), centerId, caseId, assessorId: assessor.membershipId, dueOn: day(20), startedOn: day(assessStart), completedOn,
        summary: completedOn ? `Оценени са нуждите на детето и семейството. Препоръка: ${services.map((k) => serviceSpec.get(k)!.nameBg.toLowerCase()).join('; ')}.` : null,
        version: 1, createdAt: at(day(assessStart), 11), updatedAt: at(completedOn ?? day(assessStart), 11),
      });
    }

    // Support plan (ИПП), goals, planned services, periodic reviews.
    if (last === 'SUPPORT_PLAN' || last === 'ACTIVE') {
      const planId = randomUUID();
      const startsOn = day(planStart <= age0 ? planStart : assessDone);
      // Reviews and goals as for a draft in planning (a plan in effect for a day or two has none due yet).
      const planStatus = status === 'SUPPORT_PLAN' ? 'DRAFT' : status === 'ACTIVE' ? 'ACTIVE' : 'ENDED';
      const reviewEveryMonths = 3;
      const reviews: { dueOn: Date; heldOn: Date | null; decision: 'CONTINUE' | 'REVISE_PLAN' | 'CLOSE_CASE' | null }[] = [];
      if (planStatus !== 'DRAFT') {
        const horizon = closedOn ?? addDays(today, 45);
        for (let k = 1; ; k++) {
          const dueOn = addMonths(startsOn, reviewEveryMonths * k);
          if (dueOn > horizon) break;
          const heldOn = addDays(dueOn, r.int(-6, 9));
          // Recent reviews of open plans are sometimes overdue: not yet held.
          const overdue = planStatus === 'ACTIVE' && daysBetween(dueOn, today) < 60 && r.chance(0.15);
          const held = !overdue && heldOn <= today && (!closedOn || heldOn <= closedOn);
          reviews.push({ dueOn, heldOn: held ? heldOn : null, decision: held ? (r.chance(0.2) ? 'REVISE_PLAN' : 'CONTINUE') : null });
        }
        if (closedOn && !screenedOut) reviews.push({ dueOn: closedOn, heldOn: closedOn, decision: 'CLOSE_CASE' });
      }
      const pending = reviews.find((rv) => rv.heldOn === null);
      rows.supportPlans.push({
        id: planId, centerId, caseId, status: planStatus === 'DRAFT' && planInEffect ? 'ACTIVE' : planStatus, startsOn,
        endsOn: planStatus === 'ENDED' ? closedOn : addMonths(startsOn, 12), reviewEveryMonths,
        nextReviewOn: planStatus === 'ENDED' ? null : planStatus === 'DRAFT' ? addMonths(startsOn, reviewEveryMonths) : pending?.dueOn ?? addMonths(startsOn, reviewEveryMonths * (reviews.length + 1)),
        version: 1 + reviews.filter((rv) => rv.decision === 'REVISE_PLAN').length, createdAt: at(startsOn, 12), updatedAt: at(startsOn, 12),
      });
      const goalTexts = r.sample(groups.flatMap((g) => GOALS[g] ?? []), r.int(2, 4));
      goalTexts.forEach((description, position) => {
        const goalStatus = planStatus !== 'ENDED' ? (r.chance(0.15) ? 'ACHIEVED' : 'OPEN')
          : closureOutcome === 'GOALS_MET' || closureOutcome === 'ABANDONMENT_PREVENTED' || closureOutcome === 'PLACEMENT_PREVENTED' || closureOutcome === 'FAMILY_REINTEGRATION' || closureOutcome === 'SCHOOL_RETURN'
            ? r.weighted([['ACHIEVED', 70], ['PARTLY_ACHIEVED', 25], ['DROPPED', 5]] as const)
            : r.weighted([['NOT_ACHIEVED', 50], ['PARTLY_ACHIEVED', 30], ['DROPPED', 20]] as const);
        rows.goals.push({ id: randomUUID(), centerId, planId, position, description, targetOn: addMonths(startsOn, r.pick([3, 6, 9, 12])), status: goalStatus });
      });
      for (const key of services) {
        rows.plannedServices.push({ id: randomUUID(), centerId, planId, serviceId: ctx.services.get(key)!, sessionsPerMonth: r.int(1, 3) });
      }
      for (const rv of reviews) {
        rows.planReviews.push({
          id: randomUUID(), centerId, planId, dueOn: rv.dueOn, heldOn: rv.heldOn, decision: rv.decision,
          summary: rv.decision === 'CLOSE_CASE' ? 'Преглед при приключване на случая.' : rv.decision === 'REVISE_PLAN' ? 'Целите са актуализирани.' : rv.decision ? 'Напредък по целите; планът продължава.' : null,
          createdAt: at(rv.heldOn ?? rv.dueOn, 9),
        });
      }
    }

    // The contract: the mother (or foster parent) signs for the child, the manager for the
    // provider; free of charge; six months, extended by annex while the work goes on; ended with
    // the closure, on the ground that fits the outcome. No random draw: the rest stays as it was.
    if (contractDrafted) {
      const contractId = randomUUID();
      const startsOn = day(contractDay);
      let endsOn = addMonths(startsOn, 6);
      const horizon = closedOn ?? today;
      const goalsMet = closureOutcome === 'GOALS_MET' || closureOutcome === 'ABANDONMENT_PREVENTED' || closureOutcome === 'PLACEMENT_PREVENTED' || closureOutcome === 'FAMILY_REINTEGRATION' || closureOutcome === 'SCHOOL_RETURN';
      // A case that closed within three weeks after the term, with its goals met, let the term run out.
      const ranOut = closedOn !== null && goalsMet && closedOn >= endsOn && daysBetween(endsOn, closedOn) <= 21;
      const extensions: Prisma.ContractExtensionCreateManyInput[] = [];
      while (contracted && !ranOut && endsOn < horizon) {
        const newEndsOn = addMonths(endsOn, 6);
        extensions.push({
          id: randomUUID(), centerId, contractId, extendedOn: addDays(endsOn, -7), previousEndsOn: endsOn, newEndsOn,
          ground: 'Преглед на плана: целите изискват още време; анекс към договора.', recordedById: lead.membershipId, createdAt: at(addDays(endsOn, -7), 14),
        });
        endsOn = newEndsOn;
      }
      const endGround = !closedOn ? null
        : ranOut ? 'TERM_EXPIRED'
        : goalsMet ? 'GOALS_ACHIEVED'
        : closureOutcome === 'REFUSED' ? 'PERSON_REQUEST'
        : closureOutcome === 'CONTACT_LOST' ? 'PERSON_BREACH'
        : closureOutcome === 'MOVED_AWAY' || closureOutcome === 'TRANSFERRED' ? 'MUTUAL_CONSENT'
        : 'OTHER';
      rows.contracts.push({
        id: contractId, centerId, caseId, number: contractNumber, contractDate: startsOn, representativeId: mother.id, providerSignatoryId: manager.membershipId,
        startsOn, endsOn, feeAmount: null, feeNote: null,
        status: !contracted ? 'DRAFT' : closedOn ? 'ENDED' : 'SIGNED', signedOn: contracted ? startsOn : null,
        endedOn: contracted ? closedOn : null, endGround: contracted ? endGround : null, endNote: null,
        version: 1 + (contracted ? 1 : 0) + extensions.length + (closedOn ? 1 : 0), createdAt: at(startsOn, 9), updatedAt: at(closedOn ?? startsOn, 16),
      });
      const specialised = services.filter((key) => serviceSpec.get(key)!.access === 'SPECIALISED');
      const contractServices = specialised.length ? specialised : [spec.services.find((x) => x.access === 'SPECIALISED')!.key];
      for (const key of contractServices) rows.contractServices.push({ centerId, contractId, serviceId: ctx.services.get(key)! });
      rows.contractExtensions.push(...extensions);
    }

    // Consents: service and data processing at the start; sharing with ОЗД when it referred.
    if (status !== 'REFERRED') {
      const givenOn = day(assessStart);
      const givenBy = `${mother.name} (${foster ? 'приемен родител' : 'майка'})`;
      const consent = (purpose: Prisma.ConsentCreateManyInput['purpose'], withdrawnOn: Date | null = null) =>
        rows.consents.push({ id: randomUUID(), centerId, clientId: child.id, purpose, givenBy, givenOn, withdrawnOn, documentRef: `Декларация № ${seq}/${year}`, createdAt: at(givenOn, 11) });
      consent('SERVICE_DELIVERY');
      consent('PERSONAL_DATA_PROCESSING');
      if (source === 'CHILD_PROTECTION_DEPARTMENT' || source === 'SOCIAL_ASSISTANCE_DIRECTORATE') consent('SHARING_WITH_CHILD_PROTECTION');
      if (r.chance(0.2)) consent('PHOTO_AND_VIDEO', r.chance(0.2) ? addDays(givenOn, r.int(30, 200)) : null);
    }

    // Sessions run from the start of the assessment until the case closes, or a few weeks ahead;
    // regular work starts with the contract (ACTIVE).
    if (status !== 'REFERRED') {
      const working = !screenedOut && (status === 'SUPPORT_PLAN' || status === 'ACTIVE' || status === 'CLOSED');
      sessionPlans.push({
        caseId, from: day(assessStart), activeFrom: working ? day(activeFrom) : null, to: closedOn ?? addDays(today, HORIZON_DAYS),
        child, parent: mother, lead, services, team, home: outOfTown && r.chance(spec.homeVisitShare), rng: r.fork('sessions'),
      });
    }
  });

  // ── Adult-only cases ────────────────────────────────────────────────────
  // Work with adults alone: a candidate foster parent in training (by ДСП's referral) and a parent
  // in conflict during separation (by their own request), each with family members on the case,
  // in the needs assessment so their due dates show.
  const adultRng = centerRng.fork('adult-cases');
  const home = settlement(ctx.homeSettlementEkatte);
  const adultCases = [
    { route: 'REFERRAL' as const, daysAgo: 9, group: 'FOSTER_AND_ADOPTIVE_FAMILIES', reason: 'Кандидат за приемен родител: обучение и оценка.', partnerRole: 'OTHER' as const },
    { route: 'REQUEST' as const, daysAgo: 25, group: null, reason: 'Родител в конфликт при раздяла: консултиране и медиация.', partnerRole: 'CHILD' as const },
  ];
  adultCases.forEach((a, i) => {
    const r = adultRng.fork(`adult-${i}`);
    const referralDate = toWorkday(addDays(today, -a.daysAgo), today);
    const createdAt = at(referralDate, 10);
    const surname = r.pick(SURNAMES);
    const address = `${r.pick(STREETS)} ${r.int(1, 140)}`;
    const birthYear = referralDate.getUTCFullYear() - r.int(28, 44);
    const main = newClient({ rng: r, sex: 'FEMALE', kind: 'ADULT', surname, birthYear, settlement: home, address, createdAt });
    const family =
      a.partnerRole === 'CHILD'
        ? newClient({ rng: r, sex: 'MALE', kind: 'CHILD', surname, birthDate: addDays(referralDate, -(r.int(5, 11) * 365)), settlement: home, address, createdAt })
        : newClient({ rng: r, sex: 'MALE', kind: 'ADULT', surname, birthYear: birthYear - r.int(0, 5), settlement: home, address, createdAt });
    const year = referralDate.getUTCFullYear();
    const seq = (numberByYear.get(year) ?? 0) + 1;
    numberByYear.set(year, seq);
    const number = `${spec.code}-${year}-${String(seq).padStart(4, '0')}`;
    const lead = r.pick(caseWorkers);
    const caseId = randomUUID();
    const intake =
      a.route === 'REQUEST'
        ? { intakeRoute: 'REQUEST' as const, requestDate: referralDate, requestNumber: `Вх. № ${r.int(10, 999)}/${year}`, concernRaisedBy: 'SELF' as const }
        : { intakeRoute: 'REFERRAL' as const, legalReferrer: 'SOCIAL_ASSISTANCE_DIRECTORATE' as const, referralDocumentNumber: `ДСП-${r.int(100, 9999)}/${year}`, referralDocumentDate: addDays(referralDate, -1) };
    rows.cases.push({
      id: caseId, centerId, number, personId: main.id, householdId: null, status: 'ASSESSMENT', referralDate, ...intake,
      referralReason: a.reason, referringOrganizationId: null, leadWorkerId: lead.membershipId, teamId: ctx.teams.get('mdt') ?? null,
      firstSessionOn: null, closedOn: null, closureOutcome: null, closureNote: null, version: 1, createdAt, updatedAt: createdAt,
    });
    const group = a.group ? ctx.targetGroups.get(a.group) : undefined;
    if (group) rows.caseTargetGroups.push({ centerId, caseId, targetGroupId: group });
    rows.caseParticipants.push({ centerId, caseId, clientId: family.id, role: a.partnerRole });
    rows.statusChanges.push({ id: randomUUID(), centerId, caseId, fromStatus: null, toStatus: 'REFERRED', changedAt: at(referralDate, 10, 30), changedById: manager.membershipId, note: `${a.route === 'REQUEST' ? 'Заявление' : 'Направление'}: ${number}` });
    rows.statusChanges.push({ id: randomUUID(), centerId, caseId, fromStatus: 'REFERRED', toStatus: 'ASSESSMENT', changedAt: at(addDays(referralDate, 2), 10, 30), changedById: lead.membershipId, note: null });
    rows.assessments.push({
      id: randomUUID(), centerId, caseId, assessorId: lead.membershipId, dueOn: addDays(referralDate, 20), startedOn: addDays(referralDate, 2), completedOn: null,
      summary: null, version: 1, createdAt: at(addDays(referralDate, 2), 11), updatedAt: at(addDays(referralDate, 2), 11),
    });
  });

  // ── Individual sessions ─────────────────────────────────────────────────
  const caseIndex = new Map(rows.cases.map((c) => [c.id!, c]));
  let sessionCount = 0;
  for (const c of sessionPlans) {
    const r = c.rng;
    const sessionDays: { day: Date; assessment: boolean }[] = [];
    // One or two assessment meetings.
    const assessmentMeetings = r.int(1, 2);
    for (let i = 0; i < assessmentMeetings; i++) sessionDays.push({ day: addDays(c.from, i * r.int(3, 7)), assessment: true });
    if (c.activeFrom) {
      const activeFrom = c.activeFrom;
      const perMonth = Math.min(4, 1 + c.services.length * (r.chance(0.5) ? 1 : 0.5));
      const gap = Math.max(5, Math.round(30 / perMonth));
      for (let d = addDays(activeFrom, r.int(0, 4)); d <= c.to; d = addDays(d, gap + r.int(-3, 4))) sessionDays.push({ day: d, assessment: false });
    }
    const delivered: Date[] = [];
    for (const s of sessionDays) {
      const day = toWorkday(s.day, ctx.today);
      if (day > c.to) continue;
      if (daysBetween(ctx.today, day) > HORIZON_DAYS) continue;
      const serviceKey = s.assessment ? c.services[0]! : r.pick(c.services);
      const svc = serviceSpec.get(serviceKey)!;
      const specialist = s.assessment ? c.lead : chooseStaff(r, ctx, svc.by, c.lead, c.team);
      const online = !s.assessment && svc.modes.includes('ONLINE') && r.chance(spec.onlineShare * 3);
      const atHome = !online && c.home && (svc.modes.includes('AT_HOME') || svc.modes.includes('FIELD') || s.assessment) && r.chance(0.75);
      // Field visits meet the family outside the home (school, mayor's office, community).
      const field = atHome && svc.modes.includes('FIELD') && (!svc.modes.includes('AT_HOME') || (!s.assessment && r.chance(0.3)));
      const mode = online ? 'ONLINE' : field ? 'FIELD' : atHome ? 'AT_HOME' : 'IN_CENTER';
      const kind = s.assessment ? 'ASSESSMENT' : mode === 'AT_HOME' ? 'HOME_VISIT' : mode === 'FIELD' ? 'FIELD_VISIT' : sessionKindFor(svc.kind, r);
      // Home and field visits go with a mobile colleague where the center has a mobile team.
      const staff = [specialist];
      if (mode !== 'IN_CENTER' && mode !== 'ONLINE' && mobileStaff.length > 0 && !mobileStaff.includes(specialist)) staff.push(r.pick(mobileStaff));
      else if (r.chance(0.08) && c.lead.membershipId !== specialist.membershipId) staff.push(c.lead);
      const startsAt = at(day, r.int(8, 16), r.pick([0, 30]));
      const sessionId = randomUUID();
      // Today's and later sessions are planned; past ones were held, except every 37th (missed)
      // and every 41st (cancelled), chosen without the generator so the rest stays as it was.
      sessionCount += 1;
      const status = day >= ctx.today ? 'PLANNED' : sessionCount % 37 === 0 ? 'MISSED' : sessionCount % 41 === 0 ? 'CANCELLED' : 'HELD';
      rows.sessions.push({
        id: sessionId, centerId, startsAt, durationMinutes: mode === 'AT_HOME' || mode === 'FIELD' ? r.pick([60, 90, 120]) : r.pick([45, 60, 60, 90]),
        serviceId: ctx.services.get(serviceKey)!, format: 'INDIVIDUAL', kind, mode,
        settlementId: mode === 'AT_HOME' || mode === 'FIELD' ? c.child.settlement.id : null, caseId: c.caseId, groupMeetingId: null,
        createdById: specialist.membershipId, version: 1, createdAt: startsAt, updatedAt: startsAt,
        status, statusReason: status === 'MISSED' ? MISSED_REASONS[sessionCount % MISSED_REASONS.length]! : status === 'CANCELLED' ? SESSION_CANCELLATION_REASONS[sessionCount % SESSION_CANCELLATION_REASONS.length]! : null,
        statusChangedAt: status === 'PLANNED' ? null : startsAt,
      });
      for (const m of new Map(staff.map((x) => [x.membershipId, x])).values()) rows.sessionStaff.push({ centerId, sessionId, membershipId: m.membershipId });
      rows.sessionClients.push({ centerId, sessionId, clientId: c.child.id });
      if (c.parent && (s.assessment || r.chance(0.35))) rows.sessionClients.push({ centerId, sessionId, clientId: c.parent.id });
      if (day < ctx.today) {
        if (status === 'HELD') delivered.push(day);
        if (r.chance(0.08)) rows.notes.push({ id: randomUUID(), centerId, caseId: c.caseId, sessionId, authorId: specialist.membershipId, confidentiality: 'TEAM', body: r.pick(SESSION_NOTES), createdAt: addMinutes(startsAt, 70) });
        else if (specialist.profession === 'PSYCHOLOGIST' && r.chance(0.02)) rows.notes.push({ id: randomUUID(), centerId, caseId: c.caseId, sessionId, authorId: specialist.membershipId, confidentiality: 'RESTRICTED', body: r.pick(RESTRICTED_NOTES), createdAt: addMinutes(startsAt, 70) });
      }
    }
    const first = delivered.reduce<Date | null>((min, d) => (min === null || d < min ? d : min), null);
    caseIndex.get(c.caseId)!.firstSessionOn = first;
  }

  // ── Group programs ──────────────────────────────────────────────────────
  const childClients = rows.clients.filter((c) => c.kind === 'CHILD');
  const adultClients = rows.clients.filter((c) => c.kind === 'ADULT');
  for (const gp of spec.groupPrograms) generateGroupProgram(ctx, centerRng.fork(`group-${gp.key}`), gp, rows, childClients, adultClients, settlement);

  // ── Open-access contacts ────────────────────────────────────────────────
  const oaRng = centerRng.fork('open-access');
  const openServices = spec.services.filter((s) => s.access === 'OPEN_ACCESS' && s.key !== 'young-parents' && s.key !== 'social');
  const recorders = ctx.staff.filter((s) => s.role !== 'MANAGER');
  for (let i = 0; i < spec.openAccessContacts; i++) {
    const svc = oaRng.pick(openServices);
    const occurredOn = toWorkday(addDays(today, -oaRng.int(0, HISTORY_DAYS)), today);
    const place = settlement(oaRng.weighted(spec.residence));
    const known = oaRng.chance(0.7);
    const group = oaRng.chance(0.6) ? oaRng.weighted(spec.targetGroups) : null;
    const channel = svc.kind === 'MOBILE_COMMUNITY_WORK' ? 'FIELD' : oaRng.weighted([['IN_PERSON', 55], ['PHONE', 30], ['ONLINE', 15]] as const);
    rows.openAccessContacts.push({
      id: randomUUID(), centerId, occurredOn, serviceId: ctx.services.get(svc.key)!, channel,
      settlementId: known ? place.id : null, municipalityId: place.municipalityId,
      targetGroupId: group ? ctx.targetGroups.get(group)! : null,
      ageBand: oaRng.weighted([['AGE_18_29', 25], ['AGE_30_64', 45], ['AGE_14_17', 10], ['AGE_7_13', 5], ['AGE_65_PLUS', 5], ['UNKNOWN', 10]] as const),
      sex: oaRng.weighted([['FEMALE', 65], ['MALE', 28], ['UNKNOWN', 7]] as const),
      peopleCount: oaRng.weighted([[1, 70], [2, 18], [3, 8], [4, 4]] as const),
      recordedById: (channel === 'FIELD' && mobileStaff.length ? oaRng.pick(mobileStaff) : oaRng.pick(recorders)).membershipId,
      createdAt: at(occurredOn, 12),
    });
  }
  // Some people came back and were known by name (clients of the center): their contacts name
  // them, so the two-month limit of open-access work shows per person. Chosen by position.
  const limited = new Set(openServices.filter((svc) => svc.kind !== 'MOBILE_COMMUNITY_WORK').map((svc) => ctx.services.get(svc.key)));
  const knownPeople = adultClients.filter((c) => (c.createdAt as Date) < addDays(today, -90)).slice(0, 3);
  rows.openAccessContacts.forEach((c, i) => {
    const person = knownPeople[i % 7];
    if (!person || i % 7 >= knownPeople.length || !limited.has(c.serviceId) || daysBetween(c.occurredOn as Date, today) > 75) return;
    c.clientId = person.id!;
  });
  // A few contacts were recorded by mistake and voided by their author (kept, counted nowhere).
  // Chosen by position, without the generator, so the rest of the demo data stays as it was.
  rows.openAccessContacts.forEach((c, i) => {
    if (i % 37 !== 5) return;
    const voidedAt = at(addDays(c.occurredOn as Date, 1), 9);
    if (voidedAt > at(today, 9)) return;
    Object.assign(c, { voidedAt, voidedById: c.recordedById, voidReason: VOID_REASONS[i % VOID_REASONS.length]!, updatedAt: voidedAt, version: 2 });
  });
  // The structured ИОП and ИПП (areas, participation, versions): its own generator, last.
  Object.assign(rows, structureAssessmentsAndPlans(ctx, rows, rng.fork(`${spec.code}-assessment-plan`)));
  return rows;
}

const VOID_REASONS = ['Записан два пъти по грешка.', 'Грешна услуга; записан отново правилно.'];

const MISSED_REASONS = ['Семейството не беше у дома.', 'Детето не дойде; родителят не отговаря на телефона.'];
const SESSION_CANCELLATION_REASONS = ['Родителят се обади, че детето е болно.', 'Пътят до селото е затворен.'];

const CANCELLATION_REASONS = [
  'Водещият специалист е болен; срещата се пренасрочва.',
  'Твърде малко потвърдили участници за деня.',
  'Залата е заета от общинско мероприятие.',
];

function generateGroupProgram(
  ctx: CenterContext, r: Rng, gp: GroupProgramSpec, rows: ActivityRows,
  childClients: Prisma.ClientCreateManyInput[], adultClients: Prisma.ClientCreateManyInput[],
  settlement: (ekatte: string) => SettlementRef,
): void {
  const { centerId, today, spec } = ctx;
  const staff = gp.staff.map((key) => ctx.staff.find((s) => s.key === key)!);
  const serviceId = ctx.services.get(gp.service)!;
  // Cohorts from two years back; the last one may still be running or about to start.
  let cohortIndex = 0;
  for (let start = HISTORY_DAYS - r.int(0, 30); start > -HORIZON_DAYS; start -= gp.everyDays, cohortIndex++) {
    const startsOn = toWorkday(addDays(today, -start), today);
    const endsOn = addDays(startsOn, (gp.meetings - 1) * gp.meetingEveryDays);
    const programId = randomUUID();
    const cohort = monthOf(startsOn);
    rows.groupPrograms.push({
      id: programId, centerId, kind: gp.kind, serviceId, nameBg: `${gp.nameBg} (${cohort})`, nameEn: `${gp.nameEn} (${cohort})`,
      descriptionBg: gp.descriptionBg, startsOn, endsOn, capacity: gp.capacity, mode: gp.mode,
      partnerOrganizationId: gp.partner ? ctx.partners.get(gp.partner) ?? null : null, createdAt: at(addDays(startsOn, -14), 10),
    });
    const fieldPlace = gp.fieldSettlements ? settlement(r.pick(gp.fieldSettlements)) : undefined;
    // Participants: some clients of the center, the rest light registrations with no case.
    const count = r.int(gp.participants[0], gp.participants[1]);
    const participantIds: string[] = [];
    const pool = gp.adults ? adultClients : childClients;
    const chosenClients = new Set<string>();
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      participantIds.push(id);
      const enrolledOn = addDays(startsOn, -r.int(1, 20));
      const leftOn = r.chance(0.1) ? addDays(startsOn, r.int(7, Math.max(8, daysBetween(startsOn, endsOn)))) : null;
      const client = r.chance(gp.clientShare) ? r.pick(pool) : undefined;
      if (client && !chosenClients.has(client.id!) && client.createdAt && (client.createdAt as Date) < enrolledOn) {
        chosenClients.add(client.id!);
        rows.participants.push({ id, centerId, programId, clientId: client.id!, enrolledOn, leftOn: leftOn && leftOn <= today ? leftOn : null });
      } else {
        const sex: Sex = gp.kind === 'SCHOOL_FOR_YOUNG_PARENTS' ? (r.chance(0.8) ? 'FEMALE' : 'MALE') : r.chance(0.5) ? 'FEMALE' : 'MALE';
        const place = fieldPlace ?? settlement(r.weighted(spec.residence));
        const surname = r.pick(SURNAMES);
        const first = firstName(r, sex);
        const birthYear = gp.adults ? today.getUTCFullYear() - r.int(gp.kind === 'SCHOOL_FOR_YOUNG_PARENTS' ? 18 : 28, gp.kind === 'SCHOOL_FOR_YOUNG_PARENTS' ? 34 : 55) : today.getUTCFullYear() - r.int(7, 16);
        rows.participants.push({
          id, centerId, programId, clientId: null,
          displayName: `${first} ${sex === 'FEMALE' ? femaleSurname(surname) : surname}`, birthYear, sex, settlementId: place.id,
          enrolledOn, leftOn: leftOn && leftOn <= today ? leftOn : null,
        });
      }
    }
    for (let m = 0; m < gp.meetings; m++) {
      const day = toWorkday(addDays(startsOn, m * gp.meetingEveryDays), today);
      if (daysBetween(today, day) > HORIZON_DAYS) break;
      const meetingId = randomUUID();
      const startsAt = at(day, gp.mode === 'ONLINE' ? 18 : r.pick([10, 14, 16]));
      const place = gp.mode === 'FIELD' ? fieldPlace ?? null : null;
      // Meetings ahead (and today's) are planned; past ones were held, except the third meeting
      // of every third cohort, cancelled with its reason. Chosen without the generator, so the
      // rest of the demo data stays as it was.
      const status = day >= today ? 'PLANNED' : m === 2 && cohortIndex % 3 === 0 ? 'CANCELLED' : 'HELD';
      rows.meetings.push({
        id: meetingId, centerId, programId, startsAt, durationMinutes: gp.durationMinutes, topicBg: gp.topics[m % gp.topics.length] ?? null,
        mode: gp.mode, settlementId: place?.id ?? null, status,
        cancellationReason: status === 'CANCELLED' ? CANCELLATION_REASONS[cohortIndex % CANCELLATION_REASONS.length]! : null,
        statusChangedAt: status === 'PLANNED' ? null : startsAt,
      });
      // The meeting is also a group session; it counts only when the meeting was held.
      const sessionId = randomUUID();
      rows.sessions.push({
        id: sessionId, centerId, startsAt, durationMinutes: gp.durationMinutes, serviceId, format: 'GROUP',
        kind: gp.kind === 'SOCIALIZING_ACTIVITIES' ? 'OTHER' : 'TRAINING', mode: gp.mode, settlementId: place?.id ?? null,
        caseId: null, groupMeetingId: meetingId, createdById: staff[0]!.membershipId, version: 1, createdAt: startsAt, updatedAt: startsAt,
        // The meeting's session shares its status (and a cancelled one its reason).
        status, statusReason: status === 'CANCELLED' ? CANCELLATION_REASONS[cohortIndex % CANCELLATION_REASONS.length]! : null,
        statusChangedAt: status === 'PLANNED' ? null : startsAt,
      });
      for (const s of staff) rows.sessionStaff.push({ centerId, sessionId, membershipId: s.membershipId });
      if (day >= today) continue; // attendance only for meetings that took place
      const firstParticipant = rows.participants.length - count;
      participantIds.forEach((participantId, i) => {
        const p = rows.participants[firstParticipant + i]!;
        if ((p.enrolledOn as Date) > day || (p.leftOn && (p.leftOn as Date) < day)) return;
        const present = r.chance(0.82); // drawn for a cancelled meeting too, so the generator's sequence is unchanged
        if (status !== 'HELD') return;
        rows.attendances.push({ centerId, meetingId, participantId, present });
        if (present && p.clientId) rows.sessionClients.push({ centerId, sessionId, clientId: p.clientId });
      });
    }
  }
}

function chooseStaff(r: Rng, ctx: CenterContext, professions: readonly string[], lead: StaffRef, preferred: readonly StaffRef[] = []): StaffRef {
  for (const p of preferred) if (professions.includes(p.profession)) return p;
  if (professions.includes(lead.profession)) return lead;
  const candidates = ctx.staff.filter((s) => s.profession === professions[0]);
  const fallback = ctx.staff.filter((s) => professions.includes(s.profession));
  return r.pick(candidates.length ? candidates : fallback.length ? fallback : [lead]);
}

function sessionKindFor(kind: string, r: Rng): NonNullable<Prisma.SessionCreateManyInput['kind']> {
  switch (kind) {
    case 'SPEECH_THERAPY':
    case 'PHYSIOTHERAPY_REHABILITATION':
    case 'PSYCHOLOGICAL_THERAPY':
    case 'EARLY_INTERVENTION':
      return r.chance(0.9) ? 'THERAPY' : 'CASE_CONFERENCE';
    case 'MEDIATION':
      return 'MEDIATION';
    case 'INDEPENDENT_LIVING_SKILLS':
    case 'FOSTER_ADOPTIVE_PARENT_TRAINING':
      return 'TRAINING';
    default:
      return r.chance(0.92) ? 'CONSULTATION' : 'CASE_CONFERENCE';
  }
}

function referringPartner(ctx: CenterContext, source: string, residence: SettlementRef): string | null {
  const byKind: Record<string, string[]> = {
    CHILD_PROTECTION_DEPARTMENT: residence.municipalityCode === 'SZR22' ? ['ozd-pavel-banya', 'ozd'] : residence.municipalityCode === 'PDV01' ? ['ozd-asenovgrad', 'ozd'] : ['ozd'],
    SOCIAL_ASSISTANCE_DIRECTORATE: ['dsp'],
    SCHOOL: ['school'],
    KINDERGARTEN: ['kindergarten'],
    HOSPITAL: ['mhat'],
    COURT: ['court'],
    MUNICIPALITY: residence.municipalityCode === 'SZR22' ? ['pavel-banya', 'municipality'] : ['municipality'],
  };
  for (const key of byKind[source] ?? []) {
    const id = ctx.partners.get(key);
    if (id) return id;
  }
  return null;
}

/**
 * How a demo case came in, from its drawn source: a legal referrer refers with its document (dated
 * up to two days before it reached the center); a concern raised by a school, a hospital, the
 * police… reaches the center through ОЗД's referral; the person themself applies (заявление).
 */
function intakeOf(source: string, referralDate: Date, documentNumber: string | null, seq: number, year: number): Partial<Prisma.CaseCreateManyInput> {
  const documentDate = addDays(referralDate, -(seq % 3));
  switch (source) {
    case 'CHILD_PROTECTION_DEPARTMENT':
    case 'SOCIAL_ASSISTANCE_DIRECTORATE':
    case 'MUNICIPALITY':
    case 'COURT':
      return { intakeRoute: 'REFERRAL', legalReferrer: source, referralDocumentNumber: documentNumber, referralDocumentDate: documentDate };
    case 'SELF':
      return { intakeRoute: 'REQUEST', requestDate: referralDate, requestNumber: `Вх. № ${seq}/${year}`, concernRaisedBy: 'SELF' };
    default:
      return {
        intakeRoute: 'REFERRAL', legalReferrer: 'CHILD_PROTECTION_DEPARTMENT', concernRaisedBy: source as Prisma.CaseCreateManyInput['concernRaisedBy'],
        referralDocumentNumber: documentNumber?.replace('Изх. № ', 'ОЗД-') ?? null, referralDocumentDate: documentDate,
      };
  }
}

function referralDocument(r: Rng, source: string, year: number): string | null {
  switch (source) {
    case 'CHILD_PROTECTION_DEPARTMENT':
      return `ОЗД-${r.int(1000, 9999)}/${year}`;
    case 'SOCIAL_ASSISTANCE_DIRECTORATE':
      return `ДСП-${r.int(100, 9999)}/${year}`;
    case 'COURT':
      return `гр.д. № ${r.int(100, 9999)}/${year}`;
    case 'SELF':
      return null;
    default:
      return `Изх. № ${r.int(10, 999)}/${year}`;
  }
}

function closureNoteFor(outcome: Outcome): string {
  const notes: Record<Outcome, string> = {
    GOALS_MET: 'Целите на плана са постигнати.',
    FAMILY_REINTEGRATION: 'Детето е върнато успешно в семейството.',
    ABANDONMENT_PREVENTED: 'Изоставянето е предотвратено; детето е в семейството.',
    PLACEMENT_PREVENTED: 'Настаняването извън семейството е предотвратено.',
    SCHOOL_RETURN: 'Детето посещава редовно училище.',
    MOVED_AWAY: 'Семейството се премести в друга община.',
    REFUSED: 'Семейството се отказа от услугата.',
    TRANSFERRED: 'Случаят е пренасочен към друга услуга.',
    NOT_ELIGIBLE: 'След оценката услугата не отговаря на нуждите.',
    CONTACT_LOST: 'Връзката със семейството е прекъсната.',
    OTHER: 'Приключен по друга причина.',
  };
  return notes[outcome];
}

function pluralSurname(surname: string): string {
  return surname.endsWith('ски') ? surname : `${surname}и`;
}

function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

