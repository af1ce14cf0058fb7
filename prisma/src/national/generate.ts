// The national dataset: `centers` ЦОП over `years` years, with the shape of the demo's
// casework (referral → assessment → plan → reviews → closure, ~11 sessions per case as in
// Kazanlak: 18,760 sessions for 1,630 cases), written as COPY lines into a RowSink.
// Deterministic: the same options give the same rows, ids included, on every machine.
import { DISABLED_PASSWORD_HASH, NETWORK } from '../seed/demo.ts';
import { KAZANLAK, PLOVDIV } from '../seed/centers.ts';
import { SERVICE_KINDS, TARGET_GROUPS } from '../seed/catalogue.ts';
import { femaleSurname, firstName, MALE_FIRST, personName, SURNAMES, type Sex } from '../seed/names.ts';
import { createRng, type Rng } from '../seed/random.ts';
import { toSearchName } from '../search-name.ts';
import { copyLine, dateText, pgArray, timestampText, toWorkday, type Cell } from './copy-text.ts';
import { uuidSource, type IdSource } from './ids.ts';
import { NATIONAL_MUNICIPALITIES, syntheticMunicipalities } from './places.ts';
import type { RowSink } from './sinks.ts';
import type { TableName } from './tables.ts';

export type NationalOptions = {
  centers: number;
  years: number;
  /** The dataset's "today" as a day number (days since 1970-01-01); fixed, so runs agree. */
  today: number;
  seed: string;
  /** Average cases a center takes in per year (250,000 cases / 150 centers / 10 years). */
  casesPerCenterYear: number;
};

export const DEFAULT_NATIONAL: NationalOptions = {
  centers: 150,
  years: 10,
  today: Math.floor(Date.parse('2026-11-02T00:00:00Z') / 86_400_000),
  seed: 'opora-national-v1',
  casesPerCenterYear: 166.7,
};

/** Ids of the catalogue rows the generator refers to, by their stable codes. */
export type CatalogueIds = {
  municipalities: Map<string, { id: string; regionCode: string; nameBg: string; nameEn: string }>;
  settlements: Map<string, { id: string; kind: 'CITY' | 'VILLAGE'; municipalityCode: string }>;
  professions: Map<string, string>;
  serviceKinds: Map<string, string>;
  targetGroups: Map<string, string>;
};

export type DemoAccounts = { passwordHash: string };

type Place = { id: string; kind: 'CITY' | 'VILLAGE'; municipalityId: string; municipalityCode: string };
type Staff = { membershipId: string; profession: string; role: string; mobile: boolean };
type Service = { id: string; code: string; by: readonly string[]; modes: readonly string[] };

// What each kind of service is delivered as, and by whom (first preferred).
const SERVICE_PROFILE: Record<string, { modes: readonly string[]; by: readonly string[] }> = {
  INFORMATION: { modes: ['IN_CENTER', 'ONLINE'], by: ['SOCIAL_WORKER', 'SOCIAL_ASSOCIATE'] },
  COUNSELLING: { modes: ['IN_CENTER', 'ONLINE'], by: ['SOCIAL_WORKER', 'PSYCHOLOGIST'] },
  MOBILE_COMMUNITY_WORK: { modes: ['FIELD', 'AT_HOME'], by: ['SOCIAL_ASSOCIATE', 'SOCIAL_WORKER'] },
  SCHOOL_FOR_YOUNG_PARENTS: { modes: ['ONLINE', 'IN_CENTER'], by: ['PSYCHOLOGIST', 'SOCIAL_WORKER'] },
  GROUP_SOCIALIZING_ACTIVITIES: { modes: ['IN_CENTER'], by: ['SOCIAL_WORKER', 'PSYCHOLOGIST'] },
  PSYCHOLOGICAL_COUNSELLING: { modes: ['IN_CENTER', 'ONLINE'], by: ['PSYCHOLOGIST'] },
  PSYCHOLOGICAL_THERAPY: { modes: ['IN_CENTER'], by: ['PSYCHOLOGIST'] },
  SPEECH_THERAPY: { modes: ['IN_CENTER'], by: ['SPEECH_THERAPIST'] },
  PHYSIOTHERAPY_REHABILITATION: { modes: ['IN_CENTER', 'AT_HOME'], by: ['PHYSIOTHERAPIST'] },
  EARLY_INTERVENTION: { modes: ['IN_CENTER', 'AT_HOME'], by: ['EARLY_INTERVENTION_SPECIALIST', 'PSYCHOLOGIST'] },
  MEDIATION: { modes: ['IN_CENTER'], by: ['FAMILY_CONSULTANT', 'PSYCHOLOGIST'] },
  SKILLS_TRAINING: { modes: ['IN_CENTER'], by: ['SOCIAL_WORKER'] },
  INDEPENDENT_LIVING_SKILLS: { modes: ['IN_CENTER', 'AT_HOME'], by: ['SOCIAL_WORKER'] },
  FOSTER_ADOPTIVE_PARENT_TRAINING: { modes: ['IN_CENTER'], by: ['SOCIAL_WORKER', 'PSYCHOLOGIST'] },
  FAMILY_REINTEGRATION_SUPPORT: { modes: ['IN_CENTER', 'AT_HOME'], by: ['FAMILY_CONSULTANT', 'SOCIAL_WORKER'] },
  SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE: { modes: ['IN_CENTER', 'AT_HOME'], by: ['PSYCHOLOGIST', 'SOCIAL_WORKER'] },
  PARENTAL_CAPACITY_SUPPORT: { modes: ['IN_CENTER', 'AT_HOME', 'ONLINE'], by: ['FAMILY_CONSULTANT', 'SOCIAL_WORKER'] },
  ABANDONMENT_PREVENTION: { modes: ['IN_CENTER', 'AT_HOME', 'FIELD'], by: ['SOCIAL_WORKER', 'FAMILY_CONSULTANT'] },
};

