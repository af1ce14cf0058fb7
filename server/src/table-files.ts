import ExcelJS from 'exceljs';
import type { TableFile, TableFileCell } from '@opora/schema';
import { csvDocument, type CsvCell } from './csv.ts';

// A screen's table (schema: aggregateTableFile) written as a file people open in Excel.
// XLSX through ExcelJS (exceljs on npm, MIT, maintained; SheetJS's current builds are served only
// from its own CDN, which this deployment does not reach). CSV through csv.ts for Bulgarian Excel:
// semicolons, decimal commas, a UTF-8 BOM, formula neutralising.
// A hidden figure is the text „x (скрито)“ in both, never a number; a figure is a number.

const MISSING = '—';

function csvCell(cell: TableFileCell): CsvCell {
  switch (cell.kind) {
    case 'figure':
      return cell.value;
    case 'hidden':
    case 'text':
      return cell.text;
    case 'empty':
      return MISSING;
  }
}

export function tableCsv(file: TableFile): string {
  const rows: CsvCell[][] = [
    ...file.heading.map((line) => [line]),
    [],
    file.header,
    ...file.rows.map((row) => row.map(csvCell)),
    [],
    ...file.notes.map((line) => [line]),
  ];
  return csvDocument(rows, { excel: 'bg' });
}

const NUMBER_FORMAT: Record<string, string> = { SHARE: '0%', HOURS: '0.0', FTE: '0.0', RATIO: '0.0', DAYS: '0.0' };

export async function tableXlsx(file: TableFile): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Opora';
  const sheet = workbook.addWorksheet(file.sheetName || 'Opora');
  // Every text goes in as a typed string (never a formula), so a name beginning with "=" stays text.
  for (const [i, line] of file.heading.entries()) {
    const row = sheet.addRow([line]);
    if (i === 0) row.font = { bold: true, size: 13 };
  }
  sheet.addRow([]);
  const header = sheet.addRow(file.header);
  header.font = { bold: true };
  for (const cells of file.rows) {
    const row = sheet.addRow(cells.map((c) => (c.kind === 'figure' ? c.value : csvCell(c))));
    cells.forEach((c, i) => {
      const target = row.getCell(i + 1);
      if (c.kind === 'figure') target.numFmt = NUMBER_FORMAT[c.unit] ?? '0';
      if (c.kind === 'hidden') {
        target.alignment = { horizontal: 'right' };
        target.font = { italic: true, color: { argb: 'FF5B6A71' } };
        if (c.note) target.note = c.note;
      }
    });
  }
  const last = sheet.lastRow;
  if (last) last.font = { bold: true };
  sheet.addRow([]);
  for (const line of file.notes) sheet.addRow([line]).font = { italic: true };
  sheet.getColumn(1).width = 36;
  for (let c = 2; c <= file.header.length; c++) sheet.getColumn(c).width = 18;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
