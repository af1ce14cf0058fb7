// The history import's file: one sheet (or one CSV) per record kind, its columns with their
// Bulgarian header first and the English one in the second header row. The file's own ids
// ("ref") tie the sheets together: a case names its client's ref, a session its case's ref.

export type Column = { key: string; bg: string; en: string; hint?: string };
export type SheetSpec = { kind: SheetKind; bg: string; en: string; columns: readonly Column[] };
export type SheetKind = 'clients' | 'households' | 'householdMembers' | 'cases' | 'sessions' | 'groupAttendance';

const ref: Column = { key: 'ref', bg: 'Номер във файла', en: 'File id', hint: 'C1, H1, K1, S1…' };

export const SHEETS: readonly SheetSpec[] = [
  {
    kind: 'clients',
    bg: 'Потребители',
    en: 'Clients',
    columns: [
      ref,
      { key: 'kind', bg: 'Вид', en: 'Kind', hint: 'дете или възрастен (CHILD, ADULT)' },
      { key: 'firstName', bg: 'Име', en: 'First name' },
      { key: 'middleName', bg: 'Презиме', en: 'Middle name' },
      { key: 'lastName', bg: 'Фамилия', en: 'Last name' },
      { key: 'birthDate', bg: 'Дата на раждане', en: 'Birth date', hint: 'ГГГГ-ММ-ДД или ДД.ММ.ГГГГ' },
      { key: 'birthYear', bg: 'Година на раждане', en: 'Birth year' },
      { key: 'sex', bg: 'Пол', en: 'Sex', hint: 'жена / мъж / друг / неизвестен' },
      { key: 'settlement', bg: 'Населено място (ЕКАТТЕ)', en: 'Settlement (EKATTE code)' },
      { key: 'address', bg: 'Адрес', en: 'Address' },
      { key: 'phone', bg: 'Телефон', en: 'Phone' },
      { key: 'email', bg: 'Имейл', en: 'Email' },
    ],
  },
  {
    kind: 'households',
    bg: 'Домакинства',
    en: 'Households',
    columns: [
      ref,
      { key: 'name', bg: 'Наименование', en: 'Name' },
      { key: 'settlement', bg: 'Населено място (ЕКАТТЕ)', en: 'Settlement (EKATTE code)' },
      { key: 'address', bg: 'Адрес', en: 'Address' },
    ],
  },
  {
    kind: 'householdMembers',
    bg: 'Членове на домакинства',
    en: 'Household members',
    columns: [
      { key: 'household', bg: 'Домакинство (номер във файла)', en: 'Household (file id)' },
      { key: 'client', bg: 'Потребител (номер във файла)', en: 'Client (file id)' },
      { key: 'relationship', bg: 'Родство', en: 'Relationship', hint: 'майка, баща, дете… (MOTHER, FATHER, CHILD…)' },
      { key: 'primaryCaregiver', bg: 'Основен грижещ се', en: 'Primary caregiver', hint: 'да / не' },
    ],
  },
  {
    kind: 'cases',
    bg: 'Случаи',
    en: 'Cases',
    columns: [
      ref,
      { key: 'number', bg: 'Номер на случая', en: 'Case number' },
      { key: 'client', bg: 'Потребител (номер във файла)', en: 'Person (file id)' },
      { key: 'household', bg: 'Домакинство (номер във файла)', en: 'Household (file id)' },
      { key: 'status', bg: 'Етап', en: 'Stage', hint: 'насочен, оценка, план за подкрепа, активен, закрит' },
      { key: 'intakeRoute', bg: 'Постъпване', en: 'Intake route', hint: 'заявление или направление (REQUEST, REFERRAL); празно, ако не е записано' },
      { key: 'referralDate', bg: 'Дата на постъпване', en: 'Date received' },
      { key: 'requestDate', bg: 'Дата на заявлението', en: 'Request date' },
      { key: 'requestNumber', bg: 'Входящ номер на заявлението', en: 'Request number' },
      { key: 'legalReferrer', bg: 'Насочващ орган', en: 'Legal referrer' },
      { key: 'referralDocumentNumber', bg: 'Номер на направлението', en: 'Referral document number' },
      { key: 'referralDocumentDate', bg: 'Дата на направлението', en: 'Referral document date' },
      { key: 'leadWorker', bg: 'Водещ специалист (имейл)', en: 'Lead worker (email)' },
      { key: 'closedOn', bg: 'Дата на закриване', en: 'Closed on' },
      { key: 'closureOutcome', bg: 'Резултат при закриване', en: 'Closure outcome' },
    ],
  },
  {
    kind: 'sessions',
    bg: 'Сесии',
    en: 'Sessions',
    columns: [
      ref,
      { key: 'case', bg: 'Случай (номер във файла)', en: 'Case (file id)' },
      { key: 'clients', bg: 'Потребители (номера във файла, със запетая)', en: 'Clients (file ids, comma separated)' },
      { key: 'startsAt', bg: 'Начало', en: 'Starts at', hint: 'ГГГГ-ММ-ДД ЧЧ:ММ (София)' },
      { key: 'durationMinutes', bg: 'Продължителност (мин.)', en: 'Duration (min)' },
      { key: 'service', bg: 'Услуга', en: 'Service', hint: 'наименованието на услугата в центъра' },
      { key: 'kind', bg: 'Вид', en: 'Kind', hint: 'консултация, терапия… (CONSULTATION, THERAPY…)' },
      { key: 'mode', bg: 'Начин на предоставяне', en: 'Delivery mode' },
      { key: 'settlement', bg: 'Населено място (ЕКАТТЕ)', en: 'Settlement (EKATTE code)' },
      { key: 'staff', bg: 'Специалисти (имейли, със запетая)', en: 'Staff (emails, comma separated)' },
    ],
  },
  {
    kind: 'groupAttendance',
    bg: 'Групово присъствие',
    en: 'Group attendance',
    columns: [
      { key: 'program', bg: 'Групова програма (наименование)', en: 'Group programme (name)' },
      { key: 'startsAt', bg: 'Начало на срещата', en: 'Meeting starts at', hint: 'ГГГГ-ММ-ДД ЧЧ:ММ (София)' },
      { key: 'durationMinutes', bg: 'Продължителност (мин.)', en: 'Duration (min)' },
      { key: 'client', bg: 'Потребител (номер във файла)', en: 'Client (file id)' },
      { key: 'present', bg: 'Присъствал', en: 'Present', hint: 'да / не' },
    ],
  },
];

export function sheetOf(kind: SheetKind): SheetSpec {
  return SHEETS.find((s) => s.kind === kind)!;
}

/** A sheet's kind from its name (Bulgarian, English or the kind's own key; case and spaces ignored). */
export function sheetKindOf(name: string): SheetKind | null {
  const wanted = norm(name);
  return SHEETS.find((s) => [s.bg, s.en, s.kind].some((n) => norm(n) === wanted))?.kind ?? null;
}

/** A column's key from its header (either language or the key itself). */
export function columnKeyOf(spec: SheetSpec, header: string): string | null {
  const wanted = norm(header);
  return spec.columns.find((c) => [c.bg, c.en, c.key].some((n) => norm(n) === wanted))?.key ?? null;
}

export function norm(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('bg').replace(/\s+/g, ' ').trim();
}
