// The one catalogue of indicators the network, municipalities and report drafts share.
export const DIMENSIONS = [
    'CENTER',
    'SERVICE_KIND',
    'TARGET_GROUP',
    'SESSION_KIND',
    'DELIVERY_MODE',
    'RESIDENCE_MUNICIPALITY',
    'SETTLEMENT',
    'AGE_BAND',
    'SEX',
    'CLOSURE_OUTCOME',
    'PROGRAM_KIND',
    'CONTACT_CHANNEL',
];
export const UNITS = ['PEOPLE', 'CASES', 'SESSIONS', 'HOURS', 'MEETINGS', 'ATTENDANCES', 'CONTACTS', 'FTE', 'RATIO', 'SHARE', 'DAYS'];
const PERSON_DIMS = ['RESIDENCE_MUNICIPALITY', 'SETTLEMENT', 'AGE_BAND', 'SEX'];
export const INDICATORS = [
    {
        code: 'CLIENTS_SERVED', unit: 'PEOPLE', aggregation: 'DISTINCT', byResidence: true, suppressed: true,
        nameBg: 'Обслужени клиенти', nameEn: 'Clients served',
        descriptionBg: 'Различни клиенти с поне една проведена сесия в периода (месец, тримесечие или година).',
        descriptionEn: 'Distinct clients with at least one session delivered in the period (a month, quarter or year).',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'TARGET_GROUP', ...PERSON_DIMS],
    },
    {
        code: 'NEW_CASES', unit: 'CASES', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Нови случаи', nameEn: 'New cases',
        descriptionBg: 'Случаи, насочени в периода.', descriptionEn: 'Cases referred in the period.',
        breakdowns: ['CENTER', ...PERSON_DIMS],
    },
    {
        code: 'ACTIVE_CASES', unit: 'CASES', aggregation: 'END_OF_PERIOD', byResidence: true, suppressed: true,
        nameBg: 'Активни случаи', nameEn: 'Active cases',
        descriptionBg: 'Отворени случаи в края на периода.', descriptionEn: 'Cases open at the end of the period.',
        breakdowns: ['CENTER', ...PERSON_DIMS],
    },
    {
        code: 'CLOSED_CASES', unit: 'CASES', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Приключени случаи', nameEn: 'Closed cases',
        descriptionBg: 'Случаи, приключени в периода, по резултат.', descriptionEn: 'Cases closed in the period, by outcome.',
        breakdowns: ['CENTER', 'CLOSURE_OUTCOME', ...PERSON_DIMS],
    },
    {
        code: 'SESSIONS', unit: 'SESSIONS', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Проведени сесии', nameEn: 'Sessions delivered',
        descriptionBg: 'Индивидуални и групови сесии, по услуга, вид и начин на провеждане; групова сесия се брои само за проведена среща.',
        descriptionEn: 'Individual and group sessions, by service, kind and mode; a group session counts only for a meeting that was held.',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'SESSION_KIND', 'DELIVERY_MODE', ...PERSON_DIMS],
    },
    {
        code: 'SESSION_HOURS', unit: 'HOURS', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Часове работа', nameEn: 'Hours of work',
        descriptionBg: 'Продължителност на проведените сесии в часове.', descriptionEn: 'Duration of the sessions delivered, in hours.',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'SESSION_KIND', 'DELIVERY_MODE', ...PERSON_DIMS],
    },
    {
        code: 'GROUP_MEETINGS', unit: 'MEETINGS', aggregation: 'SUM', byResidence: false, suppressed: true,
        nameBg: 'Срещи на групови програми', nameEn: 'Group-program meetings',
        descriptionBg: 'Проведени срещи на групови програми (не планираните и не отменените).',
        descriptionEn: 'Group-program meetings held (not those planned or cancelled).',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'PROGRAM_KIND', 'DELIVERY_MODE'],
    },
    {
        code: 'GROUP_ATTENDANCES', unit: 'ATTENDANCES', aggregation: 'SUM', byResidence: false, suppressed: true,
        nameBg: 'Присъствия в групови програми', nameEn: 'Group-program attendances',
        descriptionBg: 'Участници, присъствали на проведените срещи (човеко-срещи).',
        descriptionEn: 'Participants present at meetings held (person-meetings).',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'PROGRAM_KIND', 'DELIVERY_MODE'],
    },
    {
        code: 'OPEN_ACCESS_CONTACTS', unit: 'CONTACTS', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Общодостъпни контакти', nameEn: 'Open-access contacts',
        descriptionBg: 'Информиране и консултиране без случай.', descriptionEn: 'Information and counselling with no case.',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'CONTACT_CHANNEL', 'TARGET_GROUP', ...PERSON_DIMS],
    },
    {
        code: 'OPEN_ACCESS_PEOPLE', unit: 'PEOPLE', aggregation: 'SUM', byResidence: true, suppressed: true,
        nameBg: 'Хора, достигнати без случай', nameEn: 'People reached without a case',
        descriptionBg: 'Хора, обхванати от общодостъпните контакти.', descriptionEn: 'People reached by open-access contacts.',
        breakdowns: ['CENTER', 'SERVICE_KIND', 'CONTACT_CHANNEL', 'TARGET_GROUP', ...PERSON_DIMS],
    },
    {
        code: 'STAFF_FTE', unit: 'FTE', aggregation: 'END_OF_PERIOD', byResidence: false, suppressed: false,
        nameBg: 'Персонал (щатни бройки)', nameEn: 'Staff (full-time equivalents)',
        descriptionBg: 'Щатни бройки на персонала в края на периода.', descriptionEn: 'Staff full-time equivalents at the end of the period.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'CASELOAD_PER_FTE', unit: 'RATIO', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Случаи на щатна бройка', nameEn: 'Caseload per FTE',
        descriptionBg: 'Активни случаи в края на периода на щатна бройка.', descriptionEn: 'Active cases at the end of the period per full-time equivalent.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'MEDIAN_DAYS_TO_FIRST_SESSION', unit: 'DAYS', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Медиана на дните до първа сесия', nameEn: 'Median days to the first session',
        descriptionBg: 'От насочването до първата проведена сесия, за случаите с първа сесия в периода.',
        descriptionEn: 'From the referral to the first session, for cases whose first session fell in the period.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'MEDIAN_DAYS_TO_ASSESSMENT', unit: 'DAYS', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Медиана на дните до завършена оценка', nameEn: 'Median days to a completed assessment',
        descriptionBg: 'От насочването до завършената оценка на потребностите (ИОП).',
        descriptionEn: 'From the referral to the completed needs assessment.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'ASSESSMENTS_ON_TIME', unit: 'SHARE', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Оценки в срок', nameEn: 'Assessments on time',
        descriptionBg: 'Дял на оценките със срок в периода, завършени до срока.', descriptionEn: 'Share of assessments due in the period completed by the due date.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'PLAN_REVIEWS_ON_TIME', unit: 'SHARE', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Прегледи на плана в срок', nameEn: 'Plan reviews on time',
        descriptionBg: 'Дял на прегледите със срок в периода, проведени до срока.', descriptionEn: 'Share of plan reviews due in the period held by the due date.',
        breakdowns: ['CENTER'],
    },
    {
        code: 'CAPACITY_USE', unit: 'SHARE', aggregation: 'DERIVED', byResidence: false, suppressed: true,
        nameBg: 'Използване на капацитета', nameEn: 'Capacity use',
        descriptionBg: 'Активни случаи в края на периода спрямо лицензирания капацитет (места).',
        descriptionEn: 'Active cases at the end of the period against the licensed capacity (places).',
        breakdowns: ['CENTER'],
    },
];
export const INDICATOR_CODES = INDICATORS.map((i) => i.code);
export function indicatorDef(code) {
    const def = INDICATORS.find((i) => i.code === code);
    if (!def)
        throw new Error(`unknown indicator ${code}`);
    return def;
}
// Names of enum values as a person reads them (the dimension's "code" stays the enum value).
export const ENUM_LABELS = {
    SESSION_KIND: {
        CONSULTATION: ['Консултация', 'Consultation'], THERAPY: ['Терапия', 'Therapy'], ASSESSMENT: ['Оценка', 'Assessment'],
        MEDIATION: ['Медиация', 'Mediation'], TRAINING: ['Обучение', 'Training'], HOME_VISIT: ['Посещение в дома', 'Home visit'],
        FIELD_VISIT: ['Теренно посещение', 'Field visit'], CASE_CONFERENCE: ['Случай-конференция', 'Case conference'],
        INFORMATION: ['Информиране', 'Information'], OTHER: ['Друго', 'Other'],
    },
    DELIVERY_MODE: {
        IN_CENTER: ['В центъра', 'In the center'], AT_HOME: ['В дома', 'At home'], FIELD: ['На терен', 'In the field'], ONLINE: ['Онлайн', 'Online'],
    },
    AGE_BAND: {
        AGE_0_2: ['0–2 г.', '0–2'], AGE_3_6: ['3–6 г.', '3–6'], AGE_7_13: ['7–13 г.', '7–13'], AGE_14_17: ['14–17 г.', '14–17'],
        AGE_18_29: ['18–29 г.', '18–29'], AGE_30_64: ['30–64 г.', '30–64'], AGE_65_PLUS: ['65+ г.', '65+'], UNKNOWN: ['Неизвестна', 'Unknown'],
    },
    SEX: { FEMALE: ['Жени', 'Female'], MALE: ['Мъже', 'Male'], OTHER: ['Друг', 'Other'], UNKNOWN: ['Неизвестен', 'Unknown'] },
    CLOSURE_OUTCOME: {
        GOALS_MET: ['Постигнати цели', 'Goals met'], FAMILY_REINTEGRATION: ['Реинтеграция в семейството', 'Family reintegration'],
        ABANDONMENT_PREVENTED: ['Предотвратено изоставяне', 'Abandonment prevented'], PLACEMENT_PREVENTED: ['Предотвратено настаняване', 'Placement prevented'],
        SCHOOL_RETURN: ['Връщане в училище', 'Return to school'], MOVED_AWAY: ['Преместване', 'Moved away'], REFUSED: ['Отказ', 'Refused'],
        TRANSFERRED: ['Пренасочен', 'Transferred'], NOT_ELIGIBLE: ['Неподходяща услуга', 'Not eligible'], CONTACT_LOST: ['Прекъсната връзка', 'Contact lost'],
        OTHER: ['Друго', 'Other'],
    },
    PROGRAM_KIND: {
        SCHOOL_FOR_YOUNG_PARENTS: ['Училище за млади родители', 'School for young parents'],
        FOSTER_ADOPTIVE_PARENT_TRAINING: ['Обучение на приемни и осиновители', 'Foster and adoptive parent training'],
        SOCIALIZING_ACTIVITIES: ['Социализиращи дейности', 'Socializing activities'],
        INDEPENDENT_LIVING_SKILLS: ['Умения за самостоятелен живот', 'Independent-living skills'],
        PARENT_SUPPORT_GROUP: ['Група за подкрепа на родители', 'Parent support group'], OTHER: ['Друго', 'Other'],
    },
    CONTACT_CHANNEL: { IN_PERSON: ['Лично', 'In person'], PHONE: ['По телефона', 'Phone'], ONLINE: ['Онлайн', 'Online'], FIELD: ['На терен', 'Field'] },
};
//# sourceMappingURL=catalogue.js.map