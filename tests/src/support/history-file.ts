import ExcelJS from 'exceljs';

// A center's history as a file for the import (schema/src/import/), generated deterministically:
// the same arguments give the same rows. The default is Kazanlak's ten years as its own
// description counts them: 1,630 cases and 18,760 consultations and therapies.

export type HistoryOptions = {
  cases?: number;
  sessions?: number;
  /** The center's service names to spread the sessions over (as the center calls them). */
  services: readonly string[];
  /** A staff member's email for every session (else the importing manager). */
  staffEmail?: string;
  /** A group programme of the center: that many held meetings with attendance. */
  group?: { program: string; meetings: number; perMeeting: number };
  /** Case numbers' prefix (unique in the center). */
  prefix?: string;
};

export type HistoryRows = Record<'clients' | 'households' | 'householdMembers' | 'cases' | 'sessions' | 'groupAttendance', (string | number | Date | null)[][]>;

const FIRST = ['Иван', 'Мария', 'Георги', 'Елена', 'Димитър', 'Йорданка', 'Николай', 'Цветелина', 'Стоян', 'Радостина', 'Христо', 'Щилияна'];
const MIDDLE = ['Петров', 'Иванова', 'Стоянов', 'Георгиева', null];
const LAST = ['Петров', 'Иванова', 'Димитров', 'Колева', 'Жеков', 'Чолакова', 'Цанков', 'Юрукова', 'Шишманов', 'Ангелова'];
const KINDS = ['CONSULTATION', 'THERAPY', 'CONSULTATION', 'MEDIATION', 'TRAINING'];

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

export function historyRows(options: HistoryOptions): HistoryRows {
  const cases = options.cases ?? 1630;
  const sessions = options.sessions ?? 18_760;
  const prefix = options.prefix ?? 'KZL-ARCH';
  const rows: HistoryRows = { clients: [], households: [], householdMembers: [], cases: [], sessions: [], groupAttendance: [] };
  const start = Date.UTC(2015, 0, 5);
  const perCase = Math.floor(sessions / cases);
  const extra = sessions % cases;
  let sessionNo = 0;
  for (let i = 0; i < cases; i++) {
    const c = `C${i + 1}`;
    const h = `H${Math.floor(i / 2) + 1}`;
    // Each person a different birth day: no two rows of the file are the same person.
    const birth = addDays(new Date(Date.UTC(2004, 0, 1)), i * 3);
    rows.clients.push([c, 'CHILD', FIRST[i % FIRST.length]!, MIDDLE[i % MIDDLE.length] ?? null, LAST[(i * 7) % LAST.length]!, dayText(birth), null, i % 2 ? 'жена' : 'мъж', null, null, null, null]);
    if (i % 2 === 0) rows.households.push([h, `Семейство ${LAST[(i * 7) % LAST.length]}`, null, null]);
    rows.householdMembers.push([h, c, 'CHILD', 'не']);
    // Referrals spread over ten years (2015–2024), every one long closed or still active.
    const referral = addDays(new Date(start), Math.floor((i * 3600) / cases));
    const count = perCase + (i < extra ? 1 : 0);
    const closed = i % 10 !== 0;
    const route = i % 3 === 0 ? 'REQUEST' : i % 3 === 1 ? 'REFERRAL' : null;
    rows.cases.push([
      `K${i + 1}`, `${prefix}-${String(i + 1).padStart(4, '0')}`, c, h, closed ? 'CLOSED' : 'ACTIVE', route, dayText(referral),
      route === 'REQUEST' ? dayText(referral) : null, null,
      route === 'REFERRAL' ? 'CHILD_PROTECTION_DEPARTMENT' : null, route === 'REFERRAL' ? `ОЗД-${i + 1}` : null, route === 'REFERRAL' ? dayText(addDays(referral, -2)) : null,
      null, closed ? dayText(addDays(referral, 7 * (count + 1) + 3)) : null, closed ? 'GOALS_MET' : null,
    ]);
    for (let j = 0; j < count; j++) {
      sessionNo++;
      const when = addDays(referral, 7 * (j + 1));
      rows.sessions.push([
        `S${sessionNo}`, `K${i + 1}`, null, `${dayText(when)} ${pad(9 + (j % 8))}:00`, 45 + 15 * (j % 3),
        options.services[(i + j) % options.services.length]!, KINDS[(i + j) % KINDS.length]!, null, null, options.staffEmail ?? null,
      ]);
    }
  }
  if (options.group) {
    for (let m = 0; m < options.group.meetings; m++) {
      const when = addDays(new Date(Date.UTC(2023, 1, 6)), 7 * m);
      for (let p = 0; p < options.group.perMeeting; p++) {
        rows.groupAttendance.push([options.group.program, `${dayText(when)} 16:00`, 90, `C${p + 1}`, p % 5 === 4 ? 'не' : 'да']);
      }
    }
  }
  return rows;
}

const SHEET_NAMES: Record<keyof HistoryRows, [string, string[]]> = {
  clients: ['Потребители', ['Номер във файла', 'Вид', 'Име', 'Презиме', 'Фамилия', 'Дата на раждане', 'Година на раждане', 'Пол', 'Населено място (ЕКАТТЕ)', 'Адрес', 'Телефон', 'Имейл']],
  households: ['Домакинства', ['Номер във файла', 'Наименование', 'Населено място (ЕКАТТЕ)', 'Адрес']],
  householdMembers: ['Членове на домакинства', ['Домакинство (номер във файла)', 'Потребител (номер във файла)', 'Родство', 'Основен грижещ се']],
  cases: ['Случаи', ['Номер във файла', 'Номер на случая', 'Потребител (номер във файла)', 'Домакинство (номер във файла)', 'Етап', 'Постъпване', 'Дата на постъпване', 'Дата на заявлението', 'Входящ номер на заявлението', 'Насочващ орган', 'Номер на направлението', 'Дата на направлението', 'Водещ специалист (имейл)', 'Дата на закриване', 'Резултат при закриване']],
  sessions: ['Сесии', ['Номер във файла', 'Случай (номер във файла)', 'Потребители (номера във файла, със запетая)', 'Начало', 'Продължителност (мин.)', 'Услуга', 'Вид', 'Начин на предоставяне', 'Населено място (ЕКАТТЕ)', 'Специалисти (имейли, със запетая)']],
  groupAttendance: ['Групово присъствие', ['Групова програма (наименование)', 'Начало на срещата', 'Продължителност (мин.)', 'Потребител (номер във файла)', 'Присъствал']],
};

/** The rows as an XLSX workbook shaped like the template (Bulgarian headers; rows from the second). */
export async function historyXlsx(rows: HistoryRows): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [kind, [name, headers]] of Object.entries(SHEET_NAMES) as [keyof HistoryRows, [string, string[]]][]) {
    const ws = workbook.addWorksheet(name);
    ws.addRow(headers);
    for (const row of rows[kind]) ws.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One kind's rows as CSV (the Bulgarian headers first). */
export function historyCsv(kind: keyof HistoryRows, rows: HistoryRows): string {
  const cell = (v: string | number | Date | null) => {
    const s = v == null ? '' : v instanceof Date ? dayText(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [SHEET_NAMES[kind][1], ...rows[kind]].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
