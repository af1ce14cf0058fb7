import type { Bilingual, Lang } from '@opora/common/vocabulary';

// The words printed on the documents, Bulgarian first (the Social Services Act's terms), English
// on request. Enum values are printed with their labels from @opora/common/vocabulary, never here.

export const DOCUMENT_WORDS = {
  // Every page
  page: { bg: 'стр. {page} от {pages}', en: 'page {page} of {pages}' },
  provider: { bg: 'Доставчик', en: 'Provider' },
  generatedOn: { bg: 'Изготвен на {day} от {name}', en: 'Produced on {day} by {name}' },
  caseNumber: { bg: 'Случай №', en: 'Case no.' },

  // Titles of the documents
  consentDeclaration: { bg: 'Декларация за информирано съгласие', en: 'Declaration of informed consent' },
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
} as const satisfies Record<string, Bilingual>;

export type DocumentWord = keyof typeof DOCUMENT_WORDS;

/** The words of one language, with `{name}` parameters filled. */
export function wordsIn(lang: Lang) {
  return (key: DocumentWord, params: Record<string, string | number> = {}): string =>
    DOCUMENT_WORDS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
export type Words = ReturnType<typeof wordsIn>;
