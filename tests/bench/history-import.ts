// The history import (issue #19 item 3) under `pnpm bench`: a center's past as the generated file
// (tests/src/support/history-file.ts: Kazanlak's ten years, 1,630 cases and 18,760 sessions; a
// tenth of it with --quick), sent to the server's own doors as the manager's screen sends it:
// POST /import/check (the dry run) and POST /import (all or nothing). Each on a database of its
// own (a copy of the bench's), so the other sections' data never changes.
import type { Database } from '@opora/prisma/db';
import { benchServer } from './bench-server.ts';
import { historyRows, historyXlsx } from '../src/support/history-file.ts';
import { GraphQLClient, ms } from './measure.ts';

export const IMPORT_SECTION = '8. History import (the generated file, through the server)';

export type ImportFigures = {
  cases: number;
  sessions: number;
  /** Rows in the file (every sheet, headers excluded). */
  rows: number;
  bytes: number;
  dryRunMs: number;
  importMs: number;
  /** The server's own split (reading the file, checking, writing). */
  server: { dry: Record<string, number>; import: Record<string, number> };
  imported: Record<string, number>;
};

type Report = { ms: Record<string, number>; counts: Record<string, number>; refused: unknown[]; imported?: boolean };

export async function measureHistoryImport(database: Database, options: { quick: boolean; email: string; password: string; log: (line: string) => void }): Promise<ImportFigures> {
  const app = benchServer(database);
  const url = await app.listen(0, '127.0.0.1');
  try {
    const manager = await new GraphQLClient(url).login(options.email, options.password);
    // The manager's center's services and a colleague, as the file names them.
    const [{ services, staff }] = (await database.prisma.$queryRawUnsafe<{ services: string[]; staff: string | null }[]>(
      `SELECT ARRAY(SELECT s."nameBg" FROM "CenterService" s WHERE s."centerId" = m."centerId" AND s.active ORDER BY s."nameBg") AS services,
              (SELECT u2.email FROM "Membership" m2 JOIN "User" u2 ON u2.id = m2."userId" WHERE m2."centerId" = m."centerId" AND m2.role <> 'MANAGER' ORDER BY u2.email LIMIT 1) AS staff
         FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 AND m."centerId" IS NOT NULL LIMIT 1`,
      options.email,
    )) as [{ services: string[]; staff: string | null }];
    const cases = options.quick ? 163 : 1630;
    const sessions = options.quick ? 1876 : 18_760;
    const rows = historyRows({ cases, sessions, services, ...(staff ? { staffEmail: staff } : {}), prefix: `BENCH-${Date.now().toString(36).toUpperCase()}` });
    const file = await historyXlsx(rows);
    const rowCount = Object.values(rows).reduce((sum, sheet) => sum + sheet.length, 0);
    options.log(`history import: ${cases} cases, ${sessions} sessions (${rowCount.toLocaleString('en')} rows, ${Math.round(file.length / 1024)} KB)…`);
    const send = async (path: string): Promise<{ ms: number; status: number; report: Report }> => {
      const started = performance.now();
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: manager.authorization!, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('history.xlsx') },
        body: file,
      });
      const body = (await res.json()) as { report?: Report; errors?: unknown };
      const took = performance.now() - started;
      if (!body.report) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      return { ms: took, status: res.status, report: body.report };
    };
    const dry = await send('/import/check');
    if (dry.report.refused.length) throw new Error(`the dry run refused ${dry.report.refused.length} rows: ${JSON.stringify(dry.report.refused.slice(0, 3))}`);
    options.log(`  dry run ${ms(dry.ms)}`);
    const done = await send('/import');
    if (done.status !== 201) throw new Error(`/import: HTTP ${done.status}`);
    options.log(`  import ${ms(done.ms)}`);
    return { cases, sessions, rows: rowCount, bytes: file.length, dryRunMs: dry.ms, importMs: done.ms, server: { dry: dry.report.ms, import: done.report.ms }, imported: done.report.counts };
  } finally {
    await app.close();
  }
}

/** The section's rows for the report. */
export function importRows(f: ImportFigures) {
  const perS = (ms: number) => `${Math.round(f.rows / (ms / 1000)).toLocaleString('en')} rows/s`;
  const split = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
  const file = `${f.cases.toLocaleString('en')} cases, ${f.sessions.toLocaleString('en')} sessions: ${f.rows.toLocaleString('en')} rows, ${Math.round(f.bytes / 1024)} KB XLSX`;
  return [
    { section: IMPORT_SECTION, measure: `dry run (POST /import/check), ${file}`, figure: `${ms(f.dryRunMs)} · ${perS(f.dryRunMs)}`, baseline: '', ratio: '', goal: 'report', result: '—' as const },
    { section: IMPORT_SECTION, measure: `  the server's split`, figure: split(f.server.dry), baseline: '', ratio: '', goal: 'report', result: '—' as const },
    { section: IMPORT_SECTION, measure: `import, all or nothing (POST /import), the same file`, figure: `${ms(f.importMs)} · ${perS(f.importMs)}`, baseline: '', ratio: '', goal: 'report', result: '—' as const },
    { section: IMPORT_SECTION, measure: `  the server's split`, figure: split(f.server.import), baseline: '', ratio: '', goal: 'report', result: '—' as const },
    { section: IMPORT_SECTION, measure: `  imported`, figure: Object.entries(f.imported).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', '), baseline: '', ratio: '', goal: 'report', result: '—' as const },
  ];
}
