import { stringify } from 'csv-stringify/sync';

/** A CSV cell: text, or a number the code computed (never a string that merely looks numeric). */
export type CsvCell = string | number | null;

/**
 * CSV for spreadsheet programs, through csv-stringify (the `csv` project's writer): RFC 4180
 * quoting, CRLF rows, a BOM so the Cyrillic opens as UTF-8, and `escape_formulas` (OWASP's CSV
 * injection advice): every text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return (or their full-width forms) gets a leading apostrophe, so it opens as text and never
 * runs as a formula. Only a value of type number keeps a leading minus: `-1+1+cmd|' /C calc'!A0`
 * is text and is neutralised, a computed -3 stays a number. Center names, labels and every
 * other text go through here.
 */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: { excel?: 'bg' } = {}): string {
  return stringify(
    // NaN and ±Infinity are no figures: written as text, so '-Infinity' is neutralised too.
    rows.map((row) => row.map((cell) => (typeof cell === 'number' && !Number.isFinite(cell) ? String(cell) : cell))),
    {
      escape_formulas: true,
      record_delimiter: 'windows',
      bom: true,
      // Bulgarian Excel (Windows regional settings bg-BG) splits a CSV at semicolons and reads a
      // decimal comma: 2,5 is a number there, 2.5 a date or text. A number stays a number.
      ...(options.excel === 'bg' ? { delimiter: ';', cast: { number: (n: number) => String(n).replace('.', ',') } } : {}),
    },
  );
}
