import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { columnKeyOf, norm, sheetKindOf, sheetOf, SHEETS, type SheetKind, type SheetSpec } from './sheets.ts';

// Reading and writing the import's file. XLSX with exceljs (the maintained, MIT-licensed reader
// and writer of Office Open XML workbooks), CSV with csv-parse (node-csv's parser): both well kept
// and without native parts. Nothing here touches the database.

export type Cell = string | number | boolean | Date | null;
export type FileRow = { row: number; cells: Record<string, Cell> };
export type FileSheet = { kind: SheetKind; name: string; rows: FileRow[] };
export type ReadProblem = { sheet: string; row: number; column: string | null; messageKey: 'importUnreadable' | 'importUnknownSheet' | 'importTooManyRows' | 'importNoRows'; params?: Record<string, string | number> };
export type ReadFile = { sheets: FileSheet[]; problems: ReadProblem[] };

/** More rows than any center's history (Kazanlak's ten years are about 22,000). */
export const MAX_IMPORT_ROWS = 100_000;

export async function readImportFile(bytes: Uint8Array, fileName: string): Promise<ReadFile> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": an XLSX is a zip
  try {
    const file = isZip ? await readXlsx(bytes) : readCsv(bytes, fileName);
    const total = file.sheets.reduce((n, s) => n + s.rows.length, 0);
    if (total > MAX_IMPORT_ROWS) return { sheets: [], problems: [{ sheet: '', row: 0, column: null, messageKey: 'importTooManyRows', params: { max: MAX_IMPORT_ROWS } }] };
    if (total === 0 && file.problems.length === 0) file.problems.push({ sheet: '', row: 0, column: null, messageKey: 'importNoRows' });
    return file;
  } catch {
    return { sheets: [], problems: [{ sheet: '', row: 0, column: null, messageKey: 'importUnreadable' }] };
  }
}

async function readXlsx(bytes: Uint8Array): Promise<ReadFile> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const sheets: FileSheet[] = [];
  const problems: ReadProblem[] = [];
  workbook.eachSheet((ws) => {
    const kind = sheetKindOf(ws.name);
    if (!kind) {
      if (ws.actualRowCount > 0) problems.push({ sheet: ws.name, row: 0, column: null, messageKey: 'importUnknownSheet', params: { sheet: ws.name } });
      return;
    }
    const grid: { row: number; values: Cell[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cellValue(cell.value);
      });
      grid.push({ row: rowNumber, values });
    });
    sheets.push(toSheet(kind, ws.name, grid, problems));
  });
  return { sheets, problems };
}

function readCsv(bytes: Uint8Array, fileName: string): ReadFile {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Excel in a Bulgarian locale writes ";" between fields.
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parseCsv(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const problems: ReadProblem[] = [];
  const header = records[0] ?? [];
  // Which kind: the file's name if it names one (clients.csv, Сесии.csv), else the sheet whose headers fit best.
  const byName = sheetKindOf(fileName.replace(/\.csv$/i, ''));
  const kind = byName ?? bestFit(header);
  if (!kind) return { sheets: [], problems: [{ sheet: fileName, row: 1, column: null, messageKey: 'importUnknownSheet', params: { sheet: fileName } }] };
  const grid = records.map((values, i) => ({ row: i + 1, values: values.map((v) => (v.trim() === '' ? null : v)) as Cell[] }));
  return { sheets: [toSheet(kind, fileName, grid, problems)], problems };
}

function bestFit(header: string[]): SheetKind | null {
  let best: { kind: SheetKind; n: number } | null = null;
  for (const spec of SHEETS) {
    const n = header.filter((h) => columnKeyOf(spec, h)).length;
    if (n > 0 && (!best || n > best.n)) best = { kind: spec.kind, n };
  }
  return best?.kind ?? null;
}

/** Rows keyed by column: the first row is the header, a second row of headers (the English ones) is skipped. */
function toSheet(kind: SheetKind, name: string, grid: { row: number; values: Cell[] }[], problems: ReadProblem[]): FileSheet {
  const spec = sheetOf(kind);
  const [head, ...rest] = grid;
  if (!head) return { kind, name, rows: [] };
  const keys = head.values.map((v) => (v == null ? null : columnKeyOf(spec, String(v))));
  if (!keys.some(Boolean)) problems.push({ sheet: name, row: head.row, column: null, messageKey: 'importUnknownSheet', params: { sheet: name } });
  const isHeaderRow = (values: Cell[]) => values.some((v) => v != null) && values.every((v, i) => v == null || (typeof v === 'string' && columnKeyOf(spec, v) === keys[i]));
  const rows: FileRow[] = [];
  for (const line of rest) {
    if (isHeaderRow(line.values)) continue;
    if (line.values.every((v) => v == null || (typeof v === 'string' && v.trim() === ''))) continue;
    const cells: Record<string, Cell> = {};
    keys.forEach((key, i) => {
      if (key) cells[key] = line.values[i] ?? null;
    });
    rows.push({ row: line.row, cells });
  }
  return { kind, name, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value == null) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
  }
  return null;
}

// ── The template ────────────────────────────────────────────────────────────────────────

/** The XLSX template: one sheet per kind, Bulgarian headers, English headers in the second row, a note on each with what it takes. */
export async function importTemplateXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Opora';
  for (const spec of SHEETS) {
    const ws = workbook.addWorksheet(spec.bg);
    ws.addRow(spec.columns.map((c) => c.bg)).font = { bold: true };
    ws.addRow(spec.columns.map((c) => c.en)).font = { italic: true, color: { argb: 'FF666666' } };
    spec.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = Math.max(14, c.bg.length + 2);
      if (c.hint) ws.getCell(1, i + 1).note = c.hint;
    });
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** One kind's CSV template: the Bulgarian headers, then the English ones. */
export function importTemplateCsv(kind: SheetKind): string {
  const spec: SheetSpec = sheetOf(kind);
  const line = (cells: string[]) => cells.map((c) => (/[",;\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return `\ufeff${line(spec.columns.map((c) => c.bg))}\r\n${line(spec.columns.map((c) => c.en))}\r\n`;
}

export { norm };
