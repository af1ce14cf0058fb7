import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { dayOf, isoDay, now, sofiaDay, sofiaTime } from '@opora/common/calendar';
import { message, type MessageKey } from '@opora/common/messages';
import { ENUM_LABELS, IMPORT_WORDS, type EnumName } from '@opora/common/vocabulary';
import { toSearchName } from '@opora/prisma/search-name';
import type { Context } from '../context.ts';
import { birthDateFitsYear, CLIENT_RULES } from '../modules/client.ts';
import { intakeIssues } from '../modules/case.ts';
import { HOUSEHOLD_NAME } from '../modules/household.ts';
import { duration as durationRule, modeOfKind, startsAt as startsAtRule } from '../modules/session.ts';
import { importHistoryAnswer } from '../permissions/rules.ts';
import { optionalText, pastOrToday, text } from '../support/validation.ts';
import { CENTER_ROLES, requireCenter } from '../support/viewer.ts';
import { readImportFile, type Cell, type FileRow, type FileSheet } from './file.ts';
import { sheetOf, type SheetKind } from './sheets.ts';

// A center's history brought in from a file (issue #19, item 3). `checkImport` reads the file
// against the same rules as the screens (the zod rules of client.ts, household.ts, session.ts,
// `intakeIssues` of case.ts) and the center's own records (services, staff, programmes, case
// numbers, clients already registered), and reports every row it would refuse and every probable
// duplicate person; `runImport` writes it all in the request's one tenant transaction (RLS
// applies; any error rolls back everything) with one audit event naming the counts. Rows are
// inserted with one statement per table and chunk (`unnest` of arrays), so the rollups'
// statement-level triggers mark each touched month once per statement, not once per row.

export type RefusedRow = { sheet: string; row: number; column: string | null; columnBg: string | null; columnEn: string | null; messageBg: string; messageEn: string };
export type DuplicatePerson = { sheet: string; row: number; ref: string; name: string; birthDate: string };
export type ProbableDuplicate = DuplicatePerson & {
  /** Another row of the file, or a client already in the center (never another center's). */
  sameAs: { inFile: DuplicatePerson | null; clientId: string | null; name: string };
  messageBg: string;
  messageEn: string;
};
export type ImportCounts = { clients: number; households: number; householdMembers: number; cases: number; sessions: number; groupMeetings: number; attendances: number };
/** Milliseconds spent reading the file, checking it, and writing it (an import only). */
export type ImportTimings = { read: number; check: number; write?: number };
export type ImportReport = { fileName: string; counts: ImportCounts; refused: RefusedRow[]; duplicates: ProbableDuplicate[]; ms: ImportTimings };

type Issue = { sheet: string; row: number; column: string | null; key: MessageKey; params?: Record<string, string | number> };

// ── Values ────────────────────────────────────────────────────────────────────────────────

const str = (c: Cell | undefined): string | null => {
  if (c == null) return null;
  if (c instanceof Date) return isoDay(c);
  const s = String(c).trim();
  return s === '' ? null : s;
};

/** A calendar day: a date cell, 2024-03-15 or 15.03.2024. */
function dayValue(c: Cell | undefined): Date | null | 'invalid' {
  if (c == null || c === '') return null;
  if (c instanceof Date) return Number.isNaN(+c) ? 'invalid' : new Date(Date.UTC(c.getUTCFullYear(), c.getUTCMonth(), c.getUTCDate()));
  const s = String(c).trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const bg = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*г\.?)?$/.exec(s);
  const [y, m, d] = iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : bg ? [+bg[3]!, +bg[2]!, +bg[1]!] : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(y, m - 1, d));
  return Number.isNaN(+date) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d ? 'invalid' : date;
}

