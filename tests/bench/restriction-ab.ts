// The restriction-of-processing policies, one InitPlan per column (20261204163000) against one
// per table (20261205140500), interleaved on the same database: each sample is a transaction
// that sets the policies of the caseload's and case page's tables to one form (ALTER POLICY,
// rolled back after), signs in as a worker of the Plovdiv center and reads each statement's
// execution time from EXPLAIN ANALYZE.
//   npx tsx bench/restriction-ab.ts [--db opora_bench_gap] [--runs 200]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { summarize, ms } from './measure.ts';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'opora_bench_gap' }, runs: { type: 'string', default: '200' } } });
const server = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const url = new URL(server);
url.pathname = `/${args.db}`;
const client = new pg.Client({ connectionString: url.toString() });
await client.connect();

const TABLES: [string, string[]][] = [
  ['Case', ['id', 'childId']], ['CaseTargetGroup', ['caseId']], ['Session', ['id', 'caseId']], ['Assessment', ['id', 'caseId']],
  ['SupportPlan', ['id', 'caseId']], ['CaseParticipant', ['caseId', 'clientId']], ['Attachment', ['clientId', 'caseId', 'assessmentId', 'supportPlanId', 'consentId', 'contractId']],
];
const q = (c: string) => `"${c}"`;
const perColumn = (cols: string[]) => cols.map((c) => `NOT coalesce(${q(c)} = ANY((SELECT app_restricted_records())::uuid[]), false)`).join(' AND ');
const perTable = (cols: string[]) => (cols.length === 1 ? perColumn(cols) : `NOT coalesce(ARRAY[${cols.map(q).join(', ')}]::uuid[] && (SELECT app_restricted_records())::uuid[], false)`);
const alter = (form: (cols: string[]) => string) => TABLES.map(([t, cols]) => `ALTER POLICY restriction_of_processing ON ${q(t)} USING (${form(cols)}) WITH CHECK (${form(cols)})`).join('; ');

const [who] = (await client.query(`SELECT m."centerId", u.id FROM "User" u JOIN "Membership" m ON m."userId" = u.id WHERE u.email = 'worker@plovdiv.opora.test' AND m."centerId" IS NOT NULL`)).rows;
const [rich] = (await client.query(`SELECT "caseId" AS id FROM "Session" WHERE "centerId" = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, [who.centerId])).rows;
const STATEMENTS: [string, string, unknown[]][] = [
  ['caseload page (Case, its child, target groups)', `SELECT c.id, c."childId", (SELECT cl."lastName" FROM "Client" cl WHERE cl."centerId" = c."centerId" AND cl.id = c."childId"),
     (SELECT array_agg(g."targetGroupId") FROM "CaseTargetGroup" g WHERE g."centerId" = c."centerId" AND g."caseId" = c.id)
     FROM "Case" c WHERE c.status = ANY($1::"CaseStatus"[]) ORDER BY c."referralDate" DESC, c.id DESC LIMIT 11`, [['REFERRED', 'ASSESSMENT', 'SUPPORT_PLAN', 'ACTIVE']]],
  ['case page lists (sessions, assessments, plans, participants, attachments of one case)', `SELECT (SELECT count(*) FROM "Session" s WHERE s."caseId" = $1), (SELECT count(*) FROM "Assessment" a WHERE a."caseId" = $1),
     (SELECT count(*) FROM "SupportPlan" p WHERE p."caseId" = $1), (SELECT count(*) FROM "CaseParticipant" x WHERE x."caseId" = $1), (SELECT count(*) FROM "Attachment" f WHERE f."caseId" = $1)`, [rich.id]],
];
const RUNS = Number(args.runs);
const samples: Record<string, Record<string, number[]>> = { 'per column (before)': {}, 'per table (after)': {} };
for (let i = 0; i < RUNS + 10; i++) {
  const order = i % 2 === 0 ? (['per column (before)', 'per table (after)'] as const) : (['per table (after)', 'per column (before)'] as const);
  for (const variant of order) {
    await client.query('BEGIN');
    try {
      await client.query(alter(variant.startsWith('per column') ? perColumn : perTable));
      await client.query(`SELECT set_config('app.center_id', $1, true), set_config('app.user_id', $2, true), set_config('role', 'opora_app', true)`, [who.centerId, who.id]);
      for (const [name, text, params] of STATEMENTS) {
        // PostgreSQL's own execution time (planning and the round trip left out: the machine is shared).
        const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
        if (i >= 10) (samples[variant]![name] ??= []).push(rows[0]['QUERY PLAN'][0]['Execution Time'] as number);
      }
    } finally {
      await client.query('ROLLBACK');
    }
  }
}
for (const [name] of STATEMENTS) {
  const a = summarize(samples['per column (before)']![name]!);
  const b = summarize(samples['per table (after)']![name]!);
  console.log(`${name}: per column ${ms(a.p50)} (p95 ${ms(a.p95)}), per table ${ms(b.p50)} (p95 ${ms(b.p95)}), after ÷ before ${(b.p50 / a.p50).toFixed(2)}× (${RUNS} interleaved samples each)`);
}
await client.end();
