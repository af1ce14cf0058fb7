// The two real centers of shared/MISSION.md as demo tenants: the facts they publish about
// themselves (names, provider, address, team, services, partners), and the shape of their
// work that the synthetic activity follows (who is referred, from where, for what).

export type StaffSpec = {
  key: string;
  firstName: string;
  lastName: string;
  role: 'MANAGER' | 'CASE_WORKER' | 'SPECIALIST' | 'SOCIAL_ASSOCIATE';
  profession: string;
  titleBg: string;
  titleEn: string;
  fte: number;
  /** Years before `today` the person started. */
  startedYearsAgo: number;
  teams: readonly string[];
  /** A demo sign-in; every other staff member gets an account that cannot sign in. */
  demoEmail?: string;
};

export type ServiceSpec = {
  key: string;
  kind: string;
  nameBg: string;
  nameEn: string;
  access: 'OPEN_ACCESS' | 'SPECIALISED';
  capacity?: number;
  modes: readonly ('IN_CENTER' | 'AT_HOME' | 'FIELD' | 'ONLINE')[];
  /** Professions that deliver it (the first is preferred). */
  by: readonly string[];
};

export type PartnerSpec = {
  key: string;
  kind:
    | 'HOSPITAL' | 'SOCIAL_ASSISTANCE_DIRECTORATE' | 'CHILD_PROTECTION_DEPARTMENT' | 'SCHOOL' | 'KINDERGARTEN'
    | 'MUNICIPALITY' | 'INTERNATIONAL_ORGANIZATION' | 'DONOR' | 'NGO' | 'COURT' | 'OTHER';
  nameBg: string;
  nameEn: string;
  sinceYear: number;
  note?: string;
};

export type GroupProgramSpec = {
  key: string;
  kind: 'SCHOOL_FOR_YOUNG_PARENTS' | 'FOSTER_ADOPTIVE_PARENT_TRAINING' | 'SOCIALIZING_ACTIVITIES' | 'INDEPENDENT_LIVING_SKILLS' | 'PARENT_SUPPORT_GROUP';
  service: string;
  nameBg: string;
  nameEn: string;
  descriptionBg: string;
  mode: 'IN_CENTER' | 'ONLINE' | 'FIELD';
  partner?: string;
  /** Cohorts: a new one every `everyDays`, each with `meetings` meetings `meetingEveryDays` apart. */
  everyDays: number;
  meetings: number;
  meetingEveryDays: number;
  durationMinutes: number;
  participants: readonly [number, number];
  /** Share of participants who are clients with a case (the rest are light registrations). */
  clientShare: number;
  /** Participants are adults (parents, future foster parents) rather than children. */
  adults: boolean;
  topics: readonly string[];
  staff: readonly string[];
  capacity: number;
  /** Field meetings take place in one of these settlements. */
  fieldSettlements?: readonly string[];
};

export type CenterSpec = {
  code: string;
  slug: string;
  nameBg: string;
  nameEn: string;
  providerNameBg: string;
  providerNameEn: string;
  municipalityCode: string;
  addressBg: string;
  addressEn: string;
  phone: string;
  email: string;
  foundedOn: string;
  licensedCapacity: number;
  networkJoinedOn: string;
  partnerMunicipalities: readonly { code: string; since: string }[];
  partners: readonly PartnerSpec[];
  teams: readonly { key: string; kind: 'MULTIDISCIPLINARY' | 'MOBILE' | 'OTHER'; nameBg: string; nameEn: string }[];
  staff: readonly StaffSpec[];
  services: readonly ServiceSpec[];
  groupPrograms: readonly GroupProgramSpec[];
  /** Where clients live: [EKATTE, weight]. */
  residence: readonly (readonly [string, number])[];
  targetGroups: readonly (readonly [string, number])[];
  /** Services a case with this target group is planned for, most likely first. */
  servicesFor: Readonly<Record<string, readonly string[]>>;
  /** Child's age at referral: [minAge, maxAge, weight]. */
  childAges: readonly (readonly [number, number, number])[];
  /** Cases referred over the two years (before the few fresh referrals of the last days). */
  cases: number;
  /** Anonymous open-access contacts over the two years. */
  openAccessContacts: number;
  /** Services whose users from one municipality stay a small cell (1–`max` people). */
  smallCells: readonly { municipalityCode: string; service: string; max: number }[];
  /** Field work: the team and the share of cases outside the center's town seen at home. */
  mobileTeam?: string;
  homeVisitShare: number;
  onlineShare: number;
};

const PLOVDIV_CITY = '56784';
const KAZANLAK_TOWN = '35167';