/** A moment in Sofia's time: a date-time cell (its wall clock), or 2024-03-15 14:30 / 15.03.2024 14:30. */
function momentValue(c: Cell | undefined): Date | null | 'invalid' {
  if (c == null || c === '') return null;
  if (c instanceof Date) {
    if (Number.isNaN(+c)) return 'invalid';
    return sofiaTime(new Date(Date.UTC(c.getUTCFullYear(), c.getUTCMonth(), c.getUTCDate())), c.getUTCHours(), c.getUTCMinutes());
  }
  const m = /^(\S+)[ T](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(String(c).trim());
  if (!m) return 'invalid';
  const day = dayValue(m[1]!);
  const [h, min] = [+m[2]!, +m[3]!];
  if (day === null || day === 'invalid' || h > 23 || min > 59) return 'invalid';
  return sofiaTime(day, h, min);
}

function intValue(c: Cell | undefined): number | null | 'invalid' {
  if (c == null || c === '') return null;
  const n = typeof c === 'number' ? c : Number(String(c).trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 'invalid';
}

const YES = new Set(['да', 'д', 'yes', 'y', 'true', '1', 'x']);
const NO = new Set(['не', 'н', 'no', 'n', 'false', '0']);
function boolValue(c: Cell | undefined, fallback: boolean): boolean | 'invalid' {
  if (c == null || c === '') return fallback;
  if (typeof c === 'boolean') return c;
  const s = String(c).trim().toLocaleLowerCase('bg');
  return YES.has(s) ? true : NO.has(s) ? false : 'invalid';
}

/** An enum value by its code or its label in either language (ENUM_LABELS, the screens' words). */
function enumValue<E extends EnumName>(name: E, c: Cell | undefined): string | null | 'invalid' {
  const s = str(c);
  if (!s) return null;
  const wanted = s.toLocaleLowerCase('bg');
  for (const [value, words] of Object.entries(ENUM_LABELS[name] as Record<string, { bg: string; en: string }>)) {
    if (value.toLowerCase() === wanted || words.bg.toLocaleLowerCase('bg') === wanted || words.en.toLowerCase() === wanted) return value;
  }
  return 'invalid';
}

const list = (c: Cell | undefined): string[] => (str(c) ?? '').split(/[,;]/).map((s) => s.trim()).filter(Boolean);

/** A zod message "key|a=1" as a message key and its parameters. */
function zodIssue(error: z.ZodError): { key: MessageKey; params: Record<string, string> } {
  const [key, ...rest] = (error.issues[0]?.message ?? 'invalidValue').split('|');
  return { key: key as MessageKey, params: Object.fromEntries(rest.map((p) => p.split('=') as [string, string])) };
}

// ── The check ─────────────────────────────────────────────────────────────────────────────

type Plan = {
  clients: { id: string; ref: string; kind: string; firstName: string; middleName: string | null; lastName: string; birthDate: Date | null; birthYear: number | null; sex: string; settlementId: string | null; address: string | null; phone: string | null; email: string | null }[];
  households: { id: string; name: string; settlementId: string | null; address: string | null }[];
  members: { householdId: string; clientId: string; relationship: string; primary: boolean }[];
  cases: { id: string; number: string; personId: string; householdId: string | null; status: string; intakeRoute: string | null; referralDate: Date; requestDate: Date | null; requestNumber: string | null; legalReferrer: string | null; documentNumber: string | null; documentDate: Date | null; leadWorkerId: string | null; closedOn: Date | null; closureOutcome: string | null; firstSessionOn: Date | null }[];
  sessions: { id: string; startsAt: Date; durationMinutes: number; serviceId: string; format: 'INDIVIDUAL' | 'GROUP'; kind: string; mode: string; settlementId: string | null; caseId: string | null; groupMeetingId: string | null; clientIds: string[]; staffIds: string[] }[];
  meetings: { id: string; programId: string; startsAt: Date; durationMinutes: number; mode: string; settlementId: string | null }[];
  participants: { id: string; programId: string; clientId: string; enrolledOn: Date }[];
  attendances: { meetingId: string; participantId: string; present: boolean }[];
};

export type CheckedImport = { report: ImportReport; plan: Plan };

export async function checkImport(ctx: Context, bytes: Uint8Array, fileName: string): Promise<CheckedImport> {
  const allowed = importHistoryAnswer(ctx);
  if (allowed !== true) throw allowed;
  const { centerId, membershipId } = requireCenter(ctx);
  const started = performance.now();
  const file = await readImportFile(bytes, fileName);
  const read = Math.round(performance.now() - started);
  const issues: Issue[] = file.problems.map((p) => ({ sheet: p.sheet, row: p.row, column: p.column, key: p.messageKey, ...(p.params ? { params: p.params } : {}) }));
  const sheets = (kind: SheetKind): { sheet: FileSheet; row: FileRow }[] => file.sheets.filter((s) => s.kind === kind).flatMap((sheet) => sheet.rows.map((row) => ({ sheet, row })));
  const plan: Plan = { clients: [], households: [], members: [], cases: [], sessions: [], meetings: [], participants: [], attendances: [] };

  // Sofia's wall clock to an instant costs a time-zone lookup: once per distinct text.
  const moments = new Map<string, Date | null | 'invalid'>();
  // One row at a time: `fail(column, …)` names where a problem is.
  const rowCheck = (sheet: FileSheet, row: FileRow) => {
    let bad = false;
    const fail = (column: string | null, key: MessageKey, params?: Record<string, string | number>) => {
      bad = true;
      issues.push({ sheet: sheet.name, row: row.row, column, key, ...(params ? { params } : {}) });
    };
    const rule = <T>(column: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      const { key, params } = zodIssue(parsed.error);
      fail(column, key, params);
      return undefined;
    };
    const cell = (column: string) => row.cells[column];
    const day = (column: string): Date | null => {
      const v = dayValue(cell(column));
      if (v === 'invalid') return fail(column, 'invalidDate'), null;
      return v;
    };
    const moment = (column: string): Date | null => {
      const raw = cell(column);
      const key = raw instanceof Date ? `d${raw.getTime()}` : `s${String(raw)}`;
      let v = moments.get(key);
      if (v === undefined) moments.set(key, (v = momentValue(raw)));
      if (v === 'invalid') return fail(column, 'invalidDate'), null;
      return v;
    };
    const integer = (column: string): number | null => {
      const v = intValue(cell(column));
      if (v === 'invalid') return fail(column, 'invalidValue'), null;
      return v;
    };
    const choice = (column: string, name: EnumName, required: boolean): string | null => {
      const v = enumValue(name, cell(column));
      if (v === 'invalid') return fail(column, 'importUnknownValue', { value: str(cell(column)) ?? '' }), null;
      if (v === null && required) return fail(column, 'required'), null;
      return v;
    };
    const yesNo = (column: string, fallback: boolean): boolean => {
      const v = boolValue(cell(column), fallback);
      if (v === 'invalid') return fail(column, 'importUnknownValue', { value: str(cell(column)) ?? '' }), fallback;
      return v;
    };
    return { fail, rule, cell, day, moment, integer, choice, yesNo, get bad() { return bad; } };
  };

  // The center's own records the file may name.
  const ekattes = new Set<string>();
  for (const kind of ['clients', 'households', 'sessions'] as const) for (const { row } of sheets(kind)) { const e = str(row.cells.settlement); if (e) ekattes.add(e); }
  const settlements = new Map(
    (ekattes.size ? await ctx.db.settlement.findMany({ where: { ekatte: { in: [...ekattes] } }, select: { id: true, ekatte: true } }) : []).map((s) => [s.ekatte, s.id]),
  );
  const settlementOf = (c: ReturnType<typeof rowCheck>, column = 'settlement'): string | null => {
    const e = str(c.cell(column));
    if (!e) return null;
    const id = settlements.get(e);
    if (!id) c.fail(column, 'importUnknownSettlement', { value: e });
    return id ?? null;
  };
  const services = await ctx.db.centerService.findMany({ where: { centerId }, select: { id: true, nameBg: true, nameEn: true, serviceKind: { select: { code: true } } } });
  const serviceByName = new Map<string, string>();
  for (const s of services) for (const n of [s.nameBg, s.nameEn, s.serviceKind.code]) serviceByName.set(n.toLocaleLowerCase('bg'), s.id);
  const staff = await ctx.db.membership.findMany({ where: { centerId, role: { in: [...CENTER_ROLES] } }, select: { id: true, user: { select: { email: true } } } });
  const staffByEmail = new Map(staff.map((m) => [m.user.email.toLowerCase(), m.id]));
  const programs = await ctx.db.groupProgram.findMany({ where: { centerId }, select: { id: true, nameBg: true, nameEn: true, mode: true, serviceId: true, kind: true } });
  const programByName = new Map<string, (typeof programs)[number]>();
  for (const p of programs) for (const n of [p.nameBg, p.nameEn]) programByName.set(n.toLocaleLowerCase('bg'), p);

  // Rows refused: a row naming one is refused too, and says why.
  const refusedRefs = new Set<string>();
  const missing = (c: ReturnType<typeof rowCheck>, column: string, kind: SheetKind, ref: string) =>
    refusedRefs.has(`${kind}:${ref}`) ? c.fail(column, 'importRefRefused', { ref, sheet: sheetOf(kind).bg }) : c.fail(column, 'importUnknownRef', { ref, sheet: sheetOf(kind).bg });

  // Clients.
  const clientByRef = new Map<string, Plan['clients'][number] & { sheet: string; row: number }>();
  for (const { sheet, row } of sheets('clients')) {
    const c = rowCheck(sheet, row);
    const ref = c.rule('ref', text(50), str(c.cell('ref')) ?? '');
    if (ref && clientByRef.has(ref)) c.fail('ref', 'importRepeatedRef', { ref });
    const kind = c.choice('kind', 'ClientKind', true);
    const firstName = c.rule('firstName', CLIENT_RULES.firstName, str(c.cell('firstName')) ?? '');
    const middleName = c.rule('middleName', CLIENT_RULES.middleName, str(c.cell('middleName')));
    const lastName = c.rule('lastName', CLIENT_RULES.lastName, str(c.cell('lastName')) ?? '');
    const birthDateRaw = c.day('birthDate');
    const birthDate = birthDateRaw ? c.rule('birthDate', CLIENT_RULES.birthDate, birthDateRaw) : null;
    const yearRaw = c.integer('birthYear');
    const birthYear = yearRaw != null ? c.rule('birthYear', CLIENT_RULES.birthYear, yearRaw) : null;
    if (!birthDateFitsYear(birthDate, birthYear)) c.fail('birthYear', 'birthDateOrYear');
    const sex = c.choice('sex', 'Sex', false) ?? 'UNKNOWN';
    const settlementId = settlementOf(c);
    const address = c.rule('address', CLIENT_RULES.address, str(c.cell('address')));
    const phone = c.rule('phone', CLIENT_RULES.phone, str(c.cell('phone')));
    const email = c.rule('email', CLIENT_RULES.email, str(c.cell('email')));
    if (c.bad || !ref) {
      if (ref) refusedRefs.add(`clients:${ref}`);
      continue;
    }
    const client = {
      id: randomUUID(), ref, kind: kind!, firstName: firstName!, middleName: middleName ?? null, lastName: lastName!,
      birthDate: birthDate ?? null, birthYear: birthYear ?? birthDate?.getUTCFullYear() ?? null, sex, settlementId,
      address: address ?? null, phone: phone ?? null, email: email ?? null, sheet: sheet.name, row: row.row,
    };
    clientByRef.set(ref, client);
    plan.clients.push(client);
  }
  const clientRef = (c: ReturnType<typeof rowCheck>, column: string, value: string | null, required: boolean) => {
    if (!value) {
      if (required) c.fail(column, 'required');
      return null;
    }
    const found = clientByRef.get(value);
    if (!found) missing(c, column, 'clients', value);
    return found ?? null;
  };

  // Households and their members.
  const householdByRef = new Map<string, Plan['households'][number]>();
  for (const { sheet, row } of sheets('households')) {
    const c = rowCheck(sheet, row);
    const ref = c.rule('ref', text(50), str(c.cell('ref')) ?? '');
    if (ref && householdByRef.has(ref)) c.fail('ref', 'importRepeatedRef', { ref });
    const name = c.rule('name', HOUSEHOLD_NAME, str(c.cell('name')) ?? '');
    const settlementId = settlementOf(c);
    const address = c.rule('address', optionalText(300), str(c.cell('address')));
    if (c.bad || !ref) {
      if (ref) refusedRefs.add(`households:${ref}`);
      continue;
    }
    const household = { id: randomUUID(), name: name!, settlementId, address: address ?? null };
    householdByRef.set(ref, household);
    plan.households.push(household);
  }
  const householdRef = (c: ReturnType<typeof rowCheck>, column: string, value: string | null, required: boolean) => {
    if (!value) {
      if (required) c.fail(column, 'required');
      return null;
    }
    const found = householdByRef.get(value);
    if (!found) missing(c, column, 'households', value);
    return found ?? null;
  };
  const memberPairs = new Set<string>();
  for (const { sheet, row } of sheets('householdMembers')) {
    const c = rowCheck(sheet, row);
    const household = householdRef(c, 'household', str(c.cell('household')), true);
    const client = clientRef(c, 'client', str(c.cell('client')), true);
    const relationship = c.choice('relationship', 'Relationship', true);
    const primary = c.yesNo('primaryCaregiver', false);
    if (household && client) {
      const pair = `${household.id}:${client.id}`;
      if (memberPairs.has(pair)) c.fail('client', 'importRepeatedRef', { ref: client.ref });
      memberPairs.add(pair);
    }
    if (c.bad) continue;
    plan.members.push({ householdId: household!.id, clientId: client!.id, relationship: relationship!, primary });
  }

  // Cases.
  const numbers = sheets('cases').map(({ row }) => str(row.cells.number)).filter((n): n is string => !!n);
  const taken = new Set((numbers.length ? await ctx.db.case.findMany({ where: { centerId, number: { in: numbers } }, select: { number: true } }) : []).map((c) => c.number));
  const caseByRef = new Map<string, Plan['cases'][number]>();
  const intakeColumn: Record<string, string> = { requestDate: 'requestDate', legalReferrer: 'legalReferrer', documentNumber: 'referralDocumentNumber', documentDate: 'referralDocumentDate' };
  for (const { sheet, row } of sheets('cases')) {
    const c = rowCheck(sheet, row);
    const ref = c.rule('ref', text(50), str(c.cell('ref')) ?? '');
    if (ref && caseByRef.has(ref)) c.fail('ref', 'importRepeatedRef', { ref });
    const number = c.rule('number', text(50), str(c.cell('number')) ?? '');
    if (number && taken.has(number)) c.fail('number', 'importCaseNumberTaken', { number });
    const person = clientRef(c, 'client', str(c.cell('client')), true);
    const household = householdRef(c, 'household', str(c.cell('household')), false);
    const status = c.choice('status', 'CaseStatus', true);
    const intakeRoute = c.choice('intakeRoute', 'IntakeRoute', false);
    const referralDateRaw = c.day('referralDate');
    const referralDate = referralDateRaw ? c.rule('referralDate', pastOrToday, referralDateRaw) : (c.fail('referralDate', 'required'), undefined);
    const requestDateRaw = c.day('requestDate');
    const requestDate = requestDateRaw ? c.rule('requestDate', pastOrToday, requestDateRaw) : null;
    const requestNumber = c.rule('requestNumber', optionalText(50), str(c.cell('requestNumber')));
    const legalReferrer = c.choice('legalReferrer', 'LegalReferrer', false);
    const documentNumber = c.rule('referralDocumentNumber', optionalText(50), str(c.cell('referralDocumentNumber')));
    const documentDateRaw = c.day('referralDocumentDate');
    const documentDate = documentDateRaw ? c.rule('referralDocumentDate', pastOrToday, documentDateRaw) : null;
    // The intake as the law keeps it (case.ts); a case from before the route was recorded has none.
    if (intakeRoute && referralDate) {
      for (const issue of intakeIssues({ route: intakeRoute as Parameters<typeof intakeIssues>[0]['route'], date: referralDate, requestDate: requestDate ?? null, legalReferrer, documentNumber: documentNumber ?? null, documentDate: documentDate ?? null }, '')) {
        c.fail(intakeColumn[issue.path.slice(1)] ?? null, issue.messageKey, issue.params);
      }
    }
    const lead = str(c.cell('leadWorker'));
    const leadWorkerId = lead ? (staffByEmail.get(lead.toLowerCase()) ?? null) : null;
    if (lead && !leadWorkerId) c.fail('leadWorker', 'importUnknownStaff', { value: lead });
    const closedOnRaw = c.day('closedOn');
    const closedOn = closedOnRaw ? c.rule('closedOn', pastOrToday, closedOnRaw) : null;
    const closureOutcome = c.choice('closureOutcome', 'ClosureOutcome', false);
    if (status === 'CLOSED' && (!closedOnRaw || !closureOutcome)) c.fail(closedOnRaw ? 'closureOutcome' : 'closedOn', 'importClosedNeedsEnd');
    if (status && status !== 'CLOSED' && (closedOnRaw || closureOutcome)) c.fail(closedOnRaw ? 'closedOn' : 'closureOutcome', 'importOpenHasEnd');
    if (closedOn && referralDate && closedOn < referralDate) c.fail('closedOn', 'importBeforeStart', { date: isoDay(referralDate) });
    if (c.bad || !ref) {
      if (ref) refusedRefs.add(`cases:${ref}`);
      continue;
    }
    if (number) taken.add(number);
    const kase = {
      id: randomUUID(), number: number!, personId: person!.id, householdId: household?.id ?? null, status: status!, intakeRoute,
      referralDate: referralDate!, requestDate: requestDate ?? null, requestNumber: requestNumber ?? null, legalReferrer,
      documentNumber: documentNumber ?? null, documentDate: documentDate ?? null, leadWorkerId, closedOn: closedOn ?? null,
      closureOutcome, firstSessionOn: null as Date | null,
    };
    caseByRef.set(ref, kase);
    plan.cases.push(kase);
  }

  // Sessions: held in the past, by the center's staff (the importing manager when none is named).
  const sessionRefs = new Set<string>();
  const firstSessionAt = new Map<string, Date>();
  const instant = now();
  for (const { sheet, row } of sheets('sessions')) {
    const c = rowCheck(sheet, row);
    const ref = c.rule('ref', text(50), str(c.cell('ref')) ?? '');
    if (ref && sessionRefs.has(ref)) c.fail('ref', 'importRepeatedRef', { ref });
    const caseRefValue = str(c.cell('case'));
    const kase = caseRefValue ? caseByRef.get(caseRefValue) : null;
    if (caseRefValue && !kase) missing(c, 'case', 'cases', caseRefValue);
    const clientIds: string[] = [];
    const clientRefs = list(c.cell('clients'));
    for (const r of clientRefs) {
      const client = clientRef(c, 'clients', r, true);
      if (client && !clientIds.includes(client.id)) clientIds.push(client.id);
    }
    if (!caseRefValue && clientRefs.length === 0) c.fail('clients', 'sessionNeedsClient');
    if (kase && clientIds.length === 0) clientIds.push(kase.personId);
    const startsRaw = c.moment('startsAt');
    const startsAt = startsRaw ? c.rule('startsAt', startsAtRule, startsRaw) : (c.fail('startsAt', 'required'), undefined);
    if (startsAt && startsAt.getTime() >= instant.getTime()) c.fail('startsAt', 'importSessionNotPast');
    const minutes = c.integer('durationMinutes');
    const durationMinutes = c.rule('durationMinutes', durationRule, minutes ?? NaN);
    const serviceName = str(c.cell('service'));
    const serviceId = serviceName ? serviceByName.get(serviceName.toLocaleLowerCase('bg')) : undefined;
    if (!serviceName) c.fail('service', 'required');
    else if (!serviceId) c.fail('service', 'importUnknownService', { value: serviceName });
    const kind = c.choice('kind', 'SessionKind', true);
    const mode = c.choice('mode', 'DeliveryMode', false) ?? (kind ? modeOfKind(kind as never) : 'IN_CENTER');
    // A home visit happens at home, a field visit in the field (session.ts).
    if ((kind === 'HOME_VISIT' && mode !== 'AT_HOME') || (kind === 'FIELD_VISIT' && mode !== 'FIELD')) c.fail('mode', 'invalidValue');
    let settlementId = settlementOf(c);
    if (!settlementId && !str(c.cell('settlement')) && (mode === 'AT_HOME' || mode === 'FIELD')) {
      const homeOf = kase && clientIds.includes(kase.personId) ? kase.personId : clientIds[0];
      settlementId = plan.clients.find((x) => x.id === homeOf)?.settlementId ?? null;
      if (!settlementId && clientIds.length) c.fail('settlement', 'visitNeedsSettlement');
    }
    const staffIds: string[] = [];
    for (const e of list(c.cell('staff'))) {
      const id = staffByEmail.get(e.toLowerCase());
      if (!id) c.fail('staff', 'importUnknownStaff', { value: e });
      else if (!staffIds.includes(id)) staffIds.push(id);
    }
    if (staffIds.length === 0) staffIds.push(membershipId);
    if (c.bad || !ref) continue;
    sessionRefs.add(ref);
    if (kase) {
      const first = firstSessionAt.get(kase.id);
      if (!first || startsAt! < first) firstSessionAt.set(kase.id, startsAt!);
    }
    plan.sessions.push({ id: randomUUID(), startsAt: startsAt!, durationMinutes: durationMinutes!, serviceId: serviceId!, format: 'INDIVIDUAL', kind: kind!, mode, settlementId, caseId: kase?.id ?? null, groupMeetingId: null, clientIds, staffIds });
  }

  for (const kase of plan.cases) {
    const first = firstSessionAt.get(kase.id);
    if (first) kase.firstSessionOn = sofiaDay(first);
  }

  // Group attendance: one held meeting (and its GROUP session) per programme and start; the
  // client joins the programme from its first meeting in the file.
  const meetingByKey = new Map<string, { meeting: Plan['meetings'][number]; session: Plan['sessions'][number]; seen: Set<string> }>();
  const participantByKey = new Map<string, Plan['participants'][number]>();
  // The file's clients are new to the center: none of them is enrolled in a programme yet.
  for (const { sheet, row } of sheets('groupAttendance')) {
    const c = rowCheck(sheet, row);
    const programName = str(c.cell('program'));
    const program = programName ? programByName.get(programName.toLocaleLowerCase('bg')) : undefined;
    if (!programName) c.fail('program', 'required');
    else if (!program) c.fail('program', 'importUnknownProgram', { value: programName });
    const startsRaw = c.moment('startsAt');
    const startsAt = startsRaw ? c.rule('startsAt', startsAtRule, startsRaw) : (c.fail('startsAt', 'required'), undefined);
    if (startsAt && startsAt.getTime() >= instant.getTime()) c.fail('startsAt', 'importSessionNotPast');
    const durationMinutes = c.rule('durationMinutes', durationRule, c.integer('durationMinutes') ?? NaN);
    const client = clientRef(c, 'client', str(c.cell('client')), true);
    const present = c.yesNo('present', true);
    if (program && (program.mode === 'AT_HOME' || program.mode === 'FIELD')) c.fail('program', 'visitNeedsSettlement');
    const key = program && startsAt ? `${program.id}|${startsAt.toISOString()}` : null;
    const known = key ? meetingByKey.get(key) : undefined;
    if (known && client && known.seen.has(client.id)) c.fail('client', 'importRepeatedRef', { ref: client.ref });
    if (c.bad) continue;
    let entry = known;
    if (!entry) {
      const meeting = { id: randomUUID(), programId: program!.id, startsAt: startsAt!, durationMinutes: durationMinutes!, mode: program!.mode, settlementId: null };
      const serviceOf = program!;
      const session: Plan['sessions'][number] = {
        id: randomUUID(), startsAt: startsAt!, durationMinutes: durationMinutes!, serviceId: serviceOf.serviceId, format: 'GROUP',
        kind: serviceOf.kind === 'SOCIALIZING_ACTIVITIES' ? 'OTHER' : 'TRAINING', mode: program!.mode, settlementId: null, caseId: null,
        groupMeetingId: meeting.id, clientIds: [], staffIds: [membershipId],
      };
      entry = { meeting, session, seen: new Set() };
      meetingByKey.set(key!, entry);
      plan.meetings.push(meeting);
      plan.sessions.push(session);
    }
    entry.seen.add(client!.id);
    const pKey = `${program!.id}|${client!.id}`;
    let participant = participantByKey.get(pKey);
    const day = sofiaDay(startsAt!);
    if (!participant) {
      participant = { id: randomUUID(), programId: program!.id, clientId: client!.id, enrolledOn: day };
      participantByKey.set(pKey, participant);
      plan.participants.push(participant);
    } else if (day < participant.enrolledOn) participant.enrolledOn = day;
    plan.attendances.push({ meetingId: entry.meeting.id, participantId: participant.id, present });
    if (present) entry.session.clientIds.push(client!.id);
  }

  const duplicates = await probableDuplicates(ctx, centerId, [...clientByRef.values()]);
  const refused: RefusedRow[] = issues.map((i) => {
    const spec = file.sheets.find((s) => s.name === i.sheet);
    const column = spec && i.column ? sheetOf(spec.kind).columns.find((c) => c.key === i.column) : undefined;
    return {
      sheet: i.sheet,
      row: i.row,
      column: i.column,
      columnBg: column?.bg ?? null,
      columnEn: column?.en ?? null,
      messageBg: message(i.key, 'bg', i.params),
      messageEn: message(i.key, 'en', i.params),
    };
  });
  const counts: ImportCounts = {
    clients: plan.clients.length,
    households: plan.households.length,
    householdMembers: plan.members.length,
    cases: plan.cases.length,
    sessions: plan.sessions.length,
    groupMeetings: plan.meetings.length,
    attendances: plan.attendances.length,
  };
  return { report: { fileName, counts, refused, duplicates, ms: { read, check: Math.round(performance.now() - started) - read } }, plan };
}

// ── Probable duplicates ──────────────────────────────────────────────────────────────────

/**
 * The same person twice: the same first and last name once both are in Latin letters (the
 * Streamlined System of the 2009 Transliteration Act, `toSearchName`), with or without a middle
 * name, and the same birth date. Within the file, and against the center's own clients (RLS
 * keeps every other center's out of the query).
 */
async function probableDuplicates(ctx: Context, centerId: string, clients: (Plan['clients'][number] & { sheet: string; row: number })[]): Promise<ProbableDuplicate[]> {
  const keyOf = (c: { firstName: string; lastName: string; birthDate: Date | null }) => (c.birthDate ? `${toSearchName(c.firstName)}|${toSearchName(c.lastName)}|${isoDay(c.birthDate)}` : null);
  const fullName = (c: { firstName: string; middleName: string | null; lastName: string }) => [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ');
  const person = (c: Plan['clients'][number] & { sheet: string; row: number }): DuplicatePerson => ({ sheet: c.sheet, row: c.row, ref: c.ref, name: fullName(c), birthDate: isoDay(c.birthDate!) });
  const out: ProbableDuplicate[] = [];
  const firstByKey = new Map<string, Plan['clients'][number] & { sheet: string; row: number }>();
  const byKey = new Map<string, (Plan['clients'][number] & { sheet: string; row: number })[]>();
  for (const c of clients) {
    const key = keyOf(c);
    if (!key) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
    const earlier = firstByKey.get(key);
    if (earlier) out.push({ ...person(c), sameAs: { inFile: person(earlier), clientId: null, name: fullName(earlier) }, ...words('inFile', earlier.ref) });
    else firstByKey.set(key, c);
  }
  const days = [...new Set(clients.filter((c) => c.birthDate).map((c) => isoDay(c.birthDate!)))];
  for (let i = 0; i < days.length; i += 1000) {
    const existing = await ctx.db.client.findMany({
      where: { centerId, birthDate: { in: days.slice(i, i + 1000).map(dayOf) } },
      select: { id: true, firstName: true, middleName: true, lastName: true, birthDate: true },
    });
    for (const e of existing) {
      const key = keyOf(e);
      for (const c of (key && byKey.get(key)) || []) out.push({ ...person(c), sameAs: { inFile: null, clientId: e.id, name: fullName(e) }, ...words('inCenter', fullName(e)) });
    }
  }
  return out.sort((a, b) => a.row - b.row);
}

function words(where: 'inFile' | 'inCenter', other: string): { messageBg: string; messageEn: string } {
  return where === 'inFile'
    ? { messageBg: `Вероятно същото лице като ред „${other}“ във файла (същото име на латиница и дата на раждане).`, messageEn: `Probably the same person as row "${other}" of the file (same name in Latin letters and birth date).` }
    : { messageBg: `Вероятно вече е потребител на центъра: ${other} (същото име на латиница и дата на раждане).`, messageEn: `Probably already a client of the center: ${other} (same name in Latin letters and birth date).` };
}

// ── The import ───────────────────────────────────────────────────────────────────────────

/**
 * Checks the file, then writes it whole in the request's transaction, or nothing: a file with
 * any refused row writes nothing (`imported: false`, the report says why).
 */
export async function runImport(ctx: Context, bytes: Uint8Array, fileName: string): Promise<ImportReport & { imported: boolean }> {
  const { report, plan } = await checkImport(ctx, bytes, fileName);
  if (report.refused.length) return { ...report, imported: false };
  const { centerId, membershipId } = requireCenter(ctx);
  const started = performance.now();
  const db = ctx.db;
  const day = (d: Date | null) => (d ? isoDay(d) : null);
  const at = (d: Date) => d.toISOString();

  await insert(db, 'Household', { id: 'uuid', centerId: 'uuid', name: 'text', settlementId: 'uuid', address: 'text' },
    plan.households.map((h) => [h.id, centerId, h.name, h.settlementId, h.address]));
  await insert(db, 'Client', { id: 'uuid', centerId: 'uuid', kind: 'ClientKind', firstName: 'text', middleName: 'text', lastName: 'text', searchName: 'text', birthDate: 'date', birthYear: 'int', sex: 'Sex', settlementId: 'uuid', address: 'text', phone: 'text', email: 'text' },
    plan.clients.map((c) => [c.id, centerId, c.kind, c.firstName, c.middleName, c.lastName, toSearchName([c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ')), day(c.birthDate), c.birthYear, c.sex, c.settlementId, c.address, c.phone, c.email]));
  await insert(db, 'HouseholdMember', { centerId: 'uuid', householdId: 'uuid', clientId: 'uuid', relationship: 'Relationship', isPrimaryCaregiver: 'boolean' },
    plan.members.map((m) => [centerId, m.householdId, m.clientId, m.relationship, m.primary]));
  await insert(db, 'Case', { id: 'uuid', centerId: 'uuid', number: 'text', childId: 'uuid', householdId: 'uuid', status: 'CaseStatus', intakeRoute: 'IntakeRoute', referralDate: 'date', requestDate: 'date', requestNumber: 'text', legalReferrer: 'LegalReferrer', referralDocumentNumber: 'text', referralDocumentDate: 'date', leadWorkerId: 'uuid', firstSessionOn: 'date', closedOn: 'date', closureOutcome: 'ClosureOutcome' },
    plan.cases.map((c) => [c.id, centerId, c.number, c.personId, c.householdId, c.status, c.intakeRoute, day(c.referralDate), day(c.requestDate), c.requestNumber, c.legalReferrer, c.documentNumber, day(c.documentDate), c.leadWorkerId, day(c.firstSessionOn), day(c.closedOn), c.closureOutcome]));
  // The case's history says where it stood when it came in.
  await insert(db, 'CaseStatusChange', { centerId: 'uuid', caseId: 'uuid', toStatus: 'CaseStatus', changedAt: 'timestamp', changedById: 'uuid', note: 'text' },
    plan.cases.map((c) => [centerId, c.id, c.status, at(c.closedOn ?? c.referralDate), membershipId, `${IMPORT_WORDS.importedFromRecords.bg} / ${IMPORT_WORDS.importedFromRecords.en}`]));
  await insert(db, 'GroupProgramParticipant', { id: 'uuid', centerId: 'uuid', programId: 'uuid', clientId: 'uuid', enrolledOn: 'date' },
    plan.participants.map((p) => [p.id, centerId, p.programId, p.clientId, day(p.enrolledOn)]));
  await insert(db, 'GroupMeeting', { id: 'uuid', centerId: 'uuid', programId: 'uuid', startsAt: 'timestamp', durationMinutes: 'int', mode: 'DeliveryMode', settlementId: 'uuid', status: 'GroupMeetingStatus', statusChangedAt: 'timestamp' },
    plan.meetings.map((m) => [m.id, centerId, m.programId, at(m.startsAt), m.durationMinutes, m.mode, m.settlementId, 'HELD', at(now())]));
  await insert(db, 'Attendance', { centerId: 'uuid', meetingId: 'uuid', participantId: 'uuid', present: 'boolean' },
    plan.attendances.map((a) => [centerId, a.meetingId, a.participantId, a.present]));
  await insert(db, 'Session', { id: 'uuid', centerId: 'uuid', startsAt: 'timestamp', durationMinutes: 'int', serviceId: 'uuid', format: 'SessionFormat', kind: 'SessionKind', mode: 'DeliveryMode', settlementId: 'uuid', caseId: 'uuid', groupMeetingId: 'uuid', createdById: 'uuid' },
    plan.sessions.map((s) => [s.id, centerId, at(s.startsAt), s.durationMinutes, s.serviceId, s.format, s.kind, s.mode, s.settlementId, s.caseId, s.groupMeetingId, membershipId]));
  await insert(db, 'SessionClient', { centerId: 'uuid', sessionId: 'uuid', clientId: 'uuid' },
    plan.sessions.flatMap((s) => s.clientIds.map((c) => [centerId, s.id, c])));
  await insert(db, 'SessionStaff', { centerId: 'uuid', sessionId: 'uuid', membershipId: 'uuid' },
    plan.sessions.flatMap((s) => s.staffIds.map((m) => [centerId, s.id, m])));

  // One event for the whole import: what came in, in numbers (never one per row).
  ctx.audit.record('CREATE', 'HistoryImport', null, { fileName, ...report.counts });
  return { ...report, ms: { ...report.ms, write: Math.round(performance.now() - started) }, imported: true };
}

const CHUNK = 5000;

/** Rows into a table, one statement per chunk: INSERT … SELECT FROM unnest(arrays), values as text cast to their column's type. */
async function insert(db: Context['db'], table: string, columns: Record<string, string>, rows: unknown[][]): Promise<void> {
  const names = Object.keys(columns);
  const types = Object.values(columns);
  const cast = (type: string, i: number) => {
    const v = `x.c${i}`;
    if (type === 'timestamp') return `(${v}::timestamptz AT TIME ZONE 'UTC')`;
    if (['uuid', 'text', 'date', 'int', 'boolean'].includes(type)) return `${v}::${type}`;
    return `${v}::"${type}"`;
  };
  const sql = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')})
    SELECT ${types.map(cast).join(', ')} FROM unnest(${names.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS x(${names.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = names.map((_, i) => chunk.map((r) => (r[i] == null ? null : String(r[i]))));
    await db.$executeRawUnsafe(sql, ...arrays);
  }
}