// Every center offers these; the rest are drawn per center.
const CORE_SERVICES = ['INFORMATION', 'COUNSELLING', 'MOBILE_COMMUNITY_WORK', 'PSYCHOLOGICAL_COUNSELLING', 'PARENTAL_CAPACITY_SUPPORT', 'ABANDONMENT_PREVENTION', 'SPEECH_THERAPY'];
const OPTIONAL_SERVICES = SERVICE_KINDS.map((k) => k.code).filter((c) => !CORE_SERVICES.includes(c));
const OPEN_ACCESS = new Set(SERVICE_KINDS.filter((k) => k.openAccessByDefault).map((k) => k.code));

// Services a case is planned for, by its primary target group (most likely first).
const SERVICES_FOR: Record<string, readonly string[]> = {
  DEVELOPMENTAL_DIFFICULTIES: ['EARLY_INTERVENTION', 'PHYSIOTHERAPY_REHABILITATION', 'SPEECH_THERAPY', 'PSYCHOLOGICAL_COUNSELLING'],
  RISK_OF_ABANDONMENT: ['ABANDONMENT_PREVENTION', 'PARENTAL_CAPACITY_SUPPORT'],
  IN_PUBLIC_CARE: ['INDEPENDENT_LIVING_SKILLS', 'PSYCHOLOGICAL_COUNSELLING'],
  FOSTER_AND_ADOPTIVE_FAMILIES: ['PSYCHOLOGICAL_COUNSELLING', 'PARENTAL_CAPACITY_SUPPORT'],
  DOMESTIC_VIOLENCE_WITNESS: ['SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE', 'PSYCHOLOGICAL_COUNSELLING'],
  SCHOOL_DROPOUT_RISK: ['PARENTAL_CAPACITY_SUPPORT', 'PSYCHOLOGICAL_COUNSELLING'],
  DIFFICULT_SOCIAL_STATUS: ['PARENTAL_CAPACITY_SUPPORT', 'ABANDONMENT_PREVENTION'],
  PREGNANT_GIRLS: ['ABANDONMENT_PREVENTION', 'PSYCHOLOGICAL_COUNSELLING'],
  CHILD_VICTIMS_OF_VIOLENCE: ['SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE', 'PSYCHOLOGICAL_THERAPY'],
  EMOTIONAL_BEHAVIOURAL_PROBLEMS: ['PSYCHOLOGICAL_THERAPY', 'PSYCHOLOGICAL_COUNSELLING'],
  SPEECH_LANGUAGE_DISORDERS: ['SPEECH_THERAPY', 'EARLY_INTERVENTION'],
  PARENTS_OF_CHILDREN_WITH_DISABILITIES: ['PHYSIOTHERAPY_REHABILITATION', 'PARENTAL_CAPACITY_SUPPORT'],
  PARENTS_IN_SEPARATION_CONFLICT: ['MEDIATION', 'PSYCHOLOGICAL_COUNSELLING'],
  PARENTS_WITH_ADDICTIONS: ['PARENTAL_CAPACITY_SUPPORT', 'ABANDONMENT_PREVENTION'],
  LOW_PARENTAL_CAPACITY: ['PARENTAL_CAPACITY_SUPPORT'],
  YOUNG_PARENTS: ['PARENTAL_CAPACITY_SUPPORT'],
  FUTURE_FOSTER_ADOPTIVE_PARENTS: ['FOSTER_ADOPTIVE_PARENT_TRAINING'],
  FAMILY_REINTEGRATION: ['FAMILY_REINTEGRATION_SUPPORT', 'PARENTAL_CAPACITY_SUPPORT'],
  FAMILIES_AT_RISK_OF_SEPARATION: ['ABANDONMENT_PREVENTION', 'PARENTAL_CAPACITY_SUPPORT'],
};

const TARGET_WEIGHTS: readonly (readonly [string, number])[] = TARGET_GROUPS.map((g) => [g.code, g.audience === 'CHILD' ? 10 : 4] as const);

const REFERRAL_SOURCES = [
  ['CHILD_PROTECTION_DEPARTMENT', 58], ['SOCIAL_ASSISTANCE_DIRECTORATE', 5], ['SCHOOL', 9], ['KINDERGARTEN', 4], ['HOSPITAL', 3],
  ['GENERAL_PRACTITIONER', 3], ['COURT', 4], ['POLICE', 2], ['MUNICIPALITY', 2], ['NGO', 2], ['SELF', 8],
] as const;
const LEGAL_REFERRERS = new Set<string>(['CHILD_PROTECTION_DEPARTMENT', 'SOCIAL_ASSISTANCE_DIRECTORATE', 'COURT', 'MUNICIPALITY']);
const OUTCOMES = [
  ['GOALS_MET', 40], ['ABANDONMENT_PREVENTED', 8], ['PLACEMENT_PREVENTED', 8], ['FAMILY_REINTEGRATION', 5], ['SCHOOL_RETURN', 6],
  ['MOVED_AWAY', 6], ['REFUSED', 6], ['TRANSFERRED', 5], ['CONTACT_LOST', 7], ['OTHER', 3],
] as const;
const CHILD_AGES = [[0, 3, 25], [4, 6, 22], [7, 13, 35], [14, 17, 18]] as const;
const STREETS = ['ул. „Христо Ботев“', 'ул. „Васил Левски“', 'ул. „Иван Вазов“', 'ул. „Шипка“', 'ул. „Възраждане“', 'ул. „Стара планина“', 'ул. „Отец Паисий“', 'ул. „Раковски“'];
const NOTES = [
  'Детето е по-спокойно, включва се в заниманията.', 'Майката съобщава за подобрение у дома.', 'Обсъдени трудностите в училище.',
  'Упражненията за у дома са показани на родителя.', 'Напредък в произношението.', 'Проведен разговор с двамата родители заедно.',
];
const RESTRICTED_NOTES = ['Детето разказа нови подробности; информиран е ОЗД.', 'Съмнение за нов инцидент; предстои среща по Координационния механизъм.'];
const GOALS = ['Детето остава в семейството', 'Подобрени родителски умения', 'Редовно посещение на училище', 'Намалени емоционални трудности', 'Подобрена реч', 'Безопасна среда за детето'];
const HORIZON_DAYS = 21;
const DEMO_TODAY_STAFF_YEARS = 12;

export type GenerateStats = { centers: number; cases: number; sessions: number; municipalities: number };

/**
 * Writes the whole national dataset into `sink`: synthetic municipalities, the network, the
 * centers with staff, services and casework, and the demo sign-ins (same emails as the demo,
 * password hash given) so the benchmark can act as a manager, an analyst and a municipal viewer.
 */
export async function generateNational(
  sink: RowSink,
  catalogue: CatalogueIds,
  options: NationalOptions,
  demo: DemoAccounts,
  onCenter?: (done: number, total: number) => void,
): Promise<GenerateStats> {
  const root = createRng(options.seed);
  const globalIds = uuidSource(hashSeed(`${options.seed}/global`));
  const push = (table: TableName, cells: readonly Cell[]) => sink.push(table, copyLine(cells));
  const today = options.today;
  const start = today - Math.round(options.years * 365);
  const stamp = (day: number, minutes = 9 * 60) => timestampText(day, minutes);

  // ── Places: the catalogue's real municipalities, then synthetic ones up to 265 ──
  const places = new Map<string, { id: string; code: string; regionCode: string; settlements: Place[] }>();
  for (const [code, m] of catalogue.municipalities) places.set(code, { id: m.id, code, regionCode: m.regionCode, settlements: [] });
  for (const [, s] of catalogue.settlements) {
    const m = places.get(s.municipalityCode);
    if (m) m.settlements.push({ id: s.id, kind: s.kind, municipalityId: m.id, municipalityCode: m.code });
  }
  // Real municipalities the catalogue has no settlement for get one synthetic seat, marked "X".
  for (const m of places.values()) {
    if (m.settlements.length > 0) continue;
    const id = globalIds();
    const meta = catalogue.municipalities.get(m.code)!;
    push('Settlement', [id, `X${m.code}`, `Синтетично селище (${meta.nameBg})`, `Synthetic settlement (${meta.nameEn})`, 'CITY', m.id]);
    m.settlements.push({ id, kind: 'CITY', municipalityId: m.id, municipalityCode: m.code });
  }
  const realCodes = [...places.keys()];
  const synthetic = syntheticMunicipalities(Math.max(0, NATIONAL_MUNICIPALITIES - realCodes.length), root.fork('places'));
  for (const sm of synthetic) {
    const id = globalIds();
    push('Municipality', [id, sm.code, sm.nameBg, sm.nameEn, sm.regionBg, sm.regionEn, sm.regionCode, sm.population]);
    const entry = { id, code: sm.code, regionCode: sm.regionCode, settlements: [] as Place[] };
    for (const s of sm.settlements) {
      const sid = globalIds();
      push('Settlement', [sid, s.ekatte, s.nameBg, s.nameEn, s.kind, id]);
      entry.settlements.push({ id: sid, kind: s.kind, municipalityId: id, municipalityCode: sm.code });
    }
    places.set(sm.code, entry);
  }

  // Plovdiv and Kazanlak first (the demo sign-ins live there), then the rest of the catalogue,
  // then synthetic municipalities, one center each.
  const homeOrder = [PLOVDIV.municipalityCode, KAZANLAK.municipalityCode, ...realCodes.filter((c) => c !== PLOVDIV.municipalityCode && c !== KAZANLAK.municipalityCode).sort(), ...synthetic.map((s) => s.code)];
  if (options.centers > homeOrder.length) throw new Error(`at most ${homeOrder.length} centers (one per municipality)`);

  const networkId = globalIds();
  push('Network', [networkId, NETWORK.slug, NETWORK.nameBg, NETWORK.nameEn]);

  const hashOf = (email: string) => (DEMO_EMAILS_BY_CENTER_ROLE.has(email) || OUTSIDE.some((o) => o.email === email) ? demo.passwordHash : DISABLED_PASSWORD_HASH);
  const stats: GenerateStats = { centers: 0, cases: 0, sessions: 0, municipalities: places.size };

  // ── Accounts outside the centers (aggregates only) ──
  for (const o of OUTSIDE) {
    const userId = globalIds();
    push('User', [userId, o.email, hashOf(o.email), o.displayName, 'BG', stamp(start)]);
    const municipalityId = o.municipalityCode ? places.get(o.municipalityCode)?.id ?? null : null;
    if (o.role === 'MUNICIPAL_VIEWER' && !municipalityId) continue;
    push('Membership', [globalIds(), userId, o.role, null, o.role === 'NETWORK_ANALYST' ? networkId : null, municipalityId, null, o.titleBg, o.titleEn, null, dateText(start), stamp(start)]);
  }

  for (let index = 0; index < options.centers; index++) {
    const homeCode = homeOrder[index]!;
    const rng = root.fork(`center-${index}`);
    const ids = uuidSource(hashSeed(`${options.seed}/center-${index}`));
    const counts = generateCenter({ index, homeCode, rng, ids, push, options, catalogue, places, networkId, start, hashOf });
    stats.centers++;
    stats.cases += counts.cases;
    stats.sessions += counts.sessions;
    await sink.drain();
    onCenter?.(index + 1, options.centers);
  }
  return stats;
}

const OUTSIDE = [
  { email: 'analyst@network.opora.test', displayName: 'Николета Георгиева', role: 'NETWORK_ANALYST', municipalityCode: null, titleBg: 'Анализатор на мрежата', titleEn: 'Network analyst' },
  { email: 'viewer@kazanlak.municipality.opora.test', displayName: 'Христо Костов', role: 'MUNICIPAL_VIEWER', municipalityCode: 'SZR12', titleBg: 'Експерт „Социални дейности“, Община Казанлък', titleEn: 'Social services officer, Kazanlak Municipality' },
  { email: 'viewer@plovdiv.municipality.opora.test', displayName: 'Елица Пеева', role: 'MUNICIPAL_VIEWER', municipalityCode: 'PDV22', titleBg: 'Експерт „Социални дейности“, Община Пловдив', titleEn: 'Social services officer, Plovdiv Municipality' },
] as const;

