// One bilingual vocabulary (Bulgarian first, English second) for every label a person reads,
// used by the server and the web alike. The words follow the Social Services Act (Закон за
// социалните услуги): the person served is a „потребител“, the assessment is the
// „индивидуална оценка на потребностите“, the plan the „индивидуален план за подкрепа“, and a
// piece of work with a person is a „сесия“ (never „среща“, which is a group programme's meeting).
//
// ENUM_LABELS holds every value of every GraphQL enum a person reads (the aggregate engine's
// dimensions and indicators keep their labels in its catalogue for now). A test walks the real
// schema and fails on a value without both languages (tests/src/api/vocabulary.test.ts).
export type Bilingual = { bg: string; en: string };
export type Lang = keyof Bilingual;

/** The words of the Act, for sentences that name them. */
export const TERMS = {
  client: { bg: 'потребител', en: 'client' },
  clients: { bg: 'потребители', en: 'clients' },
  session: { bg: 'сесия', en: 'session' },
  sessions: { bg: 'сесии', en: 'sessions' },
  assessment: { bg: 'индивидуална оценка на потребностите', en: 'individual needs assessment' },
  supportPlan: { bg: 'индивидуален план за подкрепа', en: 'individual support plan' },
  case: { bg: 'случай', en: 'case' },
} as const satisfies Record<string, Bilingual>;

