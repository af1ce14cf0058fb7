import type { Locale } from '../context.ts';

// What a person reads in an error, in Bulgarian first and English second.
// Keys are stable; the API returns the viewer's language in `message` and both in extensions.
const catalogue = {
  unauthenticated: ['Моля, влезте в системата.', 'Please sign in.'],
  badCredentials: ['Грешен имейл или парола.', 'Wrong email or password.'],
  tooManyAttempts: [
    'Твърде много неуспешни опити. Опитайте отново след няколко минути.',
    'Too many failed attempts. Try again in a few minutes.',
  ],
  forbidden: ['Нямате права за това действие.', 'You are not allowed to do this.'],
  noActiveCenter: ['Изберете център, в който работите.', 'Choose the center you work in.'],
  notFound: ['Записът не е намерен.', 'The record was not found.'],
  conflict: [
    'Записът е променен от друг потребител. Прегледайте текущите данни и опитайте отново.',
    'Someone else changed this record. Review the current data and try again.',
  ],
  invalidInput: ['Проверете въведените данни.', 'Check the data you entered.'],
  invalidTransition: [
    'Случаят не може да премине от „{from}“ към „{to}“.',
    'The case cannot move from "{from}" to "{to}".',
  ],
  idempotencyMismatch: [
    'Ключът за повторна заявка вече е използван с други данни.',
    'This idempotency key was already used with different data.',
  ],
  internal: ['Възникна неочаквана грешка. Опитайте отново.', 'An unexpected error occurred. Please try again.'],
  required: ['Полето е задължително.', 'This field is required.'],
  tooShort: ['Трябва да съдържа поне {min} знака.', 'Must be at least {min} characters.'],
  tooLong: ['Може да съдържа най-много {max} знака.', 'Must be at most {max} characters.'],
  tooSmall: ['Трябва да е поне {min}.', 'Must be at least {min}.'],
  tooBig: ['Трябва да е най-много {max}.', 'Must be at most {max}.'],
  tooFewItems: ['Изберете поне {min}.', 'Choose at least {min}.'],
  tooManyItems: ['Най-много {max} елемента.', 'At most {max} items.'],
  invalidEmail: ['Невалиден имейл адрес.', 'Invalid email address.'],
  invalidPhone: ['Невалиден телефонен номер.', 'Invalid phone number.'],
  invalidDate: ['Невалидна дата.', 'Invalid date.'],
  invalidValue: ['Невалидна стойност.', 'Invalid value.'],
  pageSize: ['Броят записи на страница трябва да е цяло число от 0 до {max}.', 'The page size must be a whole number from 0 to {max}.'],
  invalidCursor: ['Невалидна позиция в списъка (курсор). Заредете списъка отначало.', 'Invalid list position (cursor). Load the list again from the start.'],
  invalidId: ['Невалиден идентификатор.', 'Invalid id.'],
  dateInFuture: ['Датата не може да е в бъдещето.', 'The date cannot be in the future.'],
  endBeforeStart: ['Крайната дата е преди началната.', 'The end date is before the start date.'],
  birthDateOrYear: ['Посочете дата или година на раждане, не и двете различни.', 'Give a birth date or a birth year that agree.'],
  caseNeedsChild: ['Посочете детето: съществуващ клиент или нов, но не и двете.', 'Give the child: an existing client or a new one, not both.'],
  caseIsClosed: ['Случаят е закрит.', 'The case is closed.'],
  dateBeforeReferral: ['Датата е преди датата на насочването.', 'The date is before the referral date.'],
  assessmentNotCompleted: ['Първо завършете оценката на потребностите (ИОП).', 'Complete the needs assessment (ИОП) first.'],
  assessmentAlreadyCompleted: ['Оценката на потребностите вече е завършена.', 'The needs assessment is already completed.'],
  supportPlanMissing: ['Първо изгответе план за подкрепа (ИПП).', 'Prepare the support plan (ИПП) first.'],
  planNeedsCaseStage: ['План за подкрепа се изготвя след оценката (статус „План за подкрепа“ или „Активен“).', 'A support plan follows the assessment (status "Support plan" or "Active").'],
  planNotActive: ['Прегледът се провежда по активен план за подкрепа.', 'Reviews are held on an active support plan.'],
  planNotDraft: ['Само чернова на план може да бъде активирана.', 'Only a draft plan can be activated.'],
  closeWithCloseCase: ['За закриване използвайте „Закриване на случай“ с резултат.', 'Close a case with closeCase and an outcome.'],
  closureNeedsOutcome: ['При закриване посочете резултат.', 'Give an outcome when closing.'],
  sessionNeedsClient: ['Посочете случай или поне един клиент.', 'Give a case or at least one client.'],
  sessionNeedsStaff: ['Посочете поне един специалист.', 'Give at least one staff member.'],
  visitNeedsSettlement: ['За посещение в дома или на терен посочете населено място.', 'Give the settlement of a home or field visit.'],
  participantNeedsName: ['Посочете клиент или име на участника.', 'Give a client or the participant’s name.'],
  alreadyEnrolled: ['Клиентът вече участва в програмата.', 'The client is already enrolled in the program.'],
  programFull: ['Програмата е запълнена ({max} места).', 'The program is full ({max} places).'],
  serviceNotOpenAccess: ['Услугата не е общодостъпна.', 'The service is not open to everyone.'],
  placeNeeded: ['Посочете населено място или община.', 'Give a settlement or a municipality.'],
  withdrawnBeforeGiven: ['Оттеглянето е преди даването на съгласие.', 'Withdrawal is before the consent was given.'],
  meetingNotHeld: [
    'Присъствие се отбелязва само за проведена среща. Първо отбележете срещата като проведена.',
    'Attendance is recorded only for a meeting that was held. Mark the meeting held first.',
  ],
  meetingInFuture: [
    'Срещата още не е дошла: тя се отбелязва като проведена, с присъствието, от деня ѝ нататък.',
    'The meeting is still ahead: it is marked held, with its attendance, from its day on.',
  ],
  meetingAlreadyHeld: ['Срещата вече е отбелязана като проведена.', 'The meeting is already marked held.'],
  meetingAlreadyCancelled: ['Срещата е отменена: тя не може да бъде проведена или отменена отново.', 'The meeting is cancelled: it cannot be held or cancelled again.'],
  contactNotYours: [
    'Контакт може да поправи или анулира само специалистът, който го е записал, или ръководителят.',
    'Only the staff member who recorded a contact, or the manager, may correct or void it.',
  ],
  contactVoided: ['Контактът е анулиран: той не се променя и не се брои никъде.', 'The contact is voided: it is not changed and counts nowhere.'],
  peopleAtLeastOne: ['Посочете поне един човек.', 'Count at least one person.'],
  unknownReference: ['Избраният запис не съществува.', 'The selected record does not exist.'],
  passwordTooWeak: ['Паролата трябва да е поне 10 знака.', 'The password must be at least 10 characters.'],
  emailTaken: ['Вече има потребител с този имейл.', 'A user with this email already exists.'],
  duplicateItem: ['Този запис е посочен повече от веднъж.', 'This record is listed more than once.'],
  alreadyStaff: ['Този човек вече работи в центъра.', 'This person already works at the center.'],
  cannotChangeOwnRole: ['Не можете да промените собствената си роля.', 'You cannot change your own role.'],
  noteNeedsCaseTeam: [
    'Бележки по случая пишат само водещият специалист, екипът на случая и ръководителят.',
    'Only the lead worker, the case team and the manager write notes on the case.',
  ],
  cannotEndOwnMembership: ['Не можете да прекратите собственото си членство в центъра.', 'You cannot end your own membership of the center.'],
  alreadyPartner: ['Общината вече е партньор на центъра.', 'The municipality is already a partner of the center.'],
  alreadyMember: ['Клиентът вече е член на домакинството.', 'The client is already a member of the household.'],
  invalidMonth: ['Посочете месец във вида ГГГГ-ММ.', 'Give a month as YYYY-MM.'],
  periodOrder: ['Крайният месец е преди началния.', 'The last month is before the first.'],
  periodTooLong: ['Периодът може да е най-много {max} месеца.', 'The period can be at most {max} months.'],
  periodInFuture: ['Периодът не може да завършва в бъдещ месец.', 'The period cannot end in a future month.'],
  breakdownNotAvailable: ['Показателят „{indicator}“ няма разбивка „{dimension}“.', 'The indicator "{indicator}" has no "{dimension}" breakdown.'],
  invalidYear: ['Невалидна година.', 'Invalid year.'],
  // Staff accounts (issue 13, point 2): passwords as NIST SP 800-63B, codes, second factor.
  passwordTooShort: ['Паролата трябва да е поне {min} знака.', 'The password must be at least {min} characters.'],
  passwordTooLong: ['Паролата може да е най-много {max} знака.', 'The password must be at most {max} characters.'],
  passwordCommon: [
    'Тази парола е сред най-често използваните и лесно се отгатва. Изберете друга (например няколко несвързани думи).',
    'This password is one of the most common and easy to guess. Choose another (for example several unrelated words).',
  ],
  passwordContainsEmail: ['Паролата не може да съдържа имейла ви.', 'The password cannot contain your email.'],
  passwordSameAsCurrent: ['Новата парола е същата като сегашната.', 'The new password is the same as the current one.'],
  wrongCurrentPassword: ['Сегашната парола е грешна.', 'The current password is wrong.'],
  codeInvalid: [
    'Кодът е невалиден, вече е използван или е изтекъл. Ако вече имате профил в Опора, влезте с паролата си: поканата ви чака там.',
    'The code is invalid, already used or expired. If you already have an Opora account, sign in with your password: the invitation waits for you there.',
  ],
  twoFactorRequired: ['Въведете кода от приложението за удостоверяване.', 'Enter the code from your authenticator app.'],
  twoFactorEnrollmentRequired: [
    'Центърът изисква двуфакторно влизане. Сканирайте кода с приложение за удостоверяване и въведете първия код.',
    'The center requires two-factor sign-in. Scan the code with an authenticator app and enter the first code.',
  ],
  twoFactorCodeWrong: ['Грешен или вече използван код за удостоверяване.', 'Wrong or already used authentication code.'],
  twoFactorAlreadyEnabled: ['Двуфакторното влизане вече е включено.', 'Two-factor sign-in is already on.'],
  twoFactorNotEnabled: ['Двуфакторното влизане не е включено.', 'Two-factor sign-in is not on.'],
  twoFactorRequiredByCenter: [
    'Центърът ви изисква двуфакторно влизане: не може да го изключите.',
    'Your center requires two-factor sign-in: you cannot turn it off.',
  ],
  invalidTotpSecret: ['Невалиден ключ за удостоверяване.', 'Invalid authenticator key.'],
  invitationNotFound: ['Поканата не е намерена, вече е отговорена или е изтекла.', 'The invitation was not found, was already answered or has expired.'],
  accountSharedWithOtherCenters: [
    'Този човек работи и другаде (друг център, мрежата или община): профилът му може да се спре или нулира само от него самия или от администратор.',
    'This person also works elsewhere (another center, the network or a municipality): their account can be disabled or reset only by themselves or an administrator.',
  ],
  cannotManageOwnAccount: ['Използвайте „Моят профил“ за собствения си профил.', 'Use "My account" for your own account.'],
  sessionNotFound: ['Сесията не е намерена или вече е прекратена.', 'The session was not found or has already ended.'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof catalogue;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogue, key);
}

export function message(key: MessageKey, locale: Locale, params: Record<string, string | number> = {}): string {
  const [bg, en] = catalogue[key];
  return interpolate(locale === 'en' ? en : bg, params);
}

export function bothMessages(key: MessageKey, params: Record<string, string | number> = {}) {
  return { messageBg: message(key, 'bg', params), messageEn: message(key, 'en', params) };
}

function interpolate(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