// The demo sign-ins inside centers: center index → role slot → email.
const DEMO_STAFF: Record<number, Partial<Record<'manager' | 'worker' | 'psychologist' | 'mobile', string>>> = {
  0: { manager: 'manager@plovdiv.opora.test', worker: 'worker@plovdiv.opora.test' },
  1: { manager: 'manager@kazanlak.opora.test', psychologist: 'psychologist@kazanlak.opora.test', mobile: 'mobile@kazanlak.opora.test' },
};
const DEMO_EMAILS_BY_CENTER_ROLE = new Set(Object.values(DEMO_STAFF).flatMap((slots) => Object.values(slots)));

type CenterInput = {
  index: number;
  homeCode: string;
  rng: Rng;
  ids: IdSource;
  push: (table: TableName, cells: readonly Cell[]) => void;
  options: NationalOptions;
  catalogue: CatalogueIds;
  places: Map<string, { id: string; code: string; regionCode: string; settlements: Place[] }>;
  networkId: string;
  start: number;
  hashOf: (email: string) => string;
};

function generateCenter(input: CenterInput): { cases: number; sessions: number } {
  const { index, homeCode, rng: r, ids, push, options, catalogue, places, networkId, start } = input;
  const today = options.today;
  const stamp = (day: number, minutes = 9 * 60) => timestampText(day, minutes);
  const home = places.get(homeCode)!;
  const known = index === 0 ? PLOVDIV : index === 1 ? KAZANLAK : undefined;
  // Size: Kazanlak's own 1,630 cases in ten years; the others vary around the national mean.
  const size = index === 1 ? 163 / options.casesPerCenterYear : index === 0 ? 1.3 : 0.45 + r.next() * 1.1;
  const code = known?.code ?? `N${String(index).padStart(3, '0')}`;
  const slug = known?.slug ?? `national-${String(index).padStart(3, '0')}`;
  const centerId = ids();
  const nameBg = known?.nameBg ?? `ЦОП ${String(index).padStart(3, '0')} (синтетичен)`;
  const nameEn = known?.nameEn ?? `Community Support Center ${String(index).padStart(3, '0')} (synthetic)`;
  push('Center', [
    centerId, slug, code, nameBg, nameEn, known?.providerNameBg ?? `Доставчик ${code}`, known?.providerNameEn ?? `Provider ${code}`, home.id,
    known?.addressBg ?? `${r.pick(STREETS)} ${r.int(1, 80)}`, known?.addressEn ?? null, known?.phone ?? null, known?.email ?? `${slug}@national.opora.test`,
    dateText(start - r.int(30, 900)), Math.round(30 + 50 * size), networkId, dateText(start + r.int(0, 365)), stamp(start - 30),
  ]);

  // Partner municipalities: neighbours in the same region.
  const neighbours = [...places.values()].filter((m) => m.regionCode === home.regionCode && m.code !== homeCode);
  const partners = index === 1 ? neighbours.filter((m) => m.code === 'SZR22') : r.sample(neighbours, r.int(1, 3));
  for (const p of partners) push('CenterPartnerMunicipality', [centerId, p.id, dateText(start + r.int(0, 1500))]);
  const homeCity = home.settlements.find((s) => s.kind === 'CITY') ?? home.settlements[0]!;
  const residence: (readonly [Place, number])[] = [[homeCity, 55]];
  for (const s of home.settlements) if (s !== homeCity) residence.push([s, 20 / home.settlements.length]);
  for (const p of partners) for (const s of p.settlements) residence.push([s, 25 / partners.length / p.settlements.length]);

  const partnerOrgs = {
    ozd: ids(), dsp: ids(), school: ids(), municipality: ids(),
  };
  push('PartnerOrganization', [partnerOrgs.ozd, centerId, 'CHILD_PROTECTION_DEPARTMENT', `Отдел „Закрила на детето“ (${code})`, `Child Protection Department (${code})`, dateText(start)]);
  push('PartnerOrganization', [partnerOrgs.dsp, centerId, 'SOCIAL_ASSISTANCE_DIRECTORATE', `Дирекция „Социално подпомагане“ (${code})`, `Social Assistance Directorate (${code})`, dateText(start)]);
  push('PartnerOrganization', [partnerOrgs.school, centerId, 'SCHOOL', `Училище – партньор (${code})`, `Partner school (${code})`, dateText(start + 200)]);
  push('PartnerOrganization', [partnerOrgs.municipality, centerId, 'MUNICIPALITY', `Община – партньор (${code})`, `Partner municipality (${code})`, dateText(start)]);
  const referrer: Record<string, string> = {
    CHILD_PROTECTION_DEPARTMENT: partnerOrgs.ozd, SOCIAL_ASSISTANCE_DIRECTORATE: partnerOrgs.dsp, SCHOOL: partnerOrgs.school, MUNICIPALITY: partnerOrgs.municipality,
  };

  // ── Staff ──
  const staff: Staff[] = [];
  const demoSlots = DEMO_STAFF[index] ?? {};
  const staffStart = today - DEMO_TODAY_STAFF_YEARS * 365;
  const addStaff = (role: string, profession: string, titleBg: string, titleEn: string, mobile: boolean, slot?: 'manager' | 'worker' | 'psychologist' | 'mobile') => {
    const n = staff.length + 1;
    const sex: Sex = r.chance(0.75) ? 'FEMALE' : 'MALE';
    const surname = r.pick(SURNAMES);
    const first = firstName(r, sex);
    const email = (slot && demoSlots[slot]) || `staff${n}@${slug}.national.opora.test`;
    const userId = ids();
    push('User', [userId, email, input.hashOf(email), `${first} ${sex === 'FEMALE' ? femaleSurname(surname) : surname}`, 'BG', stamp(staffStart)]);
    const membershipId = ids();
    push('Membership', [membershipId, userId, role, centerId, null, null, catalogue.professions.get(profession) ?? null, titleBg, titleEn, r.chance(0.85) ? '1.00' : '0.50', dateText(staffStart + r.int(0, 400)), stamp(staffStart)]);
    const s = { membershipId, profession, role, mobile };
    staff.push(s);
    return s;
  };
  const manager = addStaff('MANAGER', 'MANAGER', 'Ръководител', 'Manager', false, 'manager');
  const caseWorkers = [addStaff('CASE_WORKER', 'SOCIAL_WORKER', 'Социален работник', 'Social worker', false, 'worker')];
  const workerCount = Math.max(2, Math.round(3 * size) + 1);
  caseWorkers.push(addStaff('CASE_WORKER', 'SOCIAL_WORKER', 'Социален работник – мобилен екип', 'Social worker – mobile team', true, 'mobile'));
  for (let i = 2; i < workerCount; i++) caseWorkers.push(addStaff('CASE_WORKER', 'SOCIAL_WORKER', 'Социален работник', 'Social worker', false));
  addStaff('SPECIALIST', 'PSYCHOLOGIST', 'Психолог', 'Psychologist', false, 'psychologist');
  for (let i = 1; i < Math.max(1, Math.round(2 * size)); i++) addStaff('SPECIALIST', 'PSYCHOLOGIST', 'Психолог', 'Psychologist', false);
  addStaff('SPECIALIST', 'SPEECH_THERAPIST', 'Логопед', 'Speech therapist', false);
  addStaff('SPECIALIST', 'FAMILY_CONSULTANT', 'Семеен консултант', 'Family consultant', false);
  if (r.chance(0.6)) addStaff('SPECIALIST', 'EARLY_INTERVENTION_SPECIALIST', 'Специалист по ранна интервенция', 'Early intervention specialist', false);
  if (r.chance(0.5)) addStaff('SPECIALIST', 'PHYSIOTHERAPIST', 'Кинезитерапевт', 'Physiotherapist', false);
  addStaff('SOCIAL_ASSOCIATE', 'SOCIAL_ASSOCIATE', 'Социален сътрудник – мобилен екип', 'Social associate – mobile team', true);
  const mobileStaff = staff.filter((s) => s.mobile);
  const mobileLeads = caseWorkers.filter((s) => s.mobile);

  const mdt = ids();
  const mobileTeam = ids();
  push('Team', [mdt, centerId, 'MULTIDISCIPLINARY', 'Мултидисциплинарен екип', 'Multidisciplinary team']);
  push('Team', [mobileTeam, centerId, 'MOBILE', 'Мобилен екип', 'Mobile team']);
  for (const s of staff) {
    if (!s.mobile || s.role === 'CASE_WORKER') push('TeamMember', [centerId, mdt, s.membershipId]);
    if (s.mobile) push('TeamMember', [centerId, mobileTeam, s.membershipId]);
  }

  // ── Services ──
  const serviceCodes = [...CORE_SERVICES, ...OPTIONAL_SERVICES.filter(() => r.chance(0.5))];
  const services = new Map<string, Service>();
  for (const sc of serviceCodes) {
    const kindId = catalogue.serviceKinds.get(sc);
    const meta = SERVICE_KINDS.find((k) => k.code === sc);
    if (!kindId || !meta) continue;
    const profile = SERVICE_PROFILE[sc] ?? { modes: ['IN_CENTER'], by: ['SOCIAL_WORKER'] };
    const id = ids();
    services.set(sc, { id, code: sc, by: profile.by, modes: profile.modes });
    push('CenterService', [id, centerId, kindId, meta.nameBg, meta.nameEn, OPEN_ACCESS.has(sc) ? 'OPEN_ACCESS' : 'SPECIALISED', OPEN_ACCESS.has(sc) ? null : r.int(8, 20), pgArray(profile.modes), true]);
  }
  const byProfession = (professions: readonly string[], fallback: Staff): Staff => {
    for (const p of professions) {
      const found = staff.filter((s) => s.profession === p);
      if (found.length) return r.pick(found);
    }
    return fallback;
  };

  // ── Cases ──
  const caseCount = Math.max(4, Math.round(options.casesPerCenterYear * size * options.years));
  const span = today - start;
  const referralDays: number[] = [];
  for (let i = 0; i < caseCount; i++) referralDays.push(start + Math.floor(r.next() * (span - 3)));
  for (let i = 0; i < 3; i++) referralDays.push(today - i); // fresh referrals: the intake queue is never empty
  referralDays.sort((a, b) => a - b);

  const seqByYear = new Map<number, number>();
  // Word by word, cached: the same as toSearchName of the full name, since names are single words.
  const searchName = (first: string, middle: string, last: string) => `${searchWord(first)} ${searchWord(middle)} ${searchWord(last)}`;
  const client = (sex: Sex, kind: 'CHILD' | 'ADULT', surname: string, fatherFirst: string | undefined, birthDay: number | null, birthYear: number, place: Place, address: string, createdAt: string) => {
    const name = personName(r, sex, surname, fatherFirst);
    const id = ids();
    push('Client', [
      id, centerId, kind, name.firstName, name.middleName, name.lastName, searchName(name.firstName, name.middleName, name.lastName),
      birthDay === null ? null : dateText(birthDay), birthYear, sex, place.id, address, 1, createdAt, createdAt,
    ]);
    return id;
  };

  let sessionsWritten = 0;
  const recentChildren: string[] = [];
  for (const referralDay0 of referralDays) {
    const referralDay = Math.min(today, toWorkday(referralDay0));
    const age0 = today - referralDay;
    const fresh = age0 < 3;
    const place = r.weighted(residence);
    const outOfTown = place !== homeCity;
    const year = new Date(referralDay * 86_400_000).getUTCFullYear();
    const [minAge, maxAge] = r.weighted(CHILD_AGES.map(([a, b, w]) => [[a, b] as const, w] as const));
    const birthDay = referralDay - (r.int(minAge, maxAge) * 365 + r.int(0, 364));
    const birthYear = new Date(birthDay * 86_400_000).getUTCFullYear();
    const surname = r.pick(SURNAMES);
    const fatherFirst = r.pick(MALE_FIRST);
    const address = `${r.pick(STREETS)} ${r.int(1, 120)}`;
    const createdAt = stamp(referralDay, 10 * 60);

    const primary = r.weighted(TARGET_WEIGHTS);
    const groups = [primary];
    if (r.chance(0.3)) {
      const second = r.weighted(TARGET_WEIGHTS);
      if (second !== primary) groups.push(second);
    }

    const childId = client(r.chance(0.5) ? 'FEMALE' : 'MALE', 'CHILD', surname, fatherFirst, birthDay, birthYear, place, address, createdAt);
    const motherYear = birthYear - r.int(19, 38);
    const motherId = client('FEMALE', 'ADULT', surname, undefined, null, motherYear, place, address, createdAt);
    const fatherId = r.chance(0.45) ? client('MALE', 'ADULT', surname, undefined, null, motherYear - r.int(0, 6), place, address, createdAt) : null;
    const householdId = ids();
    push('Household', [householdId, centerId, `Семейство ${surname.endsWith('ски') ? surname : `${surname}и`}`, place.id, address, 1, createdAt, createdAt]);
    push('HouseholdMember', [centerId, householdId, childId, 'CHILD', false]);
    push('HouseholdMember', [centerId, householdId, motherId, 'MOTHER', true]);
    if (fatherId) push('HouseholdMember', [centerId, householdId, fatherId, 'FATHER', false]);
    recentChildren.push(childId);
    if (recentChildren.length > 40) recentChildren.shift();

    const source = r.weighted(REFERRAL_SOURCES);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const number = `${code}-${year}-${String(seq).padStart(4, '0')}`;
    const lead = outOfTown && mobileLeads.length && r.chance(0.7) ? r.pick(mobileLeads) : r.pick(caseWorkers);
    const teamId = lead.mobile ? mobileTeam : mdt;

    const candidates = [...new Set(groups.flatMap((g) => SERVICES_FOR[g] ?? []))].filter((c) => services.has(c));
    const planned = candidates.filter((_, i) => i === 0 || r.chance(0.45));
    if (planned.length === 0) planned.push('PARENTAL_CAPACITY_SUPPORT');
    const caseServices = planned.map((c) => services.get(c)!);
    const team = new Map<string, Staff>();
    for (const s of caseServices) {
      const specialist = byProfession(s.by, lead);
      if (specialist !== lead) team.set(specialist.membershipId, specialist);
    }

    // Lifecycle in days after the referral (as in the demo).
    const assessStart = fresh ? Infinity : r.int(1, 5);
    const stalled = r.chance(0.12) && age0 < 75;
    const assessDone = stalled ? Infinity : r.chance(0.18) ? r.int(21, 34) : r.int(8, 20);
    const screenedOut = r.chance(0.06);
    const planStart = assessDone + r.int(0, 6);
    const activeFrom = planStart + r.int(3, 14);
    const earlyEnd = r.chance(0.12);
    const activeDays = earlyEnd ? r.int(20, 70) : r.int(70, 330);
    const closeAt = screenedOut ? assessDone + r.int(1, 6) : activeFrom + activeDays;
    let status: 'REFERRED' | 'ASSESSMENT' | 'SUPPORT_PLAN' | 'ACTIVE' | 'CLOSED' = 'REFERRED';
    if (age0 >= assessStart) status = 'ASSESSMENT';
    if (age0 >= assessDone && !screenedOut) status = 'SUPPORT_PLAN';
    if (age0 >= activeFrom && !screenedOut) status = 'ACTIVE';
    if (age0 >= closeAt) status = 'CLOSED';
    const closedOn = status === 'CLOSED' ? referralDay + closeAt : null;
    const outcome = status !== 'CLOSED' ? null : screenedOut ? r.pick(['NOT_ELIGIBLE', 'REFUSED', 'TRANSFERRED'] as const) : earlyEnd ? r.pick(['REFUSED', 'CONTACT_LOST', 'MOVED_AWAY'] as const) : r.weighted(OUTCOMES);

    // Sessions first (in memory for this case only), to know the first one delivered.
    const caseId = ids();
    const sessionDays: { day: number; assessment: boolean }[] = [];
    if (status !== 'REFERRED') {
      const meetings = r.int(1, 2);
      for (let i = 0; i < meetings; i++) sessionDays.push({ day: referralDay + assessStart + i * r.int(3, 7), assessment: true });
      const working = !screenedOut && (status === 'ACTIVE' || status === 'CLOSED');
      if (working) {
        const until = Math.min(closedOn ?? Infinity, today + HORIZON_DAYS);
        const gap = r.int(10, 24);
        for (let d = referralDay + activeFrom + r.int(0, 4); d <= until; d += Math.max(4, gap + r.int(-3, 3))) sessionDays.push({ day: d, assessment: false });
      }
    }
    let firstSession: number | null = null;
    for (const s of sessionDays) {
      const day = toWorkday(s.day);
      if (day > today + HORIZON_DAYS || (closedOn !== null && day > closedOn)) continue;
      const service = s.assessment ? caseServices[0]! : r.pick(caseServices);
      const specialist = s.assessment ? lead : byProfession(service.by, lead);
      const atHome = outOfTown && service.modes.includes('AT_HOME') && r.chance(0.45);
      const field = !atHome && outOfTown && service.modes.includes('FIELD') && r.chance(0.2);
      const online = !atHome && !field && service.modes.includes('ONLINE') && r.chance(0.08);
      const mode = atHome ? 'AT_HOME' : field ? 'FIELD' : online ? 'ONLINE' : 'IN_CENTER';
      const kind = s.assessment ? 'ASSESSMENT' : atHome ? 'HOME_VISIT' : field ? 'FIELD_VISIT' : r.chance(0.5) ? 'THERAPY' : r.chance(0.9) ? 'CONSULTATION' : 'CASE_CONFERENCE';
      const startsAt = stamp(day, r.int(8 - 2, 16 - 2) * 60 + (r.chance(0.5) ? 30 : 0)); // Sofia office hours, stored in UTC
      const sessionId = ids();
      push('Session', [
        sessionId, centerId, startsAt, atHome || field ? r.pick([60, 90, 120]) : r.pick([45, 60, 60, 90]), service.id, 'INDIVIDUAL', kind, mode,
        atHome || field ? place.id : null, caseId, null, specialist.membershipId, 1, startsAt, startsAt,
      ]);
      sessionsWritten++;
      push('SessionStaff', [centerId, sessionId, specialist.membershipId]);
      if ((atHome || field) && mobileStaff.length) {
        const companion = r.pick(mobileStaff);
        if (companion !== specialist) push('SessionStaff', [centerId, sessionId, companion.membershipId]);
      }
      push('SessionClient', [centerId, sessionId, childId]);
      if (s.assessment || r.chance(0.35)) push('SessionClient', [centerId, sessionId, motherId]);
      if (day < today) {
        if (firstSession === null || day < firstSession) firstSession = day;
        if (r.chance(0.08)) push('Note', [ids(), centerId, caseId, sessionId, specialist.membershipId, 'TEAM', r.pick(NOTES), stamp(day, 16 * 60)]);
        else if (specialist.profession === 'PSYCHOLOGIST' && r.chance(0.02)) push('Note', [ids(), centerId, caseId, sessionId, specialist.membershipId, 'RESTRICTED', r.pick(RESTRICTED_NOTES), stamp(day, 16 * 60)]);
      }
    }

    push('Case', [
      // A legal referrer refers; a concern raised elsewhere reaches the center through ОЗД; the person themself requests.
      caseId, centerId, number, childId, householdId, status, source === 'SELF' ? 'REQUEST' : 'REFERRAL',
      source === 'SELF' ? null : LEGAL_REFERRERS.has(source) ? source : 'CHILD_PROTECTION_DEPARTMENT',
      LEGAL_REFERRERS.has(source) ? null : source, source === 'SELF' ? dateText(referralDay) : null, source === 'SELF' ? null : dateText(referralDay),
      dateText(referralDay), source === 'SELF' ? null : `${r.int(100, 9999)}/${year}`,
      null, referrer[source] ?? null, lead.membershipId, teamId, firstSession === null ? null : dateText(firstSession),
      closedOn === null ? null : dateText(closedOn), outcome, null, 1, createdAt, closedOn === null ? createdAt : stamp(closedOn, 13 * 60),
    ]);
    for (const g of groups) push('CaseTargetGroup', [centerId, caseId, catalogue.targetGroups.get(g)!]);
    push('CaseParticipant', [centerId, caseId, motherId, 'PARENT']);
    if (fatherId) push('CaseParticipant', [centerId, caseId, fatherId, 'PARENT']);
    for (const m of team.values()) push('CaseTeamMember', [centerId, caseId, m.membershipId, dateText(referralDay + Math.min(assessDone, age0))]);

    const change = (from: string | null, to: string, day: number, by: Staff) => push('CaseStatusChange', [ids(), centerId, caseId, from, to, stamp(referralDay + day, 10 * 60 + 30), by.membershipId, null]);
    change(null, 'REFERRED', 0, manager);
    let last = 'REFERRED';
    if (status !== 'REFERRED') { change(last, 'ASSESSMENT', assessStart, lead); last = 'ASSESSMENT'; }
    if (status === 'SUPPORT_PLAN' || status === 'ACTIVE' || (status === 'CLOSED' && !screenedOut)) { change(last, 'SUPPORT_PLAN', assessDone, lead); last = 'SUPPORT_PLAN'; }
    if (status === 'ACTIVE' || (status === 'CLOSED' && !screenedOut)) { change(last, 'ACTIVE', activeFrom, lead); last = 'ACTIVE'; }
    if (status === 'CLOSED') change(last, 'CLOSED', closeAt, manager);

    if (status !== 'REFERRED') {
      const completed = age0 >= assessDone ? referralDay + assessDone : null;
      push('Assessment', [
        ids(), centerId, caseId, lead.membershipId, dateText(referralDay + 20), dateText(referralDay + assessStart), completed === null ? null : dateText(completed),
        completed === null ? null : 'Оценени са нуждите на детето и семейството.', 1, stamp(referralDay + assessStart, 11 * 60), stamp(completed ?? referralDay + assessStart, 11 * 60),
      ]);
    }
    if (last === 'SUPPORT_PLAN' || last === 'ACTIVE') {
      const planId = ids();
      const planStarts = referralDay + (planStart <= age0 ? planStart : assessDone);
      const planStatus = status === 'SUPPORT_PLAN' ? 'DRAFT' : status === 'ACTIVE' ? 'ACTIVE' : 'ENDED';
      const reviews: { due: number; held: number | null }[] = [];
      if (planStatus !== 'DRAFT') {
        const horizon = closedOn ?? today + 45;
        for (let due = planStarts + 91; due <= horizon; due += 91) {
          const held = due + r.int(-6, 9);
          const overdue = planStatus === 'ACTIVE' && today - due < 60 && r.chance(0.15);
          reviews.push({ due, held: !overdue && held <= today && (closedOn === null || held <= closedOn) ? held : null });
        }
      }
      const nextReview = planStatus === 'ACTIVE' ? reviews.find((x) => x.held === null)?.due ?? planStarts + 91 * (reviews.length + 1) : null;
      push('SupportPlan', [
        planId, centerId, caseId, planStatus, dateText(planStarts), closedOn === null ? null : dateText(closedOn), 3, nextReview === null ? null : dateText(nextReview), 1,
        stamp(planStarts, 11 * 60), stamp(closedOn ?? planStarts, 11 * 60),
      ]);
      const goalCount = r.int(2, 3);
      for (let g = 0; g < goalCount; g++) {
        const goalStatus = planStatus === 'ENDED' ? r.pick(['ACHIEVED', 'ACHIEVED', 'PARTLY_ACHIEVED', 'NOT_ACHIEVED'] as const) : 'OPEN';
        push('SupportPlanGoal', [ids(), centerId, planId, g, r.pick(GOALS), dateText(planStarts + 180), goalStatus]);
      }
      for (const s of caseServices) push('PlannedService', [ids(), centerId, planId, s.id, r.int(2, 4)]);
      for (const rv of reviews) {
        const decision = rv.held === null ? null : r.chance(0.2) ? 'REVISE_PLAN' : 'CONTINUE';
        push('PlanReview', [ids(), centerId, planId, dateText(rv.due), rv.held === null ? null : dateText(rv.held), decision, rv.held === null ? null : 'Преглед на напредъка по плана.', stamp(rv.due - 7)]);
      }
    }
    if (status !== 'REFERRED') {
      const given = referralDay + Math.min(assessStart, age0);
      push('Consent', [ids(), centerId, childId, 'SERVICE_DELIVERY', 'Майка', dateText(given), null, stamp(given)]);
      if (r.chance(0.6)) push('Consent', [ids(), centerId, childId, 'PERSONAL_DATA_PROCESSING', 'Майка', dateText(given), r.chance(0.03) ? dateText(given + r.int(30, 300)) : null, stamp(given)]);
    }
  }

  // ── Group programs: two cohorts a year, six weekly meetings each ──
  const groupService = services.get('SCHOOL_FOR_YOUNG_PARENTS') ?? services.get('GROUP_SOCIALIZING_ACTIVITIES') ?? services.get('COUNSELLING')!;
  const groupStaff = staff.filter((s) => s.profession === 'PSYCHOLOGIST').slice(0, 2);
  for (let cohortStart = start + r.int(10, 120); cohortStart < today - 50; cohortStart += r.int(160, 200)) {
    const programId = ids();
    const startsOn = toWorkday(cohortStart);
    const endsOn = startsOn + 35;
    const cohort = dateText(startsOn).slice(0, 7);
    push('GroupProgram', [programId, centerId, 'PARENT_SUPPORT_GROUP', groupService.id, `Група за подкрепа на родители (${cohort})`, `Parent support group (${cohort})`, dateText(startsOn), dateText(endsOn), 14, 'IN_CENTER', stamp(startsOn - 14)]);
    const participants: { id: string; clientId: string | null }[] = [];
    const count = r.int(6, 12);
    for (let i = 0; i < count; i++) {
      const id = ids();
      const sex: Sex = r.chance(0.8) ? 'FEMALE' : 'MALE';
      const clientId = r.chance(0.2) && recentChildren.length ? r.pick(recentChildren) : null;
      if (clientId && participants.some((p) => p.clientId === clientId)) continue;
      const surname = r.pick(SURNAMES);
      push('GroupProgramParticipant', [
        id, centerId, programId, clientId, clientId ? null : `${firstName(r, sex)} ${sex === 'FEMALE' ? femaleSurname(surname) : surname}`,
        clientId ? null : new Date(startsOn * 86_400_000).getUTCFullYear() - r.int(20, 45), clientId ? null : sex, clientId ? null : r.weighted(residence).id,
        dateText(startsOn - r.int(1, 14)), null,
      ]);
      participants.push({ id, clientId });
    }
    for (let m = 0; m < 6; m++) {
      const day = startsOn + m * 7;
      const meetingId = ids();
      const startsAt = stamp(day, 15 * 60);
      // Every generated meeting took place and has its attendance.
      push('GroupMeeting', [meetingId, centerId, programId, startsAt, 90, `Среща ${m + 1}`, 'IN_CENTER', null, 'HELD', startsAt]);
      const sessionId = ids();
      push('Session', [sessionId, centerId, startsAt, 90, groupService.id, 'GROUP', 'TRAINING', 'IN_CENTER', null, null, meetingId, (groupStaff[0] ?? manager).membershipId, 1, startsAt, startsAt]);
      sessionsWritten++;
      for (const s of groupStaff.length ? groupStaff : [manager]) push('SessionStaff', [centerId, sessionId, s.membershipId]);
      for (const p of participants) {
        const present = r.chance(0.82);
        push('Attendance', [centerId, meetingId, p.id, present]);
        if (present && p.clientId) push('SessionClient', [centerId, sessionId, p.clientId]);
      }
    }
  }

  // ── Open-access contacts: anonymous, counted ──
  const openServices = [...services.values()].filter((s) => OPEN_ACCESS.has(s.code));
  const recorders = staff.filter((s) => s.role !== 'MANAGER');
  const contacts = Math.round(120 * size * options.years);
  for (let i = 0; i < contacts; i++) {
    const service = r.pick(openServices);
    const day = toWorkday(start + Math.floor(r.next() * (today - start)));
    const place = r.weighted(residence);
    const channel = service.code === 'MOBILE_COMMUNITY_WORK' ? 'FIELD' : r.weighted([['IN_PERSON', 55], ['PHONE', 30], ['ONLINE', 15]] as const);
    push('OpenAccessContact', [
      ids(), centerId, dateText(Math.min(day, today)), service.id, channel, r.chance(0.7) ? place.id : null, place.municipalityId,
      r.chance(0.6) ? catalogue.targetGroups.get(r.weighted(TARGET_WEIGHTS))! : null,
      r.weighted([['AGE_18_29', 25], ['AGE_30_64', 45], ['AGE_14_17', 10], ['AGE_7_13', 5], ['AGE_65_PLUS', 5], ['UNKNOWN', 10]] as const),
      r.weighted([['FEMALE', 65], ['MALE', 28], ['UNKNOWN', 7]] as const), r.weighted([[1, 70], [2, 18], [3, 8], [4, 4]] as const),
      (channel === 'FIELD' && mobileStaff.length ? r.pick(mobileStaff) : r.pick(recorders)).membershipId, stamp(Math.min(day, today), 12 * 60),
    ]);
  }
  return { cases: referralDays.length, sessions: sessionsWritten };
}

const searchWords = new Map<string, string>();
function searchWord(word: string): string {
  let k = searchWords.get(word);
  if (k === undefined) {
    k = toSearchName(word);
    searchWords.set(word, k);
  }
  return k;
}

// FNV-1a: a label → 32-bit seed.
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