export const ENUM_LABELS = {
  NotificationKind: {
    ASSESSMENT_DUE: { bg: 'Срок за индивидуална оценка на потребностите (ИОП)', en: 'Individual needs assessment due' },
    PLAN_DUE: { bg: 'Срок за индивидуален план за подкрепа (ИПП)', en: 'Individual support plan due' },
    PLAN_REVIEW_DUE: { bg: 'Преглед на плана за подкрепа', en: 'Support plan review due' },
    CONTRACT_ENDING: { bg: 'Изтичащ договор', en: 'Contract ending' },
    CASE_ASSIGNED: { bg: 'Възложен ви е случай', en: 'A case was assigned to you' },
    INVITATION: { bg: 'Покана да се присъедините към екип', en: 'An invitation to join a staff' },
  },
  LegalServiceType: {
    OA_INFORMATION: { bg: 'Информиране (общодостъпна)', en: 'Information (open access)' },
    OA_COUNSELLING_TRAINING: { bg: 'Консултиране и обучение (общодостъпна)', en: 'Counselling and training (open access)' },
    OA_MOBILE_COMMUNITY_WORK: { bg: 'Мобилна превантивна работа в общността', en: 'Mobile preventive community work' },
    SP_INFORMATION_COUNSELLING: { bg: 'Информиране и консултиране (специализирана)', en: 'Information and counselling (specialised)' },
    SP_PSYCHOLOGICAL_THERAPY: { bg: 'Терапия и рехабилитация (специализирана)', en: 'Therapy and rehabilitation (specialised)' },
    SP_SKILLS_TRAINING: { bg: 'Обучение за придобиване на умения', en: 'Skills training' },
    SP_ADVOCACY_MEDIATION: { bg: 'Застъпничество и посредничество', en: 'Advocacy and mediation' },
  },
  ComplaintKind: {
    COMPLAINT: { bg: 'Жалба', en: 'Complaint' },
    SIGNAL: { bg: 'Сигнал', en: 'Signal' },
  },
  ComplaintChannel: {
    IN_PERSON: { bg: 'Лично', en: 'In person' },
    PHONE: { bg: 'По телефона', en: 'By phone' },
    EMAIL: { bg: 'По електронна поща', en: 'By email' },
    LETTER: { bg: 'С писмо', en: 'By letter' },
    BOX: { bg: 'Кутия за сигнали', en: 'Complaints box' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  ComplaintOutcome: {
    UPHELD: { bg: 'Основателна', en: 'Upheld' },
    PARTLY_UPHELD: { bg: 'Частично основателна', en: 'Partly upheld' },
    NOT_UPHELD: { bg: 'Неоснователна', en: 'Not upheld' },
    WITHDRAWN: { bg: 'Оттеглена', en: 'Withdrawn' },
    REFERRED_ON: { bg: 'Препратена по компетентност', en: 'Referred to the competent body' },
  },
  SupervisionKind: {
    INTERNAL: { bg: 'Вътрешна', en: 'Internal' },
    EXTERNAL: { bg: 'Външна', en: 'External' },
  },
  YearlyReportStatus: {
    DRAFT: { bg: 'Чернова', en: 'Draft' },
    SIGNED_OFF: { bg: 'Подписан', en: 'Signed off' },
  },
  MunicipalAnalysisStatus: {
    DRAFT: { bg: 'Чернова', en: 'Draft' },
    SIGNED_OFF: { bg: 'Подписан', en: 'Signed off' },
  },
  MunicipalAnalysisSection: {
    SPENDING: { bg: 'Разходи за социални услуги', en: 'Spending on social services' },
    PROVIDERS_EVALUATION: { bg: 'Оценка на доставчиците, с които общината има договор', en: 'Evaluation of the contracted providers' },
    CONTROL_MONITORING: { bg: 'Резултати от контрола и мониторинга', en: 'Results of control and monitoring' },
    UNMET_NEEDS: { bg: 'Неудовлетворени потребности', en: 'Needs not met' },
  },
  AnalysisSide: {
    RESIDENTS: { bg: 'Жители на общината', en: "The municipality's residents" },
    TERRITORY: { bg: 'Центрове на територията', en: 'Centers on the territory' },
  },
  AgeBand: {
    UNKNOWN: { bg: 'Неизвестна', en: 'Unknown' },
    AGE_0_2: { bg: '0–2 г.', en: '0–2' },
    AGE_3_6: { bg: '3–6 г.', en: '3–6' },
    AGE_7_13: { bg: '7–13 г.', en: '7–13' },
    AGE_14_17: { bg: '14–17 г.', en: '14–17' },
    AGE_18_29: { bg: '18–29 г.', en: '18–29' },
    AGE_30_64: { bg: '30–64 г.', en: '30–64' },
    AGE_65_PLUS: { bg: '65+ г.', en: '65+' },
  },
  AssessmentArea: {
    HEALTH: { bg: 'Здраве', en: 'Health' },
    EDUCATION: { bg: 'Образование', en: 'Education' },
    EMOTIONAL_BEHAVIOURAL: { bg: 'Емоционално и поведенческо развитие', en: 'Emotional and behavioural development' },
    IDENTITY: { bg: 'Идентичност', en: 'Identity' },
    FAMILY_SOCIAL_RELATIONSHIPS: { bg: 'Семейни и социални взаимоотношения', en: 'Family and social relationships' },
    SELF_CARE: { bg: 'Умения за самообслужване', en: 'Self-care skills' },
    BASIC_CARE: { bg: 'Базисни грижи', en: 'Basic care' },
    SAFETY: { bg: 'Осигуряване на безопасност', en: 'Ensuring safety' },
    EMOTIONAL_WARMTH: { bg: 'Емоционална топлина', en: 'Emotional warmth' },
    STIMULATION: { bg: 'Стимулиране', en: 'Stimulation' },
    GUIDANCE_BOUNDARIES: { bg: 'Напътствия и граници', en: 'Guidance and boundaries' },
    STABILITY: { bg: 'Стабилност', en: 'Stability' },
    FAMILY_HISTORY: { bg: 'История и функциониране на семейството', en: 'Family history and functioning' },
    WIDER_FAMILY: { bg: 'Разширено семейство', en: 'Wider family' },
    HOUSING: { bg: 'Жилищни условия', en: 'Housing' },
    EMPLOYMENT: { bg: 'Трудова заетост', en: 'Employment' },
    INCOME: { bg: 'Доходи', en: 'Income' },
    SOCIAL_INTEGRATION: { bg: 'Социална интеграция на семейството', en: "The family's social integration" },
    COMMUNITY_RESOURCES: { bg: 'Ресурси в общността', en: 'Community resources' },
  },
  AssessmentChange: {
    BETTER: { bg: 'Подобрение', en: 'Better' },
    SAME: { bg: 'Без промяна', en: 'Same' },
    WORSE: { bg: 'Влошаване', en: 'Worse' },
  },
  AssessmentSide: {
    DEVELOPMENTAL_NEEDS: { bg: 'Потребности от развитие', en: 'Developmental needs' },
    PARENTING_CAPACITY: { bg: 'Родителски капацитет', en: 'Parenting capacity' },
    FAMILY_ENVIRONMENT: { bg: 'Семейни и обкръжаващи фактори', en: 'Family and environmental factors' },
  },
  AuditAction: {
    CREATE: { bg: 'Създаване', en: 'Create' },
    READ: { bg: 'Преглед', en: 'Read' },
    UPDATE: { bg: 'Промяна', en: 'Update' },
    DELETE: { bg: 'Изтриване', en: 'Delete' },
    EXPORT: { bg: 'Експорт', en: 'Export' },
    LOGIN: { bg: 'Вход', en: 'Sign-in' },
    LOGIN_FAILED: { bg: 'Неуспешен вход', en: 'Failed sign-in' },
    LOGOUT: { bg: 'Изход', en: 'Sign-out' },
    SWITCH_MEMBERSHIP: { bg: 'Смяна на роля', en: 'Role switch' },
  },
  AttachmentOwner: {
    CLIENT: { bg: 'Потребител', en: 'Client' },
    CASE: { bg: 'Случай', en: 'Case' },
    ASSESSMENT: { bg: 'Индивидуална оценка на потребностите', en: 'Individual needs assessment' },
    SUPPORT_PLAN: { bg: 'Индивидуален план за подкрепа', en: 'Individual support plan' },
    CONTRACT: { bg: 'Договор за ползване на услугата', en: 'Contract for using the service' },
    CONSENT: { bg: 'Съгласие', en: 'Consent' },
  },
  CaseParticipantRole: {
    CHILD: { bg: 'Дете', en: 'Child' },
    PARENT: { bg: 'Родител', en: 'Parent' },
    CAREGIVER: { bg: 'Грижещ се', en: 'Caregiver' },
    SIBLING: { bg: 'Брат/сестра', en: 'Sibling' },
    OTHER: { bg: 'Друг', en: 'Other' },
  },
  CaseStatus: {
    REFERRED: { bg: 'Насочен', en: 'Referred' },
    ASSESSMENT: { bg: 'Оценка на потребностите', en: 'Needs assessment' },
    SUPPORT_PLAN: { bg: 'План за подкрепа', en: 'Support plan' },
    ACTIVE: { bg: 'Активен', en: 'Active' },
    CLOSED: { bg: 'Закрит', en: 'Closed' },
  },
  CaseAction: {
    START_ASSESSMENT: { bg: 'Започни оценка', en: 'Start the assessment' },
    COMPLETE_ASSESSMENT: { bg: 'Завърши оценката', en: 'Complete the assessment' },
    START_REASSESSMENT: { bg: 'Започни повторна оценка', en: 'Start a reassessment' },
    DRAFT_PLAN: { bg: 'Изготви план за подкрепа', en: 'Prepare a support plan' },
    PUT_PLAN_INTO_EFFECT: { bg: 'Въведи плана в действие', en: 'Put the plan into effect' },
    RECORD_REVIEW: { bg: 'Запиши преглед на плана', en: 'Record a plan review' },
    DRAFT_CONTRACT: { bg: 'Изготви договор', en: 'Prepare the contract' },
    CONCLUDE_CONTRACT: { bg: 'Сключи договора', en: 'Conclude the contract' },
    EXTEND_CONTRACT: { bg: 'Удължи договора', en: 'Extend the contract' },
    END_CONTRACT: { bg: 'Прекрати договора', en: 'End the contract' },
    CLOSE: { bg: 'Закрий случая', en: 'Close the case' },
  },
  CaseTimelineEventKind: {
    REFERRAL: { bg: 'Насочване', en: 'Referral' },
    STATUS_CHANGE: { bg: 'Смяна на етапа', en: 'Change of stage' },
    ASSESSMENT_COMPLETED: { bg: 'Завършена индивидуална оценка на потребностите', en: 'Individual needs assessment completed' },
    ASSESSMENT_DUE: { bg: 'Срок за индивидуалната оценка на потребностите', en: 'Individual needs assessment due' },
    PLAN_STARTED: { bg: 'Начало на индивидуалния план за подкрепа', en: 'Individual support plan starts' },
    PLAN_REVIEW_HELD: { bg: 'Преглед на плана', en: 'Plan review' },
    PLAN_REVIEW_DUE: { bg: 'Предстоящ преглед на плана', en: 'Plan review due' },
    CONTRACT_SIGNED: { bg: 'Сключен договор за ползване на услугата', en: 'Contract for using the service concluded' },
    CONTRACT_EXTENDED: { bg: 'Удължен договор', en: 'Contract extended' },
    CONTRACT_ENDED: { bg: 'Прекратен договор', en: 'Contract ended' },
    CLOSURE: { bg: 'Закриване', en: 'Closed' },
  },
  CenterRole: {
    MANAGER: { bg: 'Ръководител', en: 'Manager' },
    CASE_WORKER: { bg: 'Социален работник', en: 'Social worker' },
    SPECIALIST: { bg: 'Специалист', en: 'Specialist' },
    SOCIAL_ASSOCIATE: { bg: 'Социален сътрудник', en: 'Social associate' },
  },
  ClientKind: {
    CHILD: { bg: 'Дете', en: 'Child' },
    ADULT: { bg: 'Възрастен', en: 'Adult' },
  },
  ClosureOutcome: {
    GOALS_MET: { bg: 'Целите са постигнати', en: 'Goals met' },
    ABANDONMENT_PREVENTED: { bg: 'Предотвратено изоставяне', en: 'Abandonment prevented' },
    PLACEMENT_PREVENTED: { bg: 'Предотвратено настаняване извън семейството', en: 'Placement outside the family prevented' },
    FAMILY_REINTEGRATION: { bg: 'Реинтеграция в семейството', en: 'Reintegrated into the family' },
    SCHOOL_RETURN: { bg: 'Връщане в училище', en: 'Returned to school' },
    TRANSFERRED: { bg: 'Пренасочване към друга услуга', en: 'Transferred to another service' },
    MOVED_AWAY: { bg: 'Преместване', en: 'Moved away' },
    REFUSED: { bg: 'Отказ от услугата', en: 'Service refused' },
    CONTACT_LOST: { bg: 'Загубен контакт', en: 'Contact lost' },
    NOT_ELIGIBLE: { bg: 'Не отговаря на условията', en: 'Not eligible' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  // The contract for using a social service (ЗСУ; ППЗСУ, ПМС 306/2020).
  ContractStatus: {
    DRAFT: { bg: 'Проект (неподписан)', en: 'Draft (not signed)' },
    SIGNED: { bg: 'Сключен (в сила)', en: 'Concluded (in force)' },
    ENDED: { bg: 'Прекратен', en: 'Ended' },
  },
  // The grounds of the implementing regulation (ППЗСУ, ПМС 306/2020) for ending the contract, in
  // its words; GOALS_ACHIEVED is the parties' consent once the plan's goals are met.
  ContractEndGround: {
    TERM_EXPIRED: { bg: 'С изтичане на срока на договора', en: 'On expiry of the contract’s term' },
    MUTUAL_CONSENT: { bg: 'По взаимно писмено съгласие на страните', en: 'By the parties’ mutual consent in writing' },
    PERSON_REQUEST: {
      bg: 'Едностранно от потребителя (законния му представител) с писмено предизвестие',
      en: 'Unilaterally by the person (or their legal representative) with written notice',
    },
    PERSON_DIED: { bg: 'При смърт на потребителя', en: 'On the death of the person' },
    PROVIDER_CEASED: {
      bg: 'При прекратяване на дейността на доставчика или на лиценза му за услугата',
      en: 'On termination of the provider’s activity or of its licence for the service',
    },
    PERSON_BREACH: {
      bg: 'Едностранно от доставчика при системно неизпълнение на задълженията на потребителя по договора',
      en: 'Unilaterally by the provider when the person systematically fails their obligations under the contract',
    },
    NEEDS_CHANGED: {
      bg: 'При промяна в потребностите, налагаща насочване към друга социална услуга',
      en: 'On a change of needs that calls for a referral to another social service',
    },
    GOALS_ACHIEVED: {
      bg: 'По взаимно съгласие след постигане на целите на индивидуалния план за подкрепа',
      en: 'By mutual consent once the individual support plan’s goals are achieved',
    },
    OTHER: { bg: 'На друго основание, предвидено в договора', en: 'On another ground the contract provides for' },
  },
  Confidentiality: {
    TEAM: { bg: 'За екипа по случая', en: 'Case team' },
    RESTRICTED: { bg: 'Поверителна', en: 'Restricted' },
  },
  ConsentPurpose: {
    SERVICE_DELIVERY: { bg: 'Ползване на услугата', en: 'Using the service' },
    PERSONAL_DATA_PROCESSING: { bg: 'Обработване на лични данни', en: 'Processing of personal data' },
    SHARING_WITH_CHILD_PROTECTION: { bg: 'Споделяне с отдел „Закрила на детето“', en: 'Sharing with child protection' },
    SHARING_WITH_PARTNERS: { bg: 'Споделяне с партньори', en: 'Sharing with partners' },
    PHOTO_AND_VIDEO: { bg: 'Снимки и видео', en: 'Photos and video' },
    RESEARCH: { bg: 'Изследвания', en: 'Research' },
  },
  ContactChannel: {
    IN_PERSON: { bg: 'На място', en: 'In person' },
    PHONE: { bg: 'По телефона', en: 'By phone' },
    ONLINE: { bg: 'Онлайн', en: 'Online' },
    FIELD: { bg: 'На терен', en: 'In the field' },
  },
  DeliveryMode: {
    IN_CENTER: { bg: 'В центъра', en: 'At the center' },
    AT_HOME: { bg: 'В дома', en: 'At home' },
    FIELD: { bg: 'На терен', en: 'In the field' },
    ONLINE: { bg: 'Онлайн', en: 'Online' },
  },
  FrequencyUnit: {
    WEEK: { bg: 'седмично', en: 'a week' },
    MONTH: { bg: 'месечно', en: 'a month' },
  },
  GoalStatus: {
    OPEN: { bg: 'В процес', en: 'In progress' },
    ACHIEVED: { bg: 'Постигната', en: 'Achieved' },
    PARTLY_ACHIEVED: { bg: 'Частично постигната', en: 'Partly achieved' },
    NOT_ACHIEVED: { bg: 'Непостигната', en: 'Not achieved' },
    DROPPED: { bg: 'Отпаднала', en: 'Dropped' },
  },
  GroupProgramKind: {
    SCHOOL_FOR_YOUNG_PARENTS: { bg: 'Училище за млади родители', en: 'School for young parents' },
    FOSTER_ADOPTIVE_PARENT_TRAINING: { bg: 'Обучение на бъдещи приемни и осиновители', en: 'Training of future foster and adoptive parents' },
    PARENT_SUPPORT_GROUP: { bg: 'Група за подкрепа на родители', en: 'Parent support group' },
    SOCIALIZING_ACTIVITIES: { bg: 'Социализиращи и творчески дейности', en: 'Socializing and creative activities' },
    INDEPENDENT_LIVING_SKILLS: { bg: 'Умения за самостоятелен живот', en: 'Independent-living skills' },
    OTHER: { bg: 'Друга програма', en: 'Other program' },
  },
  SessionStatus: {
    PLANNED: { bg: 'Планирана', en: 'Planned' },
    HELD: { bg: 'Проведена', en: 'Held' },
    MISSED: { bg: 'Неявила се', en: 'Missed' },
    CANCELLED: { bg: 'Отменена', en: 'Cancelled' },
  },
  GroupMeetingStatus: {
    PLANNED: { bg: 'Планирана', en: 'Planned' },
    HELD: { bg: 'Проведена', en: 'Held' },
    CANCELLED: { bg: 'Отменена', en: 'Cancelled' },
  },
  Language: {
    BG: { bg: 'Български', en: 'Bulgarian' },
    EN: { bg: 'Английски', en: 'English' },
  },
  MembershipRole: {
    MANAGER: { bg: 'Ръководител', en: 'Manager' },
    CASE_WORKER: { bg: 'Социален работник', en: 'Social worker' },
    SPECIALIST: { bg: 'Специалист', en: 'Specialist' },
    SOCIAL_ASSOCIATE: { bg: 'Социален сътрудник', en: 'Social associate' },
    NETWORK_ADMIN: { bg: 'Администратор на мрежата', en: 'Network administrator' },
    NETWORK_ANALYST: { bg: 'Анализатор на мрежата', en: 'Network analyst' },
    MUNICIPAL_VIEWER: { bg: 'Общински експерт', en: 'Municipal officer' },
  },
  NeedRating: {
    STRENGTH: { bg: 'Силна страна', en: 'Strength' },
    NO_CONCERN: { bg: 'Без затруднения', en: 'No concern' },
    SOME_NEED: { bg: 'Известна потребност', en: 'Some need' },
    SIGNIFICANT_NEED: { bg: 'Значителна потребност', en: 'Significant need' },
    SEVERE_NEED: { bg: 'Сериозна потребност', en: 'Severe need' },
  },
  ParticipantRole: {
    CHILD: { bg: 'Дете', en: 'Child' },
    PARENT: { bg: 'Родител', en: 'Parent' },
    LEGAL_REPRESENTATIVE: { bg: 'Законен представител', en: 'Legal representative' },
    PERSON: { bg: 'Потребител (пълнолетно лице)', en: 'The person (adult)' },
    FAMILY_MEMBER: { bg: 'Член на семейството', en: 'Family member' },
    OTHER: { bg: 'Друг', en: 'Other' },
  },
  PartnerKind: {
    CHILD_PROTECTION_DEPARTMENT: { bg: 'Отдел „Закрила на детето“', en: 'Child Protection Department' },
    SOCIAL_ASSISTANCE_DIRECTORATE: { bg: 'Дирекция „Социално подпомагане“', en: 'Social Assistance Directorate' },
    MUNICIPALITY: { bg: 'Община', en: 'Municipality' },
    COURT: { bg: 'Съд', en: 'Court' },
    SCHOOL: { bg: 'Училище', en: 'School' },
    KINDERGARTEN: { bg: 'Детска градина', en: 'Kindergarten' },
    HOSPITAL: { bg: 'Болница', en: 'Hospital' },
    NGO: { bg: 'Неправителствена организация', en: 'Non-governmental organisation' },
    INTERNATIONAL_ORGANIZATION: { bg: 'Международна организация', en: 'International organisation' },
    DONOR: { bg: 'Донор', en: 'Donor' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  IntakeRoute: {
    REQUEST: { bg: 'Заявяване от лицето', en: 'The person’s own request' },
    REFERRAL: { bg: 'Насочване', en: 'Referral' },
  },
  LegalReferrer: {
    CHILD_PROTECTION_DEPARTMENT: { bg: 'Отдел „Закрила на детето“', en: 'Child Protection Department' },
    SOCIAL_ASSISTANCE_DIRECTORATE: { bg: 'Дирекция „Социално подпомагане“', en: 'Social Assistance Directorate' },
    MUNICIPALITY: { bg: 'Община', en: 'Municipality' },
    COURT: { bg: 'Съд', en: 'Court' },
    OTHER_PROVIDER: { bg: 'Друг доставчик на социални услуги', en: 'Another social service provider' },
    OTHER: { bg: 'Друг', en: 'Other' },
  },
  ConcernSource: {
    SCHOOL: { bg: 'Училище', en: 'School' },
    KINDERGARTEN: { bg: 'Детска градина', en: 'Kindergarten' },
    HOSPITAL: { bg: 'Болница', en: 'Hospital' },
    GENERAL_PRACTITIONER: { bg: 'Личен лекар', en: 'General practitioner' },
    POLICE: { bg: 'Полиция', en: 'Police' },
    NGO: { bg: 'Неправителствена организация', en: 'NGO' },
    RELATIVE_OR_NEIGHBOUR: { bg: 'Роднина или съсед', en: 'Relative or neighbour' },
    SELF: { bg: 'Самото лице', en: 'The person themself' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  Relationship: {
    MOTHER: { bg: 'Майка', en: 'Mother' },
    FATHER: { bg: 'Баща', en: 'Father' },
    CHILD: { bg: 'Дете', en: 'Child' },
    SIBLING: { bg: 'Брат/сестра', en: 'Sibling' },
    GRANDPARENT: { bg: 'Баба/дядо', en: 'Grandparent' },
    GUARDIAN: { bg: 'Настойник', en: 'Guardian' },
    FOSTER_PARENT: { bg: 'Приемен родител', en: 'Foster parent' },
    ADOPTIVE_PARENT: { bg: 'Осиновител', en: 'Adoptive parent' },
    PARTNER: { bg: 'Партньор', en: 'Partner' },
    OTHER_RELATIVE: { bg: 'Друг роднина', en: 'Other relative' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  ReviewDecision: {
    CONTINUE: { bg: 'Продължаване на плана', en: 'Continue the plan' },
    REVISE_PLAN: { bg: 'Преработване на плана', en: 'Revise the plan' },
    CLOSE_CASE: { bg: 'Закриване на случая', en: 'Close the case' },
  },
  ServiceAccess: {
    OPEN_ACCESS: { bg: 'Свободен достъп', en: 'Open access' },
    SPECIALISED: { bg: 'Специализирана (с насочване)', en: 'Specialised (by referral)' },
  },
  ServicePlace: {
    CENTER: { bg: 'В центъра', en: 'At the center' },
    HOME: { bg: 'В дома', en: 'At home' },
    SCHOOL: { bg: 'В училището', en: 'At school' },
    FIELD: { bg: 'На терен', en: 'In the field' },
    ONLINE: { bg: 'Онлайн', en: 'Online' },
    OTHER: { bg: 'Другаде', en: 'Elsewhere' },
  },
  SessionFormat: {
    INDIVIDUAL: { bg: 'Индивидуална сесия', en: 'Individual session' },
    GROUP: { bg: 'Групова сесия', en: 'Group session' },
  },
  SessionKind: {
    CONSULTATION: { bg: 'Консултация', en: 'Consultation' },
    THERAPY: { bg: 'Терапия', en: 'Therapy' },
    ASSESSMENT: { bg: 'Оценка', en: 'Assessment' },
    HOME_VISIT: { bg: 'Посещение в дома', en: 'Home visit' },
    FIELD_VISIT: { bg: 'Теренно посещение', en: 'Field visit' },
    MEDIATION: { bg: 'Медиация', en: 'Mediation' },
    CASE_CONFERENCE: { bg: 'Конференция по случая', en: 'Case conference' },
    INFORMATION: { bg: 'Информиране', en: 'Information' },
    TRAINING: { bg: 'Обучение', en: 'Training' },
    OTHER: { bg: 'Друго', en: 'Other' },
  },
  SettlementKind: {
    CITY: { bg: 'Град', en: 'Town' },
    VILLAGE: { bg: 'Село', en: 'Village' },
  },
  Sex: {
    FEMALE: { bg: 'Жена', en: 'Female' },
    MALE: { bg: 'Мъж', en: 'Male' },
    OTHER: { bg: 'Друго', en: 'Other' },
    UNKNOWN: { bg: 'Не е посочен', en: 'Not stated' },
  },
  StaffInvitationStatus: {
    PENDING: { bg: 'Чака отговор', en: 'Waiting' },
    ACCEPTED: { bg: 'Приета', en: 'Accepted' },
    DECLINED: { bg: 'Отказана', en: 'Declined' },
    REVOKED: { bg: 'Оттеглена', en: 'Withdrawn' },
    EXPIRED: { bg: 'Изтекла', en: 'Expired' },
  },
  SupportPlanStatus: {
    DRAFT: { bg: 'Чернова', en: 'Draft' },
    ACTIVE: { bg: 'Действащ', en: 'Active' },
    ENDED: { bg: 'Приключил', en: 'Ended' },
    SUPERSEDED: { bg: 'Заменен с нова версия', en: 'Superseded' },
  },
  ApprovalGrain: {
    MONTH: { bg: 'Месец', en: 'Month' },
    YEAR: { bg: 'Година', en: 'Year' },
  },
  SuppressionReason: {
    BELOW_K: { bg: 'По-малко от прага', en: 'Below the threshold' },
    PROTECTS_OTHER: { bg: 'Защитава друга скрита стойност', en: 'Protects another hidden value' },
  },
  TargetGroupAudience: {
    CHILD: { bg: 'Деца', en: 'Children' },
    PARENT: { bg: 'Родители', en: 'Parents' },
    FAMILY: { bg: 'Семейства', en: 'Families' },
  },
  TeamKind: {
    MULTIDISCIPLINARY: { bg: 'Мултидисциплинарен екип', en: 'Multidisciplinary team' },
    MOBILE: { bg: 'Мобилен екип', en: 'Mobile team' },
    OTHER: { bg: 'Друг екип', en: 'Other team' },
  },
} as const satisfies Record<string, Record<string, Bilingual>>;

export type EnumName = keyof typeof ENUM_LABELS;
export type EnumValue<E extends EnumName> = keyof (typeof ENUM_LABELS)[E] & string;

/** The label of one enum value in one language. */
export function enumLabel<E extends EnumName>(name: E, value: EnumValue<E>, lang: Lang): string {
  return (ENUM_LABELS[name] as Record<string, Bilingual>)[value]![lang];
}

/** Every value of one enum in one language: `{ REFERRED: 'Насочен', … }` (for the web's i18n). */
export function enumLabels<E extends EnumName>(name: E, lang: Lang): Record<EnumValue<E>, string> {
  const out = {} as Record<EnumValue<E>, string>;
  for (const [value, words] of Object.entries(ENUM_LABELS[name] as Record<string, Bilingual>)) out[value as EnumValue<E>] = words[lang];
  return out;
}

// ── The audit trail's record types ───────────────────────────────────────────────────
// What an audit event's `entityType` is, in words (the manager's audit trail and its XLSX
// export); a type missing here is shown as its name.
export const AUDIT_RECORD_TYPES: Readonly<Record<string, Bilingual>> = {
  Client: { bg: 'Потребител', en: 'Client' },
  Household: { bg: 'Домакинство', en: 'Household' },
  Case: { bg: 'Случай', en: 'Case' },
  Note: { bg: 'Бележка', en: 'Note' },
  Assessment: { bg: 'Оценка на потребностите', en: 'Needs assessment' },
  AssessmentAreaRating: { bg: 'Оценена област', en: 'Assessed area' },
  Participation: { bg: 'Участие в оценка или план', en: 'Participation' },
  SupportPlan: { bg: 'План за подкрепа', en: 'Support plan' },
  SupportPlanGoal: { bg: 'Цел от плана', en: 'Plan goal' },
  PlanReview: { bg: 'Преглед на плана', en: 'Plan review' },
  Session: { bg: 'Сесия', en: 'Session' },
  Consent: { bg: 'Съгласие', en: 'Consent' },
  Attachment: { bg: 'Документ', en: 'Document' },
  Contract: { bg: 'Договор', en: 'Contract' },
  GroupProgram: { bg: 'Групова програма', en: 'Group programme' },
  GroupProgramParticipant: { bg: 'Участник в група', en: 'Group participant' },
  GroupMeeting: { bg: 'Среща на група', en: 'Group meeting' },
  OpenAccessContact: { bg: 'Контакт в открит достъп', en: 'Open-access contact' },
  PartnerOrganization: { bg: 'Партньорска организация', en: 'Partner organisation' },
  CenterPartnerMunicipality: { bg: 'Партньорска община', en: 'Partner municipality' },
  CenterService: { bg: 'Услуга', en: 'Service' },
  Center: { bg: 'Център', en: 'Center' },
  Membership: { bg: 'Служител', en: 'Staff member' },
  StaffInvitation: { bg: 'Покана към служител', en: 'Staff invitation' },
  Team: { bg: 'Екип', en: 'Team' },
  User: { bg: 'Профил', en: 'Account' },
  AuditEvent: { bg: 'Одитна следа', en: 'Audit trail' },
  MunicipalAnnualAnalysis: { bg: 'Годишен анализ на общината', en: 'Municipal annual analysis' },
  ProviderAnnualReport: { bg: 'Годишен доклад на доставчика', en: 'Provider annual report' },
};

/** An audit event's record type in words (its name when it has none). */
export function auditRecordType(entityType: string, lang: Lang): string {
  return AUDIT_RECORD_TYPES[entityType]?.[lang] ?? entityType;
}

// ── The audit trail's lists ─────────────────────────────────────────────────────────
// A list read is recorded under the list's place in the answer (schema/src/support/person-reads.ts
// `listNameOf`: `clients`, `myCases.person`, `node.sessions.clients`). People read the list by
// the first part of that name that has words here (the screen or list it came from); a name
// with none is shown as it is.
export const AUDIT_LIST_NAMES: Readonly<Record<string, Bilingual>> = {
  auditEvents: { bg: 'Одитна следа', en: 'Audit trail' },
  cases: { bg: 'Случаи', en: 'Cases' },
  myCases: { bg: 'Моите случаи', en: 'My cases' },
  teamCases: { bg: 'Случаи на екипа', en: 'Team cases' },
  clients: { bg: 'Потребители', en: 'Clients' },
  clientDuplicates: { bg: 'Възможни дубликати', en: 'Possible duplicates' },
  households: { bg: 'Домакинства', en: 'Households' },
  contractsEnding: { bg: 'Изтичащи договори', en: 'Contracts ending' },
  groupPrograms: { bg: 'Групови програми', en: 'Group programmes' },
  openAccessContacts: { bg: 'Контакти в открит достъп', en: 'Open-access contacts' },
  sessions: { bg: 'Сесии', en: 'Sessions' },
  mySessions: { bg: 'Моите сесии', en: 'My sessions' },
  myWork: { bg: 'Планирана работа', en: 'Planned work' },
  teamWork: { bg: 'Работа на екипа', en: 'Team work' },
  todaysSessions: { bg: 'Днешните сесии', en: 'Today’s sessions' },
  overdueAssessments: { bg: 'Просрочени оценки', en: 'Overdue assessments' },
  overduePlans: { bg: 'Просрочени планове', en: 'Overdue plans' },
  overduePlanReviews: { bg: 'Просрочени прегледи на плана', en: 'Overdue plan reviews' },
  // Lists on a record's page (`node.assessments`, `node.participants.client`).
  members: { bg: 'Членове на домакинството', en: 'Household members' },
  participants: { bg: 'Участници', en: 'Participants' },
  possibleDuplicates: { bg: 'Възможни дубликати', en: 'Possible duplicates' },
  assessments: { bg: 'Оценки на потребностите', en: 'Needs assessments' },
  areas: { bg: 'Области на оценката', en: 'Assessment areas' },
  supportPlans: { bg: 'Планове за подкрепа', en: 'Support plans' },
  goals: { bg: 'Цели от плана', en: 'Plan goals' },
  reviews: { bg: 'Прегледи на плана', en: 'Plan reviews' },
  plannedServices: { bg: 'Планирани услуги', en: 'Planned services' },
  contracts: { bg: 'Договори', en: 'Contracts' },
  extensions: { bg: 'Удължения на договора', en: 'Contract extensions' },
  teamMembers: { bg: 'Екип по случая', en: 'Case team' },
  timeline: { bg: 'Хронология на случая', en: 'Case timeline' },
  statusHistory: { bg: 'История на етапите', en: 'Stage history' },
  changeHistory: { bg: 'История на промените', en: 'Change history' },
  notes: { bg: 'Бележки', en: 'Notes' },
  consents: { bg: 'Съгласия', en: 'Consents' },
  attachments: { bg: 'Документи', en: 'Documents' },
  plannedSessions: { bg: 'Планирани сесии', en: 'Planned sessions' },
  meetings: { bg: 'Срещи на групата', en: 'Group meetings' },
  attendance: { bg: 'Присъствие', en: 'Attendance' },
};

/** A list read's list in words: the first part of its name that has words (the name itself when none has). */
export function auditListName(listName: string, lang: Lang): string {
  for (const part of listName.split('.')) {
    const words = AUDIT_LIST_NAMES[part];
    if (words) return words[lang];
  }
  return listName;
}

const AUDIT_EXPORT_WORDS = {
  bg: {
    sheet: 'Одитна следа',
    columns: { id: '№', at: 'Кога (UTC)', actor: 'Кой', action: 'Действие', recordType: 'Вид запис', list: 'Списък', count: 'Брой записи', person: 'Лице', caseNumber: 'Случай №', ip: 'IP адрес', userAgent: 'Браузър / приложение' },
  },
  en: {
    sheet: 'Audit trail',
    columns: { id: 'No.', at: 'When (UTC)', actor: 'Who', action: 'Action', recordType: 'Record type', list: 'List', count: 'Records', person: 'Person', caseNumber: 'Case No.', ip: 'IP address', userAgent: 'Browser / app' },
  },
} as const;

/** The XLSX export's sheet name and column headings (server/src/audit-export.ts). */
export function auditExportWords(lang: Lang) {
  return AUDIT_EXPORT_WORDS[lang];
}

// ── Printed documents ──────────────────────────────────────────────────────────────────
// The words printed on the PDF documents (schema/src/documents), Bulgarian first (the Social
// Services Act's terms), English on request; `{name}` parameters are filled by documentWords.
// Enum values are printed with their ENUM_LABELS, never here.

export const DOCUMENT_WORDS = {
  // Every page
  page: { bg: 'стр. {page} от {pages}', en: 'page {page} of {pages}' },
  provider: { bg: 'Доставчик', en: 'Provider' },
  generatedOn: { bg: 'Изготвен на {day} от {name}', en: 'Produced on {day} by {name}' },
  caseNumber: { bg: 'Случай №', en: 'Case no.' },

  // Titles of the documents
  consentDeclaration: { bg: 'Декларация за информирано съгласие', en: 'Declaration of informed consent' },
  subjectAccess: { bg: 'Данни, които центърът съхранява за лицето (чл. 15 от ОРЗД)', en: 'Data the center holds about the person (GDPR Art. 15)' },
  subjectAccessIntro: {
    bg: 'Справка за всички данни на лицето в Опора към {date}: личните данни, случаите, сесиите, бележките, съгласията, файловете и кой е отварял записа.',
    en: 'Everything Opora holds about the person as of {date}: personal data, cases, sessions, notes, consents, files and who opened the record.',
  },
  saPerson: { bg: 'Лични данни', en: 'Personal data' },
  saName: { bg: 'Име', en: 'Name' },
  saBirthDate: { bg: 'Дата на раждане', en: 'Birth date' },
  saSex: { bg: 'Пол', en: 'Sex' },
  saSettlement: { bg: 'Населено място', en: 'Settlement' },
  saAddress: { bg: 'Адрес', en: 'Address' },
  saPhone: { bg: 'Телефон', en: 'Phone' },
  saEmail: { bg: 'Имейл', en: 'E-mail' },
  saStatus: { bg: 'Статус', en: 'Status' },
  saStart: { bg: 'Начало', en: 'Start' },
  saEnd: { bg: 'Край', en: 'End' },
  saCases: { bg: 'Случаи', en: 'Cases' },
  saSessions: { bg: 'Сесии', en: 'Sessions' },
  saNotes: { bg: 'Бележки', en: 'Notes' },
  saConsents: { bg: 'Съгласия', en: 'Consents' },
  saFiles: { bg: 'Файлове', en: 'Files' },
  saHouseholds: { bg: 'Домакинства', en: 'Households' },
  saChanges: { bg: 'Поправки на данните', en: 'Rectifications' },
  saAccess: { bg: 'Достъп до записа', en: 'Access to the record' },
  saNone: { bg: 'Няма', en: 'None' },
  saRestrictedNote: { bg: '(поверителна бележка — съдържанието се предоставя при поискване)', en: '(confidential note — its text is given on request)' },
  referralLetter: { bg: 'Насочване към друга организация', en: 'Referral to another organisation' },
  closureReport: { bg: 'Доклад за приключване на случая', en: 'Case closure report' },
  caseFile: { bg: 'Досие на случая', en: 'Case file' },
  needsAssessment: { bg: 'Индивидуална оценка на потребностите', en: 'Individual needs assessment' },
  supportPlan: { bg: 'Индивидуален план за подкрепа', en: 'Individual support plan' },

  // Sections
  thePerson: { bg: 'Потребител', en: 'Client' },
  theChild: { bg: 'Дете', en: 'Child' },
  household: { bg: 'Домакинство', en: 'Household' },
  participants: { bg: 'Членове на семейството в случая', en: 'Family members in the case' },
  referral: { bg: 'Насочване', en: 'Referral' },
  caseTeam: { bg: 'Екип по случая', en: 'Case team' },
  assessments: { bg: 'Индивидуални оценки на потребностите', en: 'Individual needs assessments' },
  supportPlans: { bg: 'Индивидуални планове за подкрепа', en: 'Individual support plans' },
  timeline: { bg: 'Хронология на сесиите и бележките', en: 'Timeline of sessions and notes' },
  closure: { bg: 'Приключване', en: 'Closure' },
  workDone: { bg: 'Извършена работа', en: 'Work done' },
  sessionsByKind: { bg: 'Сесии по вид', en: 'Sessions by kind' },
  goals: { bg: 'Цели', en: 'Goals' },
  plannedServices: { bg: 'Планирани услуги', en: 'Planned services' },
  reviews: { bg: 'Прегледи на плана', en: 'Plan reviews' },
  purposes: { bg: 'Цели на съгласието', en: 'Purposes of the consent' },
  addressee: { bg: 'До', en: 'To' },
  reasonForReferral: { bg: 'Причина за насочването', en: 'Reason for the referral' },
  period: { bg: 'Период', en: 'Period' },
  signatures: { bg: 'Подписи', en: 'Signatures' },

  // Labels
  name: { bg: 'Име', en: 'Name' },
  birthDate: { bg: 'Дата на раждане', en: 'Date of birth' },
  birthYear: { bg: 'Година на раждане', en: 'Year of birth' },
  sex: { bg: 'Пол', en: 'Sex' },
  address: { bg: 'Адрес', en: 'Address' },
  settlement: { bg: 'Населено място', en: 'Settlement' },
  phone: { bg: 'Телефон', en: 'Phone' },
  relationship: { bg: 'Родство', en: 'Relationship' },
  primaryCaregiver: { bg: 'основен полагащ грижи', en: 'primary caregiver' },
  status: { bg: 'Етап', en: 'Stage' },
  intakeRoute: { bg: 'Начин на постъпване', en: 'How the case came in' },
  requestDate: { bg: 'Заявление от дата', en: 'Request dated' },
  requestNumber: { bg: 'Заявление №', en: 'Request no.' },
  legalReferrer: { bg: 'Насочен от', en: 'Referred by' },
  referralDocumentDate: { bg: 'Дата на документа за насочване', en: 'Referral document date' },
  concernRaisedBy: { bg: 'Сигнал от', en: 'Concern raised by' },
  referringOrganization: { bg: 'Насочваща организация', en: 'Referring organisation' },
  referralDate: { bg: 'Дата на насочване', en: 'Referral date' },
  referralDocument: { bg: 'Документ за насочване №', en: 'Referral document no.' },
  referralReason: { bg: 'Причина', en: 'Reason' },
  targetGroups: { bg: 'Целеви групи', en: 'Target groups' },
  leadWorker: { bg: 'Водещ специалист', en: 'Lead worker' },
  teamMembers: { bg: 'Специалисти в екипа', en: 'Team members' },
  closedOn: { bg: 'Дата на приключване', en: 'Closed on' },
  outcome: { bg: 'Резултат', en: 'Outcome' },
  closureNote: { bg: 'Бележка при приключване', en: 'Closure note' },
  duration: { bg: 'Продължителност', en: 'Duration' },
  days: { bg: '{n} дни', en: '{n} days' },
  kind: { bg: 'Вид', en: 'Kind' },
  count: { bg: 'Брой', en: 'Count' },
  hours: { bg: 'Часове', en: 'Hours' },
  total: { bg: 'Общо', en: 'Total' },
  goal: { bg: 'Цел', en: 'Goal' },
  targetOn: { bg: 'Срок', en: 'Target date' },
  service: { bg: 'Услуга', en: 'Service' },
  perMonth: { bg: 'Сесии на месец', en: 'Sessions a month' },
  note: { bg: 'Бележка', en: 'Note' },
  dueOn: { bg: 'Срок', en: 'Due on' },
  startedOn: { bg: 'Започната на', en: 'Started on' },
  completedOn: { bg: 'Завършена на', en: 'Completed on' },
  supersededOn: { bg: 'Заменена на', en: 'Superseded on' },
  assessor: { bg: 'Оценител', en: 'Assessor' },
  summary: { bg: 'Обобщение', en: 'Summary' },
  startsOn: { bg: 'В сила от', en: 'In effect from' },
  endsOn: { bg: 'До', en: 'Until' },
  reviewEvery: { bg: 'Преглед на всеки {n} мес.', en: 'Reviewed every {n} months' },
  nextReviewOn: { bg: 'Следващ преглед', en: 'Next review' },
  heldOn: { bg: 'Проведен на', en: 'Held on' },
  decision: { bg: 'Решение', en: 'Decision' },
  date: { bg: 'Дата', en: 'Date' },
  what: { bg: 'Събитие', en: 'Event' },
  by: { bg: 'Специалисти', en: 'Staff' },
  text: { bg: 'Съдържание', en: 'Content' },
  sessionLine: { bg: 'Сесия: {kind}, {service}, {minutes} мин.', en: 'Session: {kind}, {service}, {minutes} min' },
  noteLine: { bg: 'Бележка', en: 'Note' },
  none: { bg: 'няма', en: 'none' },
  notGiven: { bg: 'не е посочено', en: 'not given' },
  givenBy: { bg: 'Декларатор (потребителят или законният представител)', en: 'Declarant (the client or the legal representative)' },
  legalRepresentative: { bg: 'Законен представител', en: 'Legal representative' },
  givenOn: { bg: 'Дата на съгласието', en: 'Date given' },
  withdrawnOn: { bg: 'Оттеглено на', en: 'Withdrawn on' },
  documentRef: { bg: 'Документ', en: 'Document' },
  active: { bg: 'в сила', en: 'in force' },
  withdrawn: { bg: 'оттеглено', en: 'withdrawn' },
  consentText: {
    bg: 'Долуподписаният/ата {declarant} декларирам, че съм информиран/а за целите, за които {center} обработва личните данни на {person}, и давам своето съгласие за посочените по-долу цели. Запознат/а съм, че мога да оттегля съгласието си по всяко време, без това да засяга законосъобразността на обработването преди оттеглянето (Регламент (ЕС) 2016/679 и Закона за социалните услуги).',
    en: 'I, the undersigned {declarant}, declare that I have been informed of the purposes for which {center} processes the personal data of {person}, and I give my consent for the purposes listed below. I know that I may withdraw my consent at any time, without affecting the lawfulness of processing before the withdrawal (Regulation (EU) 2016/679 and the Social Services Act).',
  },
  referralText: {
    bg: '{center} насочва {person} (случай № {number}) към Вашата организация по причините, посочени по-долу, и предоставя информация за извършената досега работа.',
    en: '{center} refers {person} (case no. {number}) to your organisation for the reasons below, with information on the work done so far.',
  },
  referralConsentNote: {
    bg: 'Информацията се предоставя при спазване на съгласията на потребителя и на Закона за социалните услуги.',
    en: 'The information is shared within the client’s consents and the Social Services Act.',
  },
  latestAssessment: { bg: 'Последна индивидуална оценка на потребностите', en: 'Latest individual needs assessment' },
  currentPlan: { bg: 'Индивидуален план за подкрепа', en: 'Individual support plan' },
  restrictedLeftOut: {
    bg: 'Бележките с ограничен достъп не се включват в документите.',
    en: 'Notes with restricted access are never included in documents.',
  },

  // Signatures
  signature: { bg: 'Подпис', en: 'Signature' },
  signedDate: { bg: 'Дата', en: 'Date' },
  manager: { bg: 'Ръководител', en: 'Manager' },
  declarant: { bg: 'Декларатор', en: 'Declarant' },
  receivedBy: { bg: 'Прие (служител на центъра)', en: 'Received by (staff of the center)' },
  clientOrRepresentative: { bg: 'Потребител / законен представител', en: 'Client / legal representative' },
  // The contract for using the service (ЗСУ; ППЗСУ)
  contract: { bg: 'Договор за ползване на социална услуга', en: 'Contract for using a social service' },
  contractNumber: { bg: 'Договор №', en: 'Contract no.' },
  contracts: { bg: 'Договори за ползване на услугата', en: 'Contracts for using the service' },
  contractDate: { bg: 'Дата на договора', en: 'Contract date' },
  parties: { bg: 'Страни по договора', en: 'The parties' },
  providerParty: { bg: 'Доставчик на социалната услуга', en: 'Provider of the social service' },
  providerSignatory: { bg: 'Представлява доставчика', en: 'Signs for the provider' },
  forTheProvider: { bg: 'За доставчика', en: 'For the provider' },
  contractServices: { bg: 'Социални услуги по договора', en: 'Social services under the contract' },
  term: { bg: 'Срок на договора', en: 'Term of the contract' },
  termAndFees: { bg: 'Срок и такси', en: 'Term and fees' },
  termValue: { bg: 'от {from} до {to} ({n} мес.)', en: 'from {from} to {to} ({n} months)' },
  fees: { bg: 'Такси', en: 'Fees' },
  free: { bg: 'Услугите се предоставят безплатно.', en: 'The services are free of charge.' },
  feeValue: { bg: '{amount} евро', en: '€{amount}' },
  planFollowed: { bg: 'Индивидуален план за подкрепа', en: 'Individual support plan' },
  planVersionOn: { bg: 'версия {n} от {day}', en: 'version {n} of {day}' },
  state: { bg: 'Състояние', en: 'Status' },
  signedOn: { bg: 'Подписан на', en: 'Signed on' },
  extensions: { bg: 'Удължаване на срока (анекси)', en: 'Extensions of the term (annexes)' },
  extendedOn: { bg: 'Анекс от', en: 'Annex of' },
  previousEndsOn: { bg: 'Предишен край', en: 'End before' },
  newEndsOn: { bg: 'Нов край', en: 'New end' },
  ground: { bg: 'Основание', en: 'Ground' },
  ending: { bg: 'Прекратяване', en: 'Ending' },
  endedOn: { bg: 'Прекратен на', en: 'Ended on' },
  endGround: { bg: 'Основание за прекратяване', en: 'Ground for ending' },
  contractText: {
    bg: 'Днес, {day}, между {provider}, чрез {center}, наричан по-долу „доставчик“, и {person}{representative}, наричан по-долу „потребител“, се сключи настоящият договор за ползване на социалните услуги, посочени по-долу, според индивидуалния план за подкрепа на потребителя.',
    en: 'On {day}, {provider}, through {center}, hereinafter “the provider”, and {person}{representative}, hereinafter “the person”, concluded this contract for using the social services listed below, according to the person’s individual support plan.',
  },
  throughRepresentative: { bg: ', чрез законния си представител {name}', en: ', through the legal representative {name}' },
  contractTerms: {
    bg: 'Правата и задълженията на страните, редът за изменение, удължаване и прекратяване на договора са съгласно Закона за социалните услуги и Правилника за прилагането му.',
    en: 'The rights and obligations of the parties, and how the contract is changed, extended and ended, follow the Social Services Act and its implementing regulation.',
  },

  // The structured needs assessment (ИОП) and support plan (ИПП)
  reassessment: { bg: 'Повторна оценка, сравнена с оценката от {day}', en: 'Reassessment, compared with the assessment of {day}' },
  areas: { bg: 'Оценени области', en: 'Assessed areas' },
  areasAssessed: { bg: 'Потребности по области (оценка от {day})', en: 'Needs by area (assessment of {day})' },
  areasFirstAndLast: { bg: 'Потребности по области: първа оценка ({first}) и последна ({last})', en: 'Needs by area: the first assessment ({first}) and the last ({last})' },
  area: { bg: 'Област', en: 'Area' },
  rating: { bg: 'Оценка', en: 'Rating' },
  previousRating: { bg: 'Преди', en: 'Before' },
  change: { bg: 'Промяна', en: 'Change' },
  notes: { bg: 'Бележки', en: 'Notes' },
  notRated: { bg: 'не е оценена', en: 'not rated' },
  noAreas: { bg: 'Оценката е изготвена преди оценяването по области; вижте обобщението.', en: 'Made before areas were rated; see the summary.' },
  risks: { bg: 'Рискове', en: 'Risks' },
  strengths: { bg: 'Силни страни', en: 'Strengths' },
  sources: { bg: 'Източници на информация', en: 'Sources of information' },
  conclusion: { bg: 'Заключение', en: 'Conclusion' },
  participation: { bg: 'Участие на потребителя и семейството', en: 'Participation of the person and the family' },
  role: { bg: 'Роля', en: 'Role' },
  present: { bg: 'Участвал', en: 'Took part' },
  heard: { bg: 'Изслушан', en: 'Heard' },
  agreed: { bg: 'Съгласен', en: 'Agreed' },
  signed: { bg: 'Подписал', en: 'Signed' },
  yes: { bg: 'да', en: 'yes' },
  no: { bg: 'не', en: 'no' },
  revision: { bg: 'Версия', en: 'Version' },
  revisionOf: { bg: 'Версия {n}; преработва версия {previous} от {day}', en: 'Version {n}; revises version {previous} of {day}' },
  firstRevision: { bg: 'Версия 1 (първоначален план)', en: 'Version 1 (the first plan)' },
  effectiveOn: { bg: 'Въведен в действие на', en: 'Put into effect on' },
  planSupersededOn: { bg: 'Заменен с нова версия на', en: 'Superseded on' },
  revisionHistory: { bg: 'Версии на плана', en: 'Versions of the plan' },
  goalArea: { bg: 'Област от оценката', en: 'Assessed area' },
  frequency: { bg: 'Честота', en: 'Frequency' },
  timesPer: { bg: '{n} пъти {unit}', en: '{n} times {unit}' },
  oncePer: { bg: '1 път {unit}', en: 'once {unit}' },
  place: { bg: 'Място', en: 'Place' },
  responsible: { bg: 'Отговорен специалист', en: 'Responsible' },

  // The provider's yearly report per service (to the Agency for the Quality of Social Services)
  yearlyReport: { bg: 'Годишен отчет за дейността по социалната услуга', en: 'Yearly report on the social service' },
  yearlyReportSubtitle: { bg: '{service} — {year} г.', en: '{service} — {year}' },
  yrGeneral: { bg: '1. Обща информация', en: '1. General information' },
  yrService: { bg: 'Социална услуга', en: 'Social service' },
  yrYear: { bg: 'Отчетна година', en: 'Year reported' },
  yrActivities: { bg: 'Дейности на центъра в услугата', en: "The center's activities in the service" },
  yrStatus: { bg: 'Състояние', en: 'Status' },
  yrSignedOff: { bg: 'Подписан на {day} от {name}', en: 'Signed off on {day} by {name}' },
  yrPeople: { bg: '2. Потребители', en: '2. People served' },
  yrPeopleTotal: { bg: 'Потребители (лица с досие)', en: 'People served (with a record)' },
  yrAnonymous: { bg: 'Анонимни обръщения (брой лица)', en: 'Anonymous contacts (people)' },
  yrByAge: { bg: 'По възраст', en: 'By age' },
  yrByTargetGroup: { bg: 'По целева група', en: 'By target group' },
  yrCases: { bg: '3. Случаи', en: '3. Cases' },
  yrCasesOpened: { bg: 'Открити случаи', en: 'Cases opened' },
  yrCasesClosed: { bg: 'Приключени случаи', en: 'Cases closed' },
  yrByOutcome: { bg: 'Приключени по резултат', en: 'Closed by outcome' },
  yrSessions: { bg: '4. Предоставени дейности', en: '4. Work delivered' },
  yrKind: { bg: 'Вид', en: 'Kind' },
  yrCount: { bg: 'Брой', en: 'Number' },
  yrHours: { bg: 'Часове', en: 'Hours' },
  yrCapacity: { bg: '5. Капацитет', en: '5. Capacity' },
  yrPlaces: { bg: 'Места по лиценз/решение', en: 'Licensed places' },
  yrCapacityUse: { bg: 'Използване на капацитета (потребители на място)', en: 'Capacity use (people per place)' },
  yrStaff: { bg: '6. Персонал', en: '6. Staff' },
  yrStaffCount: { bg: 'Служители в центъра', en: "The center's staff" },
  yrFte: { bg: 'Щатни бройки (пълно работно време)', en: 'Full-time equivalents' },
  yrTrainingHours: { bg: 'Часове обучение на персонала', en: 'Staff training hours' },
  yrTrainings: { bg: 'Проведени обучения', en: 'Trainings taken' },
  yrSupervisionHours: { bg: 'Часове супервизия', en: 'Supervision hours' },
  yrSupervisions: { bg: 'Проведени супервизии (вътрешни / външни)', en: 'Supervisions held (internal / external)' },
  yrComplaints: { bg: '7. Жалби и сигнали', en: '7. Complaints and signals' },
  yrComplaintsReceived: { bg: 'Получени жалби и сигнали', en: 'Complaints and signals received' },
  yrComplaintsOpen: { bg: 'Неприключени към края на годината', en: 'Still open at the year end' },
  yrSatisfaction: { bg: '8. Удовлетвореност на потребителите', en: '8. User satisfaction' },
  yrRespondents: { bg: 'Участници в проучването', en: 'Respondents' },
  yrSatisfied: { bg: 'Удовлетворени', en: 'Satisfied' },
  yrNoSurvey: { bg: 'Няма проведено проучване', en: 'No survey held' },
  yrGoalsResults: { bg: '9. Постигнати резултати спрямо целите за годината', en: "9. Results against the year's goals" },
  yrQualityProgramme: { bg: '10. Програма за качество', en: '10. The quality programme' },
  yrInternalControl: { bg: '11. Вътрешен контрол и мониторинг', en: '11. Internal control and monitoring' },
  yrNotWritten: { bg: '(не е попълнено)', en: '(not written)' },
  // The municipality's yearly analysis of social services (Social Services Act art. 113(2)).
  maTitle: { bg: 'Анализ на социалните услуги в общината', en: 'Analysis of social services in the municipality' },
  maSubtitle: { bg: 'Община {municipality} — {year} г. (чл. 113, ал. 2 от Закона за социалните услуги)', en: '{municipality} Municipality — {year} (Social Services Act, art. 113(2))' },
  maMunicipality: { bg: 'Община', en: 'Municipality' },
  maRegion: { bg: 'област {region}', en: '{region} region' },
  maGeneral: { bg: '1. Обща информация', en: '1. General information' },
  maDueOn: { bg: 'Срок за изпращане', en: 'Due on' },
  maSpending: { bg: '2. Разходи за социални услуги', en: '2. Spending on social services' },
  maProvidersEvaluation: { bg: '3. Оценка на доставчиците, с които общината има договор', en: '3. Evaluation of the contracted providers' },
  maControlMonitoring: { bg: '4. Резултати от контрола и мониторинга', en: '4. Results of control and monitoring' },
  maUnmetNeeds: { bg: '5. Неудовлетворени потребности', en: '5. Needs not met' },
  maFigures: { bg: '6. Данни за услугите (обобщени, с потулени малки стойности)', en: '6. Figures on the services (aggregates, small values suppressed)' },
  maResidents: { bg: 'Жители на общината, обслужени от всеки център', en: "The municipality's residents, served by any center" },
  maTerritory: { bg: 'Центрове на територията на общината', en: 'Centers on the territory' },
  maPeriod: { bg: 'Период', en: 'Period' },
  maReports: { bg: '7. Подписани годишни отчети на услугите, които общината финансира', en: '7. Signed-off yearly reports of the services the municipality contracts' },
  maNoReports: { bg: 'Няма подписани годишни отчети за годината.', en: 'No signed-off yearly reports for the year.' },
  maReportLine: { bg: '{center} — {service} (подписан на {day})', en: '{center} — {service} (signed off on {day})' },
  maDraftNote: { bg: 'Чернова: данните са към датата на изтеглянето и се замразяват при подписването.', en: 'Draft: the figures are as of the download and are frozen when the analysis is signed off.' },
  yrHiddenNote: { bg: '„{hidden}“ — по-малко от {k}, скрито за защита на личните данни', en: '"{hidden}": fewer than {k}, hidden to protect personal data' },
} as const satisfies Record<string, Bilingual>;

export type DocumentWord = keyof typeof DOCUMENT_WORDS;

/** The document words of one language, with `{name}` parameters filled. */
export function documentWords(lang: Lang) {
  return (key: DocumentWord, params: Record<string, string | number> = {}): string =>
    DOCUMENT_WORDS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
export type DocumentWords = ReturnType<typeof documentWords>;

/** What a notification and its e-mail say besides its kind (never a person's name: a case number and a link). */
export const NOTIFICATION_WORDS = {
  soon: { bg: 'Срок', en: 'Due' },
  overdue: { bg: 'Просрочено от', en: 'Overdue since' },
  caseNumber: { bg: 'Случай', en: 'Case' },
  open: { bg: 'Отворете в Опора', en: 'Open in Opora' },
  mailSubject: { bg: 'Опора: ново известие', en: 'Opora: a new notification' },
  mailFooter: {
    bg: 'Това писмо е изпратено автоматично. Подробностите са в Опора, след вход.',
    en: 'This message was sent automatically. The details are in Opora, after signing in.',
  },
} as const satisfies Record<string, Bilingual>;
// ── Aggregate figures (network and municipal screens, their exports) ──────────────────
// The words the screens and the downloaded tables (XLSX, CSV) share, so a hidden value reads the
// same on screen and in a file: the mark the GraphQL `display` gives ("x") and this word.

export const AGGREGATE_WORDS = {
  hidden: { bg: 'скрито', en: 'suppressed' },
  hiddenTitle: { bg: 'Скрита стойност', en: 'Suppressed value' },
  hiddenExplain: {
    bg: 'Бройки под {threshold} не се показват, за да не може по тях да се разпознае конкретно дете или семейство. Скрити са и някои съседни клетки, така че скритата стойност да не може да се получи чрез изваждане от общия сбор. Скритата стойност не е нула.',
    en: 'Counts below {threshold} are not shown, so that no child or family can be recognised from them. Some neighbouring cells are hidden too, so a hidden value cannot be worked out by subtracting from a total. A suppressed value is not zero.',
  },
  total: { bg: 'Общо', en: 'Total' },
  period: { bg: 'Период', en: 'Period' },
  dataAsOf: { bg: 'Данни към', en: 'Data as of' },
  network: { bg: 'Мрежа', en: 'Network' },
  municipality: { bg: 'Община', en: 'Municipality' },
  residents: { bg: 'Жители на общината', en: "The municipality's residents" },
  territory: { bg: 'Центрове на територията', en: 'Centers on the territory' },
  notPublished: {
    bg: 'Този показател се публикува само за месец, тримесечие или календарна година — изберете такъв период.',
    en: 'This indicator is published only for a month, a calendar quarter or a calendar year — choose such a period.',
  },
  approved: { bg: 'Одобрено', en: 'Approved' },
  notApproved: { bg: 'Не е одобрено', en: 'Not approved' },
  changedAfterApproval: { bg: 'Променени след одобрение', en: 'Changed after approval' },
} as const satisfies Record<string, Bilingual>;

/** The breakdowns of the aggregate figures, as the screens and the exports name them. */
export const DIMENSION_LABELS = {
  CENTER: { bg: 'Център', en: 'Center' },
  SERVICE_KIND: { bg: 'Вид услуга', en: 'Service' },
  SESSION_KIND: { bg: 'Вид сесия', en: 'Kind of session' },
  DELIVERY_MODE: { bg: 'Място на предоставяне', en: 'Place of delivery' },
  TARGET_GROUP: { bg: 'Целева група', en: 'Target group' },
  RESIDENCE_MUNICIPALITY: { bg: 'Община по местоживеене', en: 'Municipality of residence' },
  SETTLEMENT: { bg: 'Населено място', en: 'Settlement' },
  AGE_BAND: { bg: 'Възрастова група', en: 'Age group' },
  SEX: { bg: 'Пол', en: 'Sex' },
  CLOSURE_OUTCOME: { bg: 'Резултат при закриване', en: 'Closure outcome' },
  CONTACT_CHANNEL: { bg: 'Канал на контакта', en: 'Contact channel' },
  PROGRAM_KIND: { bg: 'Вид програма', en: 'Kind of program' },
} as const satisfies Record<string, Bilingual>;

/** The words for a period's approval by its center's manager (issue #18 item 4). */
export const APPROVAL_WORDS = {
  title: { bg: 'Одобрение на отчетни периоди', en: 'Approval of reported periods' },
  lead: {
    bg: 'Управителят одобрява месеца или годината, когато данните на центъра за периода са пълни. Промяна след одобрението се отбелязва, докато периодът не бъде одобрен отново.',
    en: "The manager approves a month or a year once the center's figures for it are complete. A change after approval is marked until the period is approved again.",
  },
  month: { bg: 'Месец', en: 'Month' },
  year: { bg: 'Година', en: 'Year' },
  approve: { bg: 'Одобри', en: 'Approve' },
  approveAgain: { bg: 'Одобри отново', en: 'Approve again' },
  approvedOn: { bg: 'Одобрено на', en: 'Approved on' },
  status: { bg: 'Състояние', en: 'Status' },
  approvals: { bg: 'Одобрени периоди', en: 'Approved periods' },
} as const satisfies Record<string, Bilingual>;

/** One language of a table of bilingual words (for the web's dictionaries). */
export function wordsIn<K extends string>(table: Record<K, Bilingual>, lang: Lang): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const [key, words] of Object.entries(table) as [K, Bilingual][]) out[key] = words[lang];
  return out;
}

/** What a case brought in from a center's own records says in its history (schema/src/import/). */
export const IMPORT_WORDS = {
  importedFromRecords: { bg: 'Внесен от архива на центъра', en: 'Imported from the center’s records' },
} as const satisfies Record<string, Bilingual>;