export const PLOVDIV: CenterSpec = {
  code: 'PLV',
  slug: 'plovdiv',
  nameBg: 'ЦОП „За деца и родители“',
  nameEn: 'Community Support Center "For Children and Parents"',
  providerNameBg: 'Община Пловдив',
  providerNameEn: 'Plovdiv Municipality',
  municipalityCode: 'PDV22',
  addressBg: 'гр. Пловдив',
  addressEn: 'Plovdiv',
  phone: '+359 32 000 001',
  email: 'plovdiv@opora.test',
  foundedOn: '2009-01-01',
  licensedCapacity: 60,
  networkJoinedOn: '2024-01-15',
  partnerMunicipalities: [
    { code: 'PDV13', since: '2012-01-01' }, // Марица
    { code: 'PDV26', since: '2012-01-01' }, // Родопи
    { code: 'PDV39', since: '2015-03-01' }, // Куклен
    { code: 'PDV42', since: '2016-09-01' }, // Стамболийски
    { code: 'PDV01', since: '2018-01-01' }, // Асеновград
    { code: 'PDV14', since: '2019-06-01' }, // Перущица
  ],
  partners: [
    { key: 'mhat', kind: 'HOSPITAL', nameBg: 'МБАЛ „Пловдив“ АД', nameEn: 'MHAT "Plovdiv"', sinceYear: 2017, note: 'Онлайн училище за млади родители' },
    { key: 'dsp', kind: 'SOCIAL_ASSISTANCE_DIRECTORATE', nameBg: 'Дирекция „Социално подпомагане“ – Пловдив', nameEn: 'Social Assistance Directorate – Plovdiv', sinceYear: 2009 },
    { key: 'ozd', kind: 'CHILD_PROTECTION_DEPARTMENT', nameBg: 'Отдел „Закрила на детето“ към ДСП – Пловдив', nameEn: 'Child Protection Department, SAD Plovdiv', sinceYear: 2009 },
    { key: 'ozd-asenovgrad', kind: 'CHILD_PROTECTION_DEPARTMENT', nameBg: 'Отдел „Закрила на детето“ към ДСП – Асеновград', nameEn: 'Child Protection Department, SAD Asenovgrad', sinceYear: 2018 },
    { key: 'municipality', kind: 'MUNICIPALITY', nameBg: 'Община Пловдив', nameEn: 'Plovdiv Municipality', sinceYear: 2009 },
    { key: 'court', kind: 'COURT', nameBg: 'Районен съд – Пловдив', nameEn: 'Plovdiv District Court', sinceYear: 2014, note: 'Насочвания за медиация при раздяла' },
    { key: 'school', kind: 'SCHOOL', nameBg: 'Основно училище в Пловдив (партньор по превенция на отпадането)', nameEn: 'Primary school in Plovdiv (drop-out prevention partner)', sinceYear: 2015 },
    { key: 'kindergarten', kind: 'KINDERGARTEN', nameBg: 'Детска градина в Пловдив (партньор по ранно детско развитие)', nameEn: 'Kindergarten in Plovdiv (early childhood partner)', sinceYear: 2016 },
  ],
  teams: [
    { key: 'mdt', kind: 'MULTIDISCIPLINARY', nameBg: 'Мултидисциплинарен екип', nameEn: 'Multidisciplinary team' },
    { key: 'early', kind: 'OTHER', nameBg: 'Екип за ранно детско развитие', nameEn: 'Early childhood team' },
  ],
  staff: [
    { key: 'manager', firstName: 'Милена', lastName: 'Стоянова', role: 'MANAGER', profession: 'MANAGER', titleBg: 'Ръководител', titleEn: 'Manager', fte: 1, startedYearsAgo: 9, teams: ['mdt'], demoEmail: 'manager@plovdiv.opora.test' },
    { key: 'sw1', firstName: 'Десислава', lastName: 'Петрова', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник', titleEn: 'Social worker', fte: 1, startedYearsAgo: 6, teams: ['mdt'], demoEmail: 'worker@plovdiv.opora.test' },
    { key: 'sw2', firstName: 'Росица', lastName: 'Димитрова', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник', titleEn: 'Social worker', fte: 1, startedYearsAgo: 8, teams: ['mdt'] },
    { key: 'sw3', firstName: 'Калоян', lastName: 'Маринов', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник', titleEn: 'Social worker', fte: 1, startedYearsAgo: 3, teams: ['mdt'] },
    { key: 'ecd1', firstName: 'Габриела', lastName: 'Колева', role: 'SPECIALIST', profession: 'EARLY_CHILDHOOD_DEVELOPMENT_SPECIALIST', titleBg: 'Специалист по ранно детско развитие', titleEn: 'Early childhood development specialist', fte: 1, startedYearsAgo: 5, teams: ['mdt', 'early'] },
    { key: 'ecd2', firstName: 'Ивайло', lastName: 'Ангелов', role: 'SPECIALIST', profession: 'EARLY_CHILDHOOD_DEVELOPMENT_SPECIALIST', titleBg: 'Специалист по ранно детско развитие', titleEn: 'Early childhood development specialist', fte: 0.5, startedYearsAgo: 4, teams: ['early'] },
    { key: 'ei', firstName: 'Теодора', lastName: 'Илиева', role: 'SPECIALIST', profession: 'EARLY_INTERVENTION_SPECIALIST', titleBg: 'Специалист по ранна интервенция', titleEn: 'Early intervention specialist', fte: 1, startedYearsAgo: 5, teams: ['mdt', 'early'] },
    { key: 'psy', firstName: 'Анелия', lastName: 'Христова', role: 'SPECIALIST', profession: 'PSYCHOLOGIST', titleBg: 'Психолог', titleEn: 'Psychologist', fte: 1, startedYearsAgo: 7, teams: ['mdt'] },
    { key: 'speech', firstName: 'Боряна', lastName: 'Тодорова', role: 'SPECIALIST', profession: 'SPEECH_THERAPIST', titleBg: 'Логопед', titleEn: 'Speech therapist', fte: 1, startedYearsAgo: 6, teams: ['mdt', 'early'] },
    { key: 'physio', firstName: 'Светослав', lastName: 'Николов', role: 'SPECIALIST', profession: 'PHYSIOTHERAPIST', titleBg: 'Кинезитерапевт', titleEn: 'Physiotherapist', fte: 1, startedYearsAgo: 4, teams: ['mdt', 'early'] },
    { key: 'rehab', firstName: 'Пенка', lastName: 'Вълчева', role: 'SPECIALIST', profession: 'REHABILITATOR', titleBg: 'Рехабилитатор', titleEn: 'Rehabilitator', fte: 0.5, startedYearsAgo: 4, teams: ['early'] },
  ],
  services: [
    { key: 'info', kind: 'INFORMATION', nameBg: 'Информиране и консултиране', nameEn: 'Information and counselling', access: 'OPEN_ACCESS', modes: ['IN_CENTER', 'ONLINE'], by: ['SOCIAL_WORKER'] },
    { key: 'young-parents', kind: 'SCHOOL_FOR_YOUNG_PARENTS', nameBg: 'Онлайн училище за млади родители', nameEn: 'Online school for young parents', access: 'OPEN_ACCESS', capacity: 20, modes: ['ONLINE'], by: ['PSYCHOLOGIST', 'EARLY_CHILDHOOD_DEVELOPMENT_SPECIALIST'] },
    { key: 'social', kind: 'GROUP_SOCIALIZING_ACTIVITIES', nameBg: 'Социализиращи и творчески групови занимания', nameEn: 'Socializing and creative group activities', access: 'OPEN_ACCESS', capacity: 15, modes: ['IN_CENTER'], by: ['SOCIAL_WORKER'] },
    { key: 'psych', kind: 'PSYCHOLOGICAL_COUNSELLING', nameBg: 'Психологическо консултиране на деца и семейства', nameEn: 'Psychological counselling of children and families', access: 'SPECIALISED', modes: ['IN_CENTER', 'ONLINE'], by: ['PSYCHOLOGIST'] },
    { key: 'behaviour', kind: 'PSYCHOLOGICAL_THERAPY', nameBg: 'Консултиране на деца с поведенчески проблеми', nameEn: 'Counselling of children with behavioural problems', access: 'SPECIALISED', modes: ['IN_CENTER'], by: ['PSYCHOLOGIST'] },
    { key: 'mediation', kind: 'MEDIATION', nameBg: 'Медиация при родителско отчуждение и конфликт при развод', nameEn: 'Mediation in parental alienation and divorce conflict', access: 'SPECIALISED', modes: ['IN_CENTER'], by: ['PSYCHOLOGIST', 'SOCIAL_WORKER'] },
    { key: 'speech', kind: 'SPEECH_THERAPY', nameBg: 'Логопедична терапия', nameEn: 'Speech therapy', access: 'SPECIALISED', capacity: 12, modes: ['IN_CENTER'], by: ['SPEECH_THERAPIST'] },
    { key: 'physio', kind: 'PHYSIOTHERAPY_REHABILITATION', nameBg: 'Кинезитерапия и рехабилитация', nameEn: 'Physiotherapy and rehabilitation', access: 'SPECIALISED', capacity: 10, modes: ['IN_CENTER', 'AT_HOME'], by: ['PHYSIOTHERAPIST', 'REHABILITATOR'] },
    { key: 'early', kind: 'EARLY_INTERVENTION', nameBg: 'Ранна интервенция и ранно детско развитие', nameEn: 'Early intervention and early childhood development', access: 'SPECIALISED', capacity: 15, modes: ['IN_CENTER', 'AT_HOME'], by: ['EARLY_INTERVENTION_SPECIALIST', 'EARLY_CHILDHOOD_DEVELOPMENT_SPECIALIST'] },
    { key: 'independent', kind: 'INDEPENDENT_LIVING_SKILLS', nameBg: 'Умения за самостоятелен живот и реинтеграция в семейството', nameEn: 'Independent living skills and family reintegration', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME'], by: ['SOCIAL_WORKER'] },
    { key: 'family', kind: 'PARENTAL_CAPACITY_SUPPORT', nameBg: 'Подкрепа на родители и превенция на изоставянето', nameEn: 'Support for parents and prevention of abandonment', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME'], by: ['SOCIAL_WORKER', 'PSYCHOLOGIST'] },
    { key: 'foster', kind: 'FOSTER_ADOPTIVE_PARENT_TRAINING', nameBg: 'Обучение на бъдещи приемни родители и осиновители', nameEn: 'Training of future foster and adoptive parents', access: 'SPECIALISED', capacity: 12, modes: ['IN_CENTER'], by: ['SOCIAL_WORKER', 'PSYCHOLOGIST'] },
  ],
  groupPrograms: [
    {
      key: 'young-parents', kind: 'SCHOOL_FOR_YOUNG_PARENTS', service: 'young-parents', partner: 'mhat', mode: 'ONLINE',
      nameBg: 'Онлайн училище за млади родители', nameEn: 'Online school for young parents',
      descriptionBg: 'Онлайн срещи за бъдещи и млади родители, заедно с МБАЛ „Пловдив“.',
      everyDays: 91, meetings: 6, meetingEveryDays: 7, durationMinutes: 90, participants: [8, 16], clientShare: 0.15, adults: true,
      topics: ['Бременност и раждане', 'Първите дни у дома', 'Кърмене и хранене', 'Сън и плач', 'Развитие през първата година', 'Безопасност и първа помощ'],
      staff: ['psy', 'ecd1'], capacity: 20,
    },
    {
      key: 'foster', kind: 'FOSTER_ADOPTIVE_PARENT_TRAINING', service: 'foster', mode: 'IN_CENTER',
      nameBg: 'Обучение на кандидат-приемни родители и осиновители', nameEn: 'Training of prospective foster and adoptive parents',
      descriptionBg: 'Задължителното обучение преди утвърждаване на приемно семейство или осиновяване.',
      everyDays: 120, meetings: 8, meetingEveryDays: 7, durationMinutes: 180, participants: [5, 10], clientShare: 0, adults: true,
      topics: ['Нуждите на детето', 'Привързаност и загуба', 'Идентичност и произход', 'Поведение и граници', 'Контакт с биологичното семейство', 'Права на детето', 'Работа с екипа по случая', 'Подготовка за настаняване'],
      staff: ['sw2', 'psy'], capacity: 12,
    },
    {
      key: 'independent', kind: 'INDEPENDENT_LIVING_SKILLS', service: 'independent', mode: 'IN_CENTER',
      nameBg: 'Група „Сам у дома“ – умения за самостоятелен живот', nameEn: '"On my own" – independent living skills group',
      descriptionBg: 'Групови занимания за младежи, напускащи резидентна грижа.',
      everyDays: 182, meetings: 10, meetingEveryDays: 14, durationMinutes: 120, participants: [4, 8], clientShare: 0.6, adults: false,
      topics: ['Бюджет и пазаруване', 'Готвене', 'Документи и институции', 'Търсене на работа', 'Здраве', 'Безопасност онлайн'],
      staff: ['sw3'], capacity: 8,
    },
  ],
  residence: [
    [PLOVDIV_CITY, 62],
    ['62997', 3], ['73242', 3], ['38844', 2], ['61248', 2], ['69866', 2], // Марица
    ['87014', 3], ['03366', 2], ['06639', 2], ['47086', 2], ['77373', 1], ['59080', 2], ['35095', 1], ['54225', 1], ['75664', 1], ['78015', 1], // Родопи
    ['40467', 2], // Куклен (small on purpose)
    ['69105', 3], // Стамболийски
    ['00702', 5], // Асеновград
    ['55909', 1], // Перущица
  ],
  targetGroups: [
    ['DEVELOPMENTAL_DIFFICULTIES', 22], ['RISK_OF_ABANDONMENT', 8], ['IN_PUBLIC_CARE', 5], ['FOSTER_AND_ADOPTIVE_FAMILIES', 8],
    ['DOMESTIC_VIOLENCE_WITNESS', 6], ['SCHOOL_DROPOUT_RISK', 10], ['DIFFICULT_SOCIAL_STATUS', 8], ['PREGNANT_GIRLS', 3],
    ['SPEECH_LANGUAGE_DISORDERS', 10], ['EMOTIONAL_BEHAVIOURAL_PROBLEMS', 8], ['PARENTS_IN_SEPARATION_CONFLICT', 8],
    ['PARENTS_OF_CHILDREN_WITH_DISABILITIES', 5], ['PARENTS_WITH_ADDICTIONS', 2], ['LOW_PARENTAL_CAPACITY', 5],
  ],
  servicesFor: {
    DEVELOPMENTAL_DIFFICULTIES: ['early', 'physio', 'speech', 'psych'],
    RISK_OF_ABANDONMENT: ['family', 'psych'],
    IN_PUBLIC_CARE: ['independent', 'psych'],
    FOSTER_AND_ADOPTIVE_FAMILIES: ['psych', 'family'],
    DOMESTIC_VIOLENCE_WITNESS: ['psych', 'family'],
    SCHOOL_DROPOUT_RISK: ['family', 'psych'],
    DIFFICULT_SOCIAL_STATUS: ['family'],
    PREGNANT_GIRLS: ['family', 'psych'],
    SPEECH_LANGUAGE_DISORDERS: ['speech', 'early'],
    EMOTIONAL_BEHAVIOURAL_PROBLEMS: ['behaviour', 'psych'],
    PARENTS_IN_SEPARATION_CONFLICT: ['mediation', 'psych'],
    PARENTS_OF_CHILDREN_WITH_DISABILITIES: ['physio', 'early', 'psych'],
    PARENTS_WITH_ADDICTIONS: ['family', 'psych'],
    LOW_PARENTAL_CAPACITY: ['family'],
  },
  childAges: [[0, 3, 30], [4, 6, 22], [7, 13, 32], [14, 17, 16]],
  cases: 290,
  openAccessContacts: 520,
  smallCells: [{ municipalityCode: 'PDV39', service: 'physio', max: 1 }],
  homeVisitShare: 0.08,
  onlineShare: 0.07,
};

export const KAZANLAK: CenterSpec = {
  code: 'KZL',
  slug: 'kazanlak',
  nameBg: 'ЦОП Казанлък',
  nameEn: 'Community Support Center Kazanlak',
  providerNameBg: 'Сдружение „Бъдеще за децата“',
  providerNameEn: '"Future for the Children" Association',
  municipalityCode: 'SZR12',
  addressBg: 'гр. Казанлък, ул. „Войнишка“ (сградата на бившата детска ясла „Осми март“)',
  addressEn: 'Voynishka St., Kazanlak (the former "Osmi mart" nursery)',
  phone: '+359 431 00 002',
  email: 'kazanlak@opora.test',
  foundedOn: '2016-01-01',
  licensedCapacity: 60,
  networkJoinedOn: '2024-01-15',
  partnerMunicipalities: [{ code: 'SZR22', since: '2021-09-01' }],
  partners: [
    { key: 'municipality', kind: 'MUNICIPALITY', nameBg: 'Община Казанлък', nameEn: 'Kazanlak Municipality', sinceYear: 2016 },
    { key: 'dsp', kind: 'SOCIAL_ASSISTANCE_DIRECTORATE', nameBg: 'Дирекция „Социално подпомагане“ – Казанлък', nameEn: 'Social Assistance Directorate – Kazanlak', sinceYear: 2016 },
    { key: 'ozd', kind: 'CHILD_PROTECTION_DEPARTMENT', nameBg: 'Отдел „Закрила на детето“ към ДСП – Казанлък', nameEn: 'Child Protection Department, SAD Kazanlak', sinceYear: 2016 },
    { key: 'ozd-pavel-banya', kind: 'CHILD_PROTECTION_DEPARTMENT', nameBg: 'Отдел „Закрила на детето“ към ДСП – Павел баня', nameEn: 'Child Protection Department, SAD Pavel Banya', sinceYear: 2021 },
    { key: 'pavel-banya', kind: 'MUNICIPALITY', nameBg: 'Община Павел баня', nameEn: 'Pavel Banya Municipality', sinceYear: 2021 },
    { key: 'unicef', kind: 'INTERNATIONAL_ORGANIZATION', nameBg: 'УНИЦЕФ България', nameEn: 'UNICEF Bulgaria', sinceYear: 2021, note: 'Проект „Европейска гаранция за детето“: специалисти на терен от 2021 г.' },
    { key: 'donors', kind: 'DONOR', nameBg: 'Дарители от общността', nameEn: 'Community donors', sinceYear: 2017 },
    { key: 'school', kind: 'SCHOOL', nameBg: 'Средно училище в Казанлък (партньор по превенция на отпадането)', nameEn: 'Secondary school in Kazanlak (drop-out prevention partner)', sinceYear: 2017 },
    { key: 'court', kind: 'COURT', nameBg: 'Районен съд – Казанлък', nameEn: 'Kazanlak District Court', sinceYear: 2018 },
  ],
  teams: [
    { key: 'mdt', kind: 'MULTIDISCIPLINARY', nameBg: 'Мултидисциплинарен екип', nameEn: 'Multidisciplinary team' },
    { key: 'mobile', kind: 'MOBILE', nameBg: 'Мобилен екип', nameEn: 'Mobile team' },
  ],
  staff: [
    { key: 'manager', firstName: 'Гергана', lastName: 'Минчева', role: 'MANAGER', profession: 'MANAGER', titleBg: 'Ръководител', titleEn: 'Manager', fte: 1, startedYearsAgo: 10, teams: ['mdt'], demoEmail: 'manager@kazanlak.opora.test' },
    { key: 'psy-early', firstName: 'Надежда', lastName: 'Русева', role: 'SPECIALIST', profession: 'PSYCHOLOGIST', titleBg: 'Психолог (деца 0–6 г.)', titleEn: 'Psychologist (children 0–6)', fte: 1, startedYearsAgo: 7, teams: ['mdt'], demoEmail: 'psychologist@kazanlak.opora.test' },
    { key: 'psy-school', firstName: 'Илиян', lastName: 'Танев', role: 'SPECIALIST', profession: 'PSYCHOLOGIST', titleBg: 'Психолог (деца 7–13 г.)', titleEn: 'Psychologist (children 7–13)', fte: 1, startedYearsAgo: 6, teams: ['mdt'] },
    { key: 'psy-teen', firstName: 'Ралица', lastName: 'Бонева', role: 'SPECIALIST', profession: 'PSYCHOLOGIST', titleBg: 'Психолог (юноши 14–18 г., девиантно поведение)', titleEn: 'Psychologist (adolescents 14–18, deviant behaviour)', fte: 1, startedYearsAgo: 5, teams: ['mdt'] },
    { key: 'psy-family', firstName: 'Веселина', lastName: 'Златева', role: 'SPECIALIST', profession: 'PSYCHOLOGIST', titleBg: 'Психолог (деца, жертви на насилие, и семейства)', titleEn: 'Psychologist (child victims of violence and families)', fte: 1, startedYearsAgo: 8, teams: ['mdt'] },
    { key: 'family', firstName: 'Стефан', lastName: 'Енчев', role: 'SPECIALIST', profession: 'FAMILY_CONSULTANT', titleBg: 'Семеен консултант', titleEn: 'Family consultant', fte: 1, startedYearsAgo: 6, teams: ['mdt'] },
    { key: 'sw1', firstName: 'Мария', lastName: 'Кънчева', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник', titleEn: 'Social worker', fte: 1, startedYearsAgo: 9, teams: ['mdt'] },
    { key: 'sw2', firstName: 'Цветелина', lastName: 'Ганчева', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник', titleEn: 'Social worker', fte: 1, startedYearsAgo: 6, teams: ['mdt'] },
    { key: 'sw-mobile1', firstName: 'Петя', lastName: 'Драганова', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник – мобилен екип', titleEn: 'Social worker – mobile team', fte: 1, startedYearsAgo: 5, teams: ['mobile', 'mdt'], demoEmail: 'mobile@kazanlak.opora.test' },
    { key: 'sw-mobile2', firstName: 'Пламен', lastName: 'Шишков', role: 'CASE_WORKER', profession: 'SOCIAL_WORKER', titleBg: 'Социален работник – мобилен екип (проект „Европейска гаранция за детето“)', titleEn: 'Social worker – mobile team ("European Child Guarantee" project)', fte: 1, startedYearsAgo: 4, teams: ['mobile'] },
    { key: 'speech', firstName: 'Лора', lastName: 'Желязкова', role: 'SPECIALIST', profession: 'SPEECH_THERAPIST', titleBg: 'Логопед', titleEn: 'Speech therapist', fte: 1, startedYearsAgo: 7, teams: ['mdt'] },
    { key: 'associate', firstName: 'Живко', lastName: 'Пенчев', role: 'SOCIAL_ASSOCIATE', profession: 'SOCIAL_ASSOCIATE', titleBg: 'Социален сътрудник – мобилен екип', titleEn: 'Social associate – mobile team', fte: 1, startedYearsAgo: 4, teams: ['mobile'] },
  ],
  services: [
    { key: 'info', kind: 'INFORMATION', nameBg: 'Информиране и консултиране', nameEn: 'Information and counselling', access: 'OPEN_ACCESS', modes: ['IN_CENTER', 'FIELD'], by: ['SOCIAL_WORKER', 'SOCIAL_ASSOCIATE'] },
    { key: 'mobile', kind: 'MOBILE_COMMUNITY_WORK', nameBg: 'Мобилна работа в общността (Казанлък и Павел баня)', nameEn: 'Mobile community work (Kazanlak and Pavel Banya)', access: 'OPEN_ACCESS', modes: ['FIELD', 'AT_HOME'], by: ['SOCIAL_WORKER', 'SOCIAL_ASSOCIATE'] },
    { key: 'social', kind: 'GROUP_SOCIALIZING_ACTIVITIES', nameBg: 'Личностно развитие и социализиращи занимания за деца и младежи', nameEn: 'Personal growth and socializing activities for children and young people', access: 'OPEN_ACCESS', capacity: 20, modes: ['IN_CENTER', 'FIELD'], by: ['PSYCHOLOGIST', 'SOCIAL_WORKER'] },
    { key: 'violence', kind: 'SUPPORT_FOR_CHILD_VICTIMS_OF_VIOLENCE', nameBg: 'Подкрепа за деца, жертви на насилие, и техните семейства', nameEn: 'Support for child victims of violence and their families', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME'], by: ['PSYCHOLOGIST', 'SOCIAL_WORKER'] },
    { key: 'prevention', kind: 'ABANDONMENT_PREVENTION', nameBg: 'Превенция на раздялата на деца с родителите', nameEn: 'Prevention of separation of children from their parents', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME', 'FIELD'], by: ['SOCIAL_WORKER', 'FAMILY_CONSULTANT'] },
    { key: 'reintegration', kind: 'FAMILY_REINTEGRATION_SUPPORT', nameBg: 'Подкрепа за реинтеграция в семейството', nameEn: 'Support for reintegration into the family', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME'], by: ['FAMILY_CONSULTANT', 'SOCIAL_WORKER'] },
    { key: 'parenting', kind: 'PARENTAL_CAPACITY_SUPPORT', nameBg: 'Повишаване на родителския капацитет', nameEn: 'Raising parental capacity', access: 'SPECIALISED', modes: ['IN_CENTER', 'AT_HOME', 'ONLINE'], by: ['FAMILY_CONSULTANT', 'PSYCHOLOGIST'] },
    { key: 'therapy', kind: 'PSYCHOLOGICAL_THERAPY', nameBg: 'Консултиране и терапия на деца с девиантно поведение и емоционално-поведенчески проблеми', nameEn: 'Counselling and therapy of children with deviant behaviour and emotional-behavioural problems', access: 'SPECIALISED', modes: ['IN_CENTER', 'ONLINE'], by: ['PSYCHOLOGIST'] },
    { key: 'speech', kind: 'SPEECH_THERAPY', nameBg: 'Логопедична терапия при езиково-говорни нарушения', nameEn: 'Speech therapy for speech and language disorders', access: 'SPECIALISED', capacity: 12, modes: ['IN_CENTER'], by: ['SPEECH_THERAPIST'] },
  ],
  groupPrograms: [
    {
      key: 'social', kind: 'SOCIALIZING_ACTIVITIES', service: 'social', mode: 'IN_CENTER',
      nameBg: 'Клуб „Заедно“ – социализиращи и творчески занимания', nameEn: '"Together" club – socializing and creative activities',
      descriptionBg: 'Седмични занимания за деца и младежи: игри, изкуство, умения за общуване.',
      everyDays: 120, meetings: 14, meetingEveryDays: 7, durationMinutes: 90, participants: [8, 14], clientShare: 0.45, adults: false,
      topics: ['Запознанство и правила', 'Емоциите и как ги назоваваме', 'Приятелство', 'Рисуване', 'Театър', 'Работа в екип', 'Спор без кавга', 'Моят град', 'Музика', 'Безопасност онлайн', 'Празник'],
      staff: ['psy-school', 'sw2'], capacity: 20,
    },
    {
      key: 'villages', kind: 'SOCIALIZING_ACTIVITIES', service: 'social', mode: 'FIELD',
      nameBg: 'Лятна работилница в селата', nameEn: 'Summer workshop in the villages',
      descriptionBg: 'Занимания на мобилния екип с децата в селата на общините Казанлък и Павел баня.',
      everyDays: 365, meetings: 8, meetingEveryDays: 7, durationMinutes: 120, participants: [10, 18], clientShare: 0.2, adults: false,
      topics: ['Игри на открито', 'Рисуване', 'Приказки', 'Спорт', 'Природата около нас', 'Празник'],
      staff: ['sw-mobile1', 'associate'], capacity: 20,
      fieldSettlements: ['83106', '07116', '24044', '73362', '67057', '38707'],
    },
    {
      key: 'parents', kind: 'PARENT_SUPPORT_GROUP', service: 'parenting', mode: 'IN_CENTER',
      nameBg: 'Група за подкрепа на родители', nameEn: 'Parent support group',
      descriptionBg: 'Месечни срещи на родители: граници, общуване, справяне със стреса.',
      everyDays: 182, meetings: 6, meetingEveryDays: 28, durationMinutes: 90, participants: [6, 12], clientShare: 0.5, adults: true,
      topics: ['Граници с обич', 'Общуване с тийнейджъра', 'Стрес и умора', 'Училището и домашните', 'Екраните вкъщи', 'Разговор за насилието'],
      staff: ['family', 'psy-family'], capacity: 12,
    },
  ],
  residence: [
    [KAZANLAK_TOWN, 46],
    ['83199', 5], ['39921', 4], // Шипка, Крън
    ['07116', 3], ['11048', 1], ['15802', 2], ['16657', 2], ['16777', 2], ['22232', 2], ['24044', 3], ['27245', 2],
    ['30692', 1], ['38707', 3], ['40974', 2], ['53120', 3], ['63135', 2], ['68494', 1], ['77164', 2], ['80488', 2],
    ['83106', 3], ['87847', 3],
    // Pavel Banya: few cases, so its cells stay small.
    ['55302', 2], ['73362', 1], ['67057', 1], ['14129', 1], ['73519', 1],
  ],
  targetGroups: [
    ['CHILD_VICTIMS_OF_VIOLENCE', 14], ['DOMESTIC_VIOLENCE_WITNESS', 8], ['FAMILIES_AT_RISK_OF_SEPARATION', 12], ['RISK_OF_ABANDONMENT', 6],
    ['FAMILY_REINTEGRATION', 7], ['EMOTIONAL_BEHAVIOURAL_PROBLEMS', 16], ['SPEECH_LANGUAGE_DISORDERS', 12], ['LOW_PARENTAL_CAPACITY', 10],
    ['SCHOOL_DROPOUT_RISK', 8], ['DIFFICULT_SOCIAL_STATUS', 7],
  ],
  servicesFor: {
    CHILD_VICTIMS_OF_VIOLENCE: ['violence', 'therapy'],
    DOMESTIC_VIOLENCE_WITNESS: ['violence', 'parenting'],
    FAMILIES_AT_RISK_OF_SEPARATION: ['prevention', 'parenting'],
    RISK_OF_ABANDONMENT: ['prevention', 'parenting'],
    FAMILY_REINTEGRATION: ['reintegration', 'parenting'],
    EMOTIONAL_BEHAVIOURAL_PROBLEMS: ['therapy', 'parenting'],
    SPEECH_LANGUAGE_DISORDERS: ['speech'],
    LOW_PARENTAL_CAPACITY: ['parenting', 'prevention'],
    SCHOOL_DROPOUT_RISK: ['prevention', 'therapy'],
    DIFFICULT_SOCIAL_STATUS: ['prevention'],
  },
  childAges: [[2, 6, 24], [7, 13, 44], [14, 17, 32]],
  cases: 310,
  openAccessContacts: 640,
  smallCells: [{ municipalityCode: 'SZR22', service: 'speech', max: 1 }],
  mobileTeam: 'mobile',
  homeVisitShare: 0.55,
  onlineShare: 0.05,
};

export const CENTERS: readonly CenterSpec[] = [PLOVDIV, KAZANLAK];
