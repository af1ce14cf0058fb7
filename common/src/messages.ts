// Every message a person reads in an error, Bulgarian first and English second, in one table
// the server and the web share. Keys are stable: the API answers with the reader's language in
// `message` and both in `extensions.messageBg` / `messageEn`; validation messages in the schema
// are keys (`'tooLong|max=100'`). The words follow the vocabulary's TERMS (vocabulary.ts).
// tests/src/api/vocabulary.test.ts fails on a message without a language and on an error code
// the server sends or the web checks without an entry in ERROR_CODES.
import type { Bilingual, Lang } from './vocabulary.ts';

/**
 * What an error code means when its answer has no words of its own (ERROR_CODES): part of MESSAGES,
 * held apart so that the web's fallback by code (errorCodeMessage) takes these words into its first
 * bundle and not the whole table (#17: light on the wire).
 */
const CODE_MESSAGES = {
  unauthenticated: { bg: 'Моля, влезте в системата.', en: 'Please sign in.' },
  forbidden: { bg: 'Нямате права за това действие.', en: 'You are not allowed to do this.' },
  notFound: { bg: 'Записът не е намерен.', en: 'The record was not found.' },
  invalidInput: { bg: 'Проверете въведените данни.', en: 'Check the data you entered.' },
  conflict: {
    bg: 'Някой друг е променил записа. Прегледайте текущите данни и опитайте отново.',
    en: 'Someone else changed this record. Review the current data and try again.',
  },
  transitionRefused: { bg: 'Случаят не може да премине към този етап.', en: 'The case cannot move to that stage.' },
  tooManyRequestsNow: { bg: 'Твърде много заявки. Опитайте отново след малко.', en: 'Too many requests. Try again shortly.' },
  invalidOperation: { bg: 'Заявката не е валидна за този сървър.', en: 'The operation is not valid on this server.' },
  untrustedDocument: { bg: 'Тази заявка не е разрешена на този сървър.', en: 'This operation is not allowed on this server.' },
  queryTimeout: {
    bg: 'Заявката отне твърде дълго и беше прекратена. Опитайте отново или стеснете търсенето.',
    en: 'The request took too long and was stopped. Try again or narrow it down.',
  },
  busy: { bg: 'Услугата е претоварена. Опитайте отново след малко.', en: 'The service is busy. Please try again shortly.' },
  aggregatePreparing: {
    bg: 'Защитените от разпознаване данни за този период се подготвят. Опитайте отново след малко.',
    en: 'The figures for this period are being prepared with their small-count protection. Try again in a moment.',
  },
  payloadTooLarge: { bg: 'Заявката е твърде голяма.', en: 'The request body is too large.' },
  identityChangeNotAlone: {
    bg: 'Промяната на самоличността или ролята трябва да е единственото поле в заявката.',
    en: 'A change of identity or role must be the only field of its operation.',
  },
  internal: { bg: 'Възникна неочаквана грешка. Опитайте отново.', en: 'An unexpected error occurred. Please try again.' },
} as const satisfies Record<string, Bilingual>;

export const MESSAGES = {
  ...CODE_MESSAGES,
  // The API's answers (schema): sign-in, permissions, records, validation, the case's steps.
  badCredentials: { bg: 'Грешен имейл или парола.', en: 'Wrong email or password.' },
  tooManyAttempts: {
    bg: 'Твърде много неуспешни опити. Опитайте отново след няколко минути.',
    en: 'Too many failed attempts. Try again in a few minutes.',
  },
  noActiveCenter: { bg: 'Изберете център, в който работите.', en: 'Choose the center you work in.' },
  recordRestricted: {
    bg: 'Обработването на данните на това лице е ограничено. Само управителят може да отваря и променя записа.',
    en: "Processing of this person's data is restricted. Only the manager may open or change the record.",
  },
  recordAnonymised: { bg: 'Записът е анонимизиран и не може да се променя.', en: 'The record has been anonymised and cannot be changed.' },
  invalidTransition: { bg: 'Случаят не може да премине от „{from}“ към „{to}“.', en: 'The case cannot move from "{from}" to "{to}".' },
  idempotencyMismatch: {
    bg: 'Ключът за повторна заявка вече е използван с други данни.',
    en: 'This idempotency key was already used with different data.',
  },
  required: { bg: 'Полето е задължително.', en: 'This field is required.' },
  tooShort: { bg: 'Трябва да съдържа поне {min} знака.', en: 'Must be at least {min} characters.' },
  tooLong: { bg: 'Може да съдържа най-много {max} знака.', en: 'Must be at most {max} characters.' },
  tooSmall: { bg: 'Трябва да е поне {min}.', en: 'Must be at least {min}.' },
  tooBig: { bg: 'Трябва да е най-много {max}.', en: 'Must be at most {max}.' },
  tooFewItems: { bg: 'Изберете поне {min}.', en: 'Choose at least {min}.' },
  tooManyItems: { bg: 'Най-много {max} елемента.', en: 'At most {max} items.' },
  invalidEmail: { bg: 'Невалиден имейл адрес.', en: 'Invalid email address.' },
  invalidPhone: { bg: 'Невалиден телефонен номер.', en: 'Invalid phone number.' },
  invalidDate: { bg: 'Невалидна дата.', en: 'Invalid date.' },
  complaintClosedBeforeReceived: { bg: 'Денят на приключване не може да е преди деня на получаване.', en: 'The day closed cannot be before the day received.' },
  yearlyReportSignedOff: { bg: 'Отчетът е подписан и вече не може да се променя.', en: 'The report is signed off and can no longer be changed.' },
  yearlyReportServiceNotDelivered: { bg: 'Центърът не предоставя тази услуга през годината.', en: 'The center does not deliver this service in that year.' },
  municipalAnalysisSignedOff: { bg: 'Анализът е подписан и вече не може да се променя.', en: 'The analysis is signed off and can no longer be changed.' },
  municipalAnalysisYearNotOver: { bg: 'Анализът се подписва след края на годината.', en: 'The analysis is signed off after the year has ended.' },
  yearlyReportYearNotOver: { bg: 'Отчетът се подписва след края на годината.', en: 'The report is signed off after the year has ended.' },
  invalidValue: { bg: 'Невалидна стойност.', en: 'Invalid value.' },
  pageSize: { bg: 'Броят записи на страница трябва да е цяло число от 0 до {max}.', en: 'The page size must be a whole number from 0 to {max}.' },
  invalidCursor: {
    bg: 'Невалидна позиция в списъка (курсор). Заредете списъка отначало.',
    en: 'Invalid list position (cursor). Load the list again from the start.',
  },
  invalidId: { bg: 'Невалиден идентификатор.', en: 'Invalid id.' },
  dateInFuture: { bg: 'Датата не може да е в бъдещето.', en: 'The date cannot be in the future.' },
  endBeforeStart: { bg: 'Крайната дата е преди началната.', en: 'The end date is before the start date.' },
  birthDateOrYear: { bg: 'Посочете дата или година на раждане, не и двете различни.', en: 'Give a birth date or a birth year that agree.' },
  caseNeedsChild: {
    bg: 'Посочете детето: съществуващ потребител или нов, но не и двете.',
    en: 'Give the child: an existing client or a new one, not both.',
  },
  caseIsClosed: { bg: 'Случаят е закрит.', en: 'The case is closed.' },
  caseNeedsPerson: {
    bg: 'Посочете лицето, с което се работи по случая: съществуващ потребител или нов, но не и двете.',
    en: 'Give the person the case is about: an existing client or a new one, not both.',
  },
  requestNeedsDate: { bg: 'При заявяване посочете датата на заявлението.', en: 'For a request, give the date of the application.' },
  referralNeedsReferrer: { bg: 'При насочване посочете кой насочва по закон.', en: 'For a referral, give the legal referrer.' },
  referralNeedsDocument: { bg: 'При насочване посочете номера и датата на направлението.', en: 'For a referral, give the referral document’s number and date.' },
  referrerOnlyForReferral: {
    bg: 'Насочващ орган и направление се посочват само при насочване, не при заявяване.',
    en: 'A legal referrer and a referral document are given only for a referral, not for a request.',
  },
  documentAfterReceipt: { bg: 'Направлението е с дата след датата на получаването му.', en: 'The referral document is dated after it was received.' },
  alreadyOnCase: { bg: 'Този човек вече участва в случая.', en: 'This person is already on the case.' },
  mainPersonOfCase: {
    bg: 'Това е основното лице на случая; членовете на семейството са други хора.',
    en: 'This is the case’s main person; family members are other people.',
  },
  notOnCase: { bg: 'Този човек не участва в случая.', en: 'This person is not on the case.' },
  closureReportNeedsClosedCase: {
    bg: 'Докладът за приключване се изготвя, след като случаят е приключен (сега: „{stage}“).',
    en: 'The closure report is produced once the case is closed (now: "{stage}").',
  },
  dateBeforeReferral: { bg: 'Датата е преди датата на насочването.', en: 'The date is before the referral date.' },
  assessmentNotCompleted: {
    bg: 'Първо завършете индивидуалната оценка на потребностите (ИОП).',
    en: 'Complete the individual needs assessment (ИОП) first.',
  },
  assessmentAlreadyCompleted: {
    bg: 'Индивидуалната оценка на потребностите вече е завършена.',
    en: 'The individual needs assessment is already completed.',
  },
  supportPlanMissing: { bg: 'Първо изгответе индивидуалния план за подкрепа (ИПП).', en: 'Prepare the individual support plan (ИПП) first.' },
  planNeedsCaseStage: {
    bg: 'Индивидуалният план за подкрепа се изготвя след завършената оценка на потребностите (етап „План за подкрепа“ или „Активен“); сега случаят е „{stage}“.',
    en: 'An individual support plan follows the completed needs assessment (stage "Support plan" or "Active"); the case is now "{stage}".',
  },
  assessmentIncomplete: {
    bg: 'За да завършите оценката, оценете всяка област; неоценени области: {count}.',
    en: 'To complete the assessment, rate every area; areas not rated: {count}.',
  },
  areaNotRated: { bg: 'Оценете тази област.', en: 'Rate this area.' },
  areaNotForPerson: { bg: 'Тази област не се оценява за този потребител.', en: 'This area is not assessed for this person.' },
  assessmentNotEditable: {
    bg: 'Завършена оценка не се променя; за промяна започнете нова (повторна) оценка.',
    en: 'A completed assessment is not changed; start a new (re)assessment instead.',
  },
  goalAreaNotAssessed: {
    bg: 'Целта се свързва с област от завършена оценка на потребностите по същия случай.',
    en: 'A goal is tied to an area of a completed needs assessment of the same case.',
  },
  planNotEditable: {
    bg: 'Заменена или приключила версия на плана не се променя; тя остава за справка.',
    en: 'A superseded or ended version of the plan is not changed; it stays for reference.',
  },
  planGoalsInEffect: {
    bg: 'Целите на действащ план се променят чрез преработка на плана („Преработи плана“).',
    en: 'The goals of a plan in effect change by revising the plan ("Revise the plan").',
  },
  planRevisionNeedsActive: {
    bg: 'Преработва се действащият план за подкрепа; сега случаят е „{stage}“.',
    en: 'The plan in effect is the one revised; the case is now "{stage}".',
  },
  planDraftExists: {
    bg: 'Случаят вече има чернова на план за подкрепа; довършете я и я въведете в действие.',
    en: 'The case already has a draft support plan; finish it and put it into effect.',
  },
  frequencyIncomplete: { bg: 'Посочете колко пъти и за какъв период (седмично или месечно).', en: 'Give how many times and per which period (a week or a month).' },
  planNotActive: { bg: 'Прегледът се провежда по действащ индивидуален план за подкрепа.', en: 'Reviews are held on an active individual support plan.' },
  planNotDraft: { bg: 'Само чернова на план може да бъде въведена в действие.', en: 'Only a draft plan can be put into effect.' },
  planNotInEffect: {
    bg: 'Първо въведете плана за подкрепа в действие („Въведи плана в действие“).',
    en: 'Put the support plan into effect first ("Put the plan into effect").',
  },
  assessmentNotInStage: {
    bg: 'Оценка на потребностите се започва, когато случаят е „Насочен“ или в етап „Оценка на потребностите“, а повторна — когато е „Активен“; сега е „{stage}“.',
    en: 'A needs assessment is started while the case is "Referred" or in "Needs assessment", a reassessment while it is "Active"; it is now "{stage}".',
  },
  completeNotInStage: {
    bg: 'Оценката на потребностите се завършва в етап „Оценка на потребностите“, а повторната — когато случаят е „Активен“; сега е „{stage}“.',
    en: 'A needs assessment is completed in the "Needs assessment" stage, a reassessment while the case is "Active"; it is now "{stage}".',
  },
  assessmentAlreadyOpen: {
    bg: 'Случаят вече има започната и незавършена оценка на потребностите: завършете нея, преди да започнете нова.',
    en: 'The case already has a needs assessment in progress: complete it before starting another.',
  },
  assessmentSuperseded: {
    bg: 'Тази оценка на потребностите е заменена от по-нова и не може да бъде завършена.',
    en: 'This needs assessment was superseded by a newer one and cannot be completed.',
  },
  // The contract for using the service (issue #15, item 4).
  contractNeedsPlan: {
    bg: 'Договорът за ползване на услугата се сключва след като индивидуалният план за подкрепа е въведен в действие; сега случаят е „{stage}“.',
    en: 'The contract for using the service is concluded once the individual support plan is in effect; the case is now "{stage}".',
  },
  contractNotInStage: {
    bg: 'Договор се изготвя, когато случаят е в етап „План за подкрепа“ или „Активен“; сега е „{stage}“.',
    en: 'A contract is prepared while the case is in "Support plan" or "Active"; it is now "{stage}".',
  },
  contractAlreadyLive: {
    bg: 'Случаят вече има договор, който не е прекратен: работете с него.',
    en: 'The case already has a contract that has not ended: work with that one.',
  },
  contractAlreadySigned: { bg: 'Договорът вече е сключен (подписан).', en: 'The contract is already concluded (signed).' },
  contractNotDraft: { bg: 'Променя се само проект на договор; сключеният се променя с анекс (удължаване).', en: 'Only a draft contract can be edited; a concluded one changes by an annex (extension).' },
  contractNotSigned: { bg: 'Удължава се само сключен договор, който е в сила.', en: 'Only a concluded contract in force can be extended.' },
  contractNotConcluded: {
    bg: 'Първо сключете договора за ползване на услугата („Сключи договора“).',
    en: 'Conclude the contract for using the service first ("Conclude the contract").',
  },
  contractNumberTaken: { bg: 'В центъра вече има договор с този номер.', en: 'The center already has a contract with this number.' },
  contractNeedsRepresentative: {
    bg: 'За дете посочете законния представител, който подписва договора.',
    en: 'For a child, give the legal representative who signs the contract.',
  },
  representativeIsPerson: { bg: 'Законният представител е друго лице, не самият потребител.', en: 'The legal representative is another person, not the client themself.' },
  representativeNotAdult: { bg: 'Законният представител трябва да е пълнолетен.', en: 'The legal representative must be an adult.' },
  serviceNeedsContract: {
    bg: 'Договор се сключва за специализирана услуга; общодостъпните не изискват договор.',
    en: 'A contract is for a specialised service; open-access services need none.',
  },
  contractServicesNeeded: { bg: 'Посочете поне една услуга.', en: 'Give at least one service.' },
  signedBeforeContractDate: { bg: 'Договорът не може да е подписан преди датата си.', en: 'The contract cannot be signed before its date.' },
  signedAfterTermEnd: { bg: 'Договорът не може да бъде сключен след края на срока си.', en: 'The contract cannot be concluded after its term ends.' },
  extensionNotLater: { bg: 'Новият край на срока трябва да е след сегашния.', en: 'The new end of the term must be after the current one.' },
  extensionBeforeSigning: { bg: 'Удължаването не може да е преди подписването на договора.', en: 'The extension cannot be before the contract was signed.' },
  contractEndGroundNeeded: {
    bg: 'Случаят има договор в сила: посочете основанието за прекратяването му.',
    en: 'The case has a contract in force: give the ground for ending it.',
  },
  noContractToEnd: { bg: 'Случаят няма договор в сила, който да бъде прекратен.', en: 'The case has no contract in force to end.' },
  endBeforeSigning: { bg: 'Договорът не може да бъде прекратен преди подписването си.', en: 'The contract cannot end before it was signed.' },
  termNotExpired: {
    bg: 'Срокът на договора още не е изтекъл: изберете друго основание или датата на края на срока.',
    en: 'The contract’s term has not expired yet: choose another ground or the end of the term.',
  },
  // Ending the contract without closing the case (issue #15).
  contractNotInForce: { bg: 'Прекратява се само сключен договор, който е в сила.', en: 'Only a concluded contract in force can be ended.' },
  termAlreadyExpired: {
    bg: 'Срокът на договора е изтекъл на {date}: договорът е прекратен с изтичането му, изберете това основание.',
    en: 'The contract’s term expired on {date}: it ended by that expiry; choose that ground.',
  },
  sessionsAfterContractEnd: {
    bg: 'По случая има записани сесии след тази дата: договорът не може да е прекратен преди тях.',
    en: 'Sessions are recorded on the case after this date: the contract cannot have ended before them.',
  },
  sessionOutsideContract: {
    bg: 'На тази дата случаят няма договор за ползване на услугата в сила (прекратен или изтекъл на {date}): сесии не се записват, докато не бъде сключен нов договор.',
    en: 'The case has no contract for using the service in force on this date (ended or expired on {date}): no sessions are recorded until a new contract is concluded.',
  },
  reassessmentNeedsContract: {
    bg: 'Повторна оценка се прави, докато услугата се предоставя по договор в сила; сега случаят няма такъв (договорът е прекратен или срокът му е изтекъл).',
    en: 'A reassessment is made while the service is delivered under a contract in force; the case has none now (the contract ended or its term expired).',
  },
  closeWithCloseCase: { bg: 'За закриване използвайте „Закриване на случай“ с резултат.', en: 'Close a case with closeCase and an outcome.' },
  closureNeedsOutcome: { bg: 'При закриване посочете резултат.', en: 'Give an outcome when closing.' },
  sessionNeedsClient: { bg: 'Посочете случай или поне един потребител.', en: 'Give a case or at least one client.' },
  sessionNeedsStaff: { bg: 'Посочете поне един специалист.', en: 'Give at least one staff member.' },
  visitNeedsSettlement: { bg: 'За посещение в дома или на терен посочете населено място.', en: 'Give the settlement of a home or field visit.' },
  participantNeedsName: { bg: 'Посочете потребител или име на участника.', en: 'Give a client or the participant’s name.' },
  alreadyEnrolled: { bg: 'Потребителят вече участва в програмата.', en: 'The client is already enrolled in the program.' },
  programFull: { bg: 'Програмата е запълнена ({max} места).', en: 'The program is full ({max} places).' },
  serviceNotOpenAccess: { bg: 'Услугата не е общодостъпна.', en: 'The service is not open to everyone.' },
  placeNeeded: { bg: 'Посочете населено място или община.', en: 'Give a settlement or a municipality.' },
  withdrawnBeforeGiven: { bg: 'Оттеглянето е преди даването на съгласие.', en: 'Withdrawal is before the consent was given.' },
  // Group meetings (issue #15, item 7): planned, then held or cancelled.
  meetingNotHeld: {
    bg: 'Присъствие се отбелязва само за проведена среща. Първо отбележете срещата като проведена.',
    en: 'Attendance is recorded only for a meeting that was held. Mark the meeting held first.',
  },
  meetingInFuture: {
    bg: 'Срещата още не е дошла: тя се отбелязва като проведена, с присъствието, от деня ѝ нататък.',
    en: 'The meeting is still ahead: it is marked held, with its attendance, from its day on.',
  },
  meetingAlreadyHeld: { bg: 'Срещата вече е отбелязана като проведена.', en: 'The meeting is already marked held.' },
  meetingAlreadyCancelled: {
    bg: 'Срещата е отменена: тя не може да бъде проведена или отменена отново.',
    en: 'The meeting is cancelled: it cannot be held or cancelled again.',
  },
  // Planned work (issue #17, item 1): sessions and visits planned, then held, missed or cancelled.
  planOutsideContract: {
    bg: 'На тази дата случаят няма договор за ползване на услугата в сила (прекратен или изтекъл на {date}): сесия не може да се планира след края му.',
    en: 'The case has no contract for using the service in force on this date (ended or expired on {date}): no session can be planned after its end.',
  },
  planInPast: { bg: 'Планира се от днес нататък; проведена сесия запишете в дневника.', en: 'Plan from today on; log a session already held in the session log.' },
  sessionNotPlanned: {
    bg: 'Сесията вече не е планирана: само планирана сесия се отбелязва като проведена, неявила се или отменена.',
    en: 'The session is no longer planned: only a planned session is marked held, missed or cancelled.',
  },
  sessionInFuture: {
    bg: 'Сесията още не е дошла: тя се отбелязва като проведена от деня ѝ нататък.',
    en: 'The session is still ahead: it is marked held from its day on.',
  },
  sessionFollowsMeeting: {
    bg: 'Това е сесия на групова среща: отбележете самата среща като проведена или отменена.',
    en: 'This is a group meeting’s session: mark the meeting itself held or cancelled.',
  },
  sessionNotYours: {
    bg: 'Сесията отбелязва специалист от нея, този, който я е планирал, или ръководителят.',
    en: 'A session is marked by a staff member on it, the one who planned it, or the manager.',
  },
  // Open-access contacts (issue #15, item 8): corrected or voided by the author or the manager.
  contactNotYours: {
    bg: 'Контакт може да поправи или анулира само специалистът, който го е записал, или ръководителят.',
    en: 'Only the staff member who recorded a contact, or the manager, may correct or void it.',
  },
  contactVoided: { bg: 'Контактът е анулиран: той не се променя и не се брои никъде.', en: 'The contact is voided: it is not changed and counts nowhere.' },
  peopleAtLeastOne: { bg: 'Посочете поне един човек.', en: 'Count at least one person.' },
  unknownReference: { bg: 'Избраният запис не съществува.', en: 'The selected record does not exist.' },
  passwordTooWeak: { bg: 'Паролата трябва да е поне 10 знака.', en: 'The password must be at least 10 characters.' },
  emailTaken: { bg: 'Вече има профил с този имейл.', en: 'An account with this email already exists.' },
  duplicateItem: { bg: 'Този запис е посочен повече от веднъж.', en: 'This record is listed more than once.' },
  alreadyStaff: { bg: 'Този човек вече работи в центъра.', en: 'This person already works at the center.' },
  cannotChangeOwnRole: { bg: 'Не можете да промените собствената си роля.', en: 'You cannot change your own role.' },
  noteNeedsCaseTeam: {
    bg: 'Бележки по случая пишат само водещият специалист, екипът на случая и ръководителят.',
    en: 'Only the lead worker, the case team and the manager write notes on the case.',
  },
  cannotEndOwnMembership: {
    bg: 'Не можете да прекратите собственото си членство в центъра.',
    en: 'You cannot end your own membership of the center.',
  },
  alreadyPartner: { bg: 'Общината вече е партньор на центъра.', en: 'The municipality is already a partner of the center.' },
  alreadyMember: { bg: 'Потребителят вече е член на домакинството.', en: 'The client is already a member of the household.' },
  invalidMonth: { bg: 'Посочете месец във вида ГГГГ-ММ.', en: 'Give a month as YYYY-MM.' },
  periodOrder: { bg: 'Крайният месец е преди началния.', en: 'The last month is before the first.' },
  periodTooLong: { bg: 'Периодът може да е най-много {max} месеца.', en: 'The period can be at most {max} months.' },
  periodInFuture: { bg: 'Периодът не може да завършва в бъдещ месец.', en: 'The period cannot end in a future month.' },
  breakdownNotAvailable: {
    bg: 'Показателят „{indicator}“ няма разбивка „{dimension}“.',
    en: 'The indicator "{indicator}" has no "{dimension}" breakdown.',
  },
  periodNotEnded: { bg: 'Може да се одобри само приключил месец или година.', en: 'Only a month or a year that has ended can be approved.' },
  invalidYear: { bg: 'Невалидна година.', en: 'Invalid year.' },
  // Staff accounts (issue 13, point 2): passwords as NIST SP 800-63B, codes, second factor.
  passwordTooShort: { bg: 'Паролата трябва да е поне {min} знака.', en: 'The password must be at least {min} characters.' },
  passwordTooLong: { bg: 'Паролата може да е най-много {max} знака.', en: 'The password must be at most {max} characters.' },
  passwordCommon: {
    bg: 'Тази парола е сред най-често използваните и лесно се отгатва. Изберете друга (например няколко несвързани думи).',
    en: 'This password is one of the most common and easy to guess. Choose another (for example several unrelated words).',
  },
  passwordContainsEmail: { bg: 'Паролата не може да съдържа имейла ви.', en: 'The password cannot contain your email.' },
  passwordSameAsCurrent: { bg: 'Новата парола е същата като сегашната.', en: 'The new password is the same as the current one.' },
  wrongCurrentPassword: { bg: 'Сегашната парола е грешна.', en: 'The current password is wrong.' },
  codeInvalid: {
    bg: 'Кодът е невалиден, вече е използван или е изтекъл. Ако вече имате профил в Опора, влезте с паролата си: поканата ви чака там.',
    en: 'The code is invalid, already used or expired. If you already have an Opora account, sign in with your password: the invitation waits for you there.',
  },
  twoFactorRequired: { bg: 'Въведете кода от приложението за удостоверяване.', en: 'Enter the code from your authenticator app.' },
  twoFactorEnrollmentRequired: {
    bg: 'Центърът изисква двуфакторно влизане. Сканирайте кода с приложение за удостоверяване и въведете първия код.',
    en: 'The center requires two-factor sign-in. Scan the code with an authenticator app and enter the first code.',
  },
  twoFactorCodeWrong: { bg: 'Грешен или вече използван код за удостоверяване.', en: 'Wrong or already used authentication code.' },
  twoFactorAlreadyEnabled: { bg: 'Двуфакторното влизане вече е включено.', en: 'Two-factor sign-in is already on.' },
  twoFactorNotEnabled: { bg: 'Двуфакторното влизане не е включено.', en: 'Two-factor sign-in is not on.' },
  twoFactorRequiredByCenter: {
    bg: 'Центърът ви изисква двуфакторно влизане: не може да го изключите.',
    en: 'Your center requires two-factor sign-in: you cannot turn it off.',
  },
  invalidTotpSecret: { bg: 'Невалиден ключ за удостоверяване.', en: 'Invalid authenticator key.' },
  invitationNotFound: {
    bg: 'Поканата не е намерена, вече е отговорена или е изтекла.',
    en: 'The invitation was not found, was already answered or has expired.',
  },
  accountSharedWithOtherCenters: {
    bg: 'Този човек работи и другаде (друг център, мрежата или община): профилът му може да се спре или нулира само от него самия или от администратор.',
    en: 'This person also works elsewhere (another center, the network or a municipality): their account can be disabled or reset only by themselves or an administrator.',
  },
  cannotManageOwnAccount: { bg: 'Използвайте „Моят профил“ за собствения си профил.', en: 'Use "My account" for your own account.' },
  sessionNotFound: { bg: 'Входът не е намерен или вече е прекратен.', en: 'The sign-in was not found or has already ended.' },
  // Attachments (scanned papers, photos and documents kept with a record).
  fileTypeRefused: {
    bg: 'Файлът не е приет: по съдържанието си той не е PDF, изображение (JPEG, PNG, HEIC, WebP, TIFF) или документ (DOCX, XLSX, ODT, ODS), каквото и да казва името му. Нищо не е записано.',
    en: 'The file was refused: by its content it is not a PDF, an image (JPEG, PNG, HEIC, WebP, TIFF) or a document (DOCX, XLSX, ODT, ODS), whatever its name says. Nothing was stored.',
  },
  // The history import (schema/src/import/): each refused row's reason.
  importUnreadable: { bg: 'Файлът не може да бъде прочетен като XLSX или CSV.', en: 'The file cannot be read as XLSX or CSV.' },
  importNoRows: { bg: 'Файлът няма редове за внасяне.', en: 'The file has no rows to import.' },
  importTooManyRows: { bg: 'Най-много {max} реда в един файл.', en: 'At most {max} rows in one file.' },
  importUnknownSheet: { bg: 'Непознат лист „{sheet}“.', en: 'Unknown sheet "{sheet}".' },
  importUnknownValue: { bg: 'Непозната стойност „{value}“.', en: 'Unknown value "{value}".' },
  importUnknownRef: { bg: 'Няма ред с номер „{ref}“ в листа „{sheet}“.', en: 'No row with id "{ref}" in the sheet "{sheet}".' },
  importRefRefused: { bg: 'Редът „{ref}“ от листа „{sheet}“ е отказан.', en: 'The row "{ref}" of the sheet "{sheet}" is refused.' },
  importRepeatedRef: { bg: 'Номерът „{ref}“ вече е използван в този лист.', en: 'The id "{ref}" is already used in this sheet.' },
  importCaseNumberTaken: { bg: 'Случай с номер „{number}“ вече съществува в центъра или във файла.', en: 'A case numbered "{number}" already exists in the center or in the file.' },
  importUnknownService: { bg: 'Центърът няма услуга „{value}“.', en: 'The center has no service "{value}".' },
  importUnknownStaff: { bg: 'Няма служител на центъра с имейл „{value}“.', en: 'No staff member of the center has the email "{value}".' },
  importUnknownProgram: { bg: 'Центърът няма групова програма „{value}“.', en: 'The center has no group programme "{value}".' },
  importUnknownSettlement: { bg: 'Няма населено място с ЕКАТТЕ „{value}“.', en: 'No settlement has the EKATTE code "{value}".' },
  importClosedNeedsEnd: { bg: 'Закрит случай има дата на закриване и резултат.', en: 'A closed case has a closing date and an outcome.' },
  importOpenHasEnd: { bg: 'Само закрит случай има дата на закриване и резултат.', en: 'Only a closed case has a closing date and an outcome.' },
  importBeforeStart: { bg: 'Датата е преди началото на случая ({date}).', en: 'The date is before the case began ({date}).' },
  importSessionNotPast: { bg: 'Внасят се само проведени сесии: началото трябва да е минало.', en: 'Only sessions already held are imported: the start must be in the past.' },
  importRefused: { bg: 'Файлът има {count} отказани реда. Нищо не е внесено.', en: 'The file has {count} refused rows. Nothing was imported.' },
  fileTooLarge: {
    bg: 'Файлът е {size} — повече от {max}, които центърът допуска за един файл. Нищо не е записано.',
    en: 'The file is {size}, more than the {max} the center accepts for one file. Nothing was stored.',
  },
  fileEmpty: { bg: 'Файлът е празен. Нищо не е записано.', en: 'The file is empty. Nothing was stored.' },
  tooManyFiles: {
    bg: 'Към този запис вече има {max} файла — най-многото, което центърът допуска. Анулирайте ненужен файл или помолете ръководителя да увеличи ограничението.',
    en: 'This record already has {max} files, the most the center allows. Void one that is not needed or ask the manager to raise the limit.',
  },
  fileErased: {
    bg: 'Съдържанието на файла е изтрито; остава само записът, че е съществувал.',
    en: 'The file’s content was erased; only the record that it existed remains.',
  },
  fileAlreadyVoided: { bg: 'Файлът вече е анулиран.', en: 'The file is already voided.' },
  fileAlreadyErased: { bg: 'Съдържанието на файла вече е изтрито.', en: 'The file’s content is already erased.' },
  fileStoreUnavailable: {
    bg: 'Хранилището на файлове не е достъпно. Опитайте отново след малко.',
    en: 'The file store is unavailable. Please try again shortly.',
  },
  // The transport's own refusals (server): limits, rate limits, deadlines, trusted documents.
  tooManyRequests: { bg: 'Твърде много заявки. Опитайте отново след {seconds} с.', en: 'Too many requests. Try again in {seconds} s.' },
  tooManyUploads: { bg: 'Твърде много качени файлове за кратко време. Опитайте отново след {seconds} с.', en: 'Too many files uploaded in a short time. Try again in {seconds} s.' },
  listTooLong: { bg: 'Списъкът „{name}“ е твърде дълъг (най-много {max}).', en: 'The list "{name}" is too long (at most {max}).' },
  invalidText: { bg: 'Полето „{name}“ съдържа недопустими знаци.', en: 'The field "{name}" contains characters that are not allowed.' },
  tooComplex: { bg: 'Заявката е твърде сложна.', en: 'The request is too complex.' },
  malformedJson: { bg: 'Невалиден JSON в заявката.', en: 'Malformed JSON body.' },
  invalidUtf8: { bg: 'Заявката не е валиден UTF-8 текст.', en: 'The request body is not valid UTF-8.' },
  csrfRequired: {
    bg: 'Заявката е блокирана като възможна заявка от друг сайт (CSRF): липсва заглавката apollo-require-preflight.',
    en: 'The request was blocked as a possible cross-site request forgery: the apollo-require-preflight header is missing.',
  },
  invalidVariable: { bg: 'Стойността на променливата ${name} е недопустима.', en: 'The value of the variable ${name} is not valid.' },
  identityChangeAlone: {
    bg: 'Промяната на самоличността или ролята ({fields}) трябва да е единственото поле в заявката. Изпратете я сама; тя важи от следващата заявка.',
    en: 'A change of identity or role ({fields}) must be the only field of its operation. Send it on its own; it takes effect from the next request.',
  },

  // Scalars: graphql-js wraps these in its own sentence, so both languages go in one text.
  invalidDay: { bg: 'Невалидна дата (ГГГГ-ММ-ДД).', en: 'Invalid date (YYYY-MM-DD).' },
  invalidInstant: { bg: 'Невалиден момент във времето.', en: 'Invalid date and time.' },
  dayNotString: { bg: 'Датата трябва да е текст ГГГГ-ММ-ДД.', en: 'Date must be a string YYYY-MM-DD' },
  instantNotString: { bg: 'Моментът трябва да е текст по ISO 8601.', en: 'DateTime must be an ISO 8601 string' },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

/**
 * Every error code a client may receive and what it says when the answer carries no words of
 * its own (a message without parameters). The server passes exactly these codes through
 * (INTERNAL_SERVER_ERROR stands for anything else); the web reads the words by code.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'notFound',
  BAD_USER_INPUT: 'invalidInput',
  CONFLICT: 'conflict',
  INVALID_TRANSITION: 'transitionRefused',
  TOO_MANY_REQUESTS: 'tooManyRequestsNow',
  GRAPHQL_PARSE_FAILED: 'invalidOperation',
  GRAPHQL_VALIDATION_FAILED: 'invalidOperation',
  BAD_REQUEST: 'invalidOperation',
  OPERATION_RESOLUTION_FAILURE: 'invalidOperation',
  PERSISTED_QUERY_NOT_FOUND: 'untrustedDocument',
  PERSISTED_QUERY_NOT_SUPPORTED: 'untrustedDocument',
  QUERY_TIMEOUT: 'queryTimeout',
  SERVICE_UNAVAILABLE: 'busy',
  AGGREGATE_PREPARING: 'aggregatePreparing',
  UNTRUSTED_DOCUMENT: 'untrustedDocument',
  PAYLOAD_TOO_LARGE: 'payloadTooLarge',
  IDENTITY_CHANGE_NOT_ALONE: 'identityChangeNotAlone',
  INTERNAL_SERVER_ERROR: 'internal',
} as const satisfies Record<string, keyof typeof CODE_MESSAGES>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** One message in one language, its `{name}` parameters filled (a missing one stays visible). */
export function message(key: MessageKey, lang: Lang, params: MessageParams = {}): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Both languages, as an error's extensions carry them. */
export function bothMessages(key: MessageKey, params: MessageParams = {}): { messageBg: string; messageEn: string } {
  return { messageBg: message(key, 'bg', params), messageEn: message(key, 'en', params) };
}

/** Both languages in one text ("bg / en"), where the reader's language is not known. */
export function bilingualMessage(key: MessageKey, params: MessageParams = {}): string {
  return `${message(key, 'bg', params)} / ${message(key, 'en', params)}`;
}

/** What an error code says when its answer has no words of its own. */
export function errorCodeMessage(code: string, lang: Lang): string | undefined {
  // CODE_MESSAGES, not MESSAGES: the words have no parameters (vocabulary.test.ts checks it).
  return isErrorCode(code) ? CODE_MESSAGES[ERROR_CODES[code]][lang] : undefined;
}
