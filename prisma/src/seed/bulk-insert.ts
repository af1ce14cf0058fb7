// Writing many generated rows at once: each chunk of rows goes as one JSON parameter into one
// INSERT … SELECT that reads it with json_populate_recordset. It writes what Prisma's createMany
// writes, chunk for chunk (the same columns; a row that leaves out a column gets NULL, or the
// column's default where it has one; the same number of statements, so statement triggers fire
// as often), with a fraction of the work: createMany's query building and its thousands of
// parameters were most of the demo seed's time on PGlite. Inside a Prisma transaction, on PGlite
// and PostgreSQL alike.
import type { Prisma } from '../client.ts';

type Field = { name: string; kind: string; dbName?: string | null };
type RuntimeModel = { dbName?: string | null; fields: Field[] };
type Column = { name: string; default: string | null };
type Columns = Map<string, Column>;

/** Rows per statement, as the seed's createMany chunks were. */
export const ROWS_PER_STATEMENT = 1000;

export type InsertRows = (model: Prisma.ModelName, rows: readonly object[]) => Promise<void>;

/** insertRows for one transaction (it reads each table's columns once). */
export function rowInserter(tx: Prisma.TransactionClient): InsertRows {
  const columnsByTable = new Map<string, Promise<Columns>>();
  return async (model, rows) => {
    if (rows.length === 0) return;
    const runtime = (tx as unknown as { _runtimeDataModel?: { models: Record<string, RuntimeModel> } })._runtimeDataModel?.models[model];
    if (!runtime) throw new Error(`insertRows: the Prisma client knows no model ${model}`);
    const table = runtime.dbName ?? model;
    let columns = columnsByTable.get(table);
    if (!columns) columnsByTable.set(table, (columns = columnsOf(tx, table)));
    const fields = new Map(runtime.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum').map((f) => [f.name, f.dbName ?? f.name]));
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      await insertChunk(tx, model, table, fields, await columns, rows.slice(i, i + ROWS_PER_STATEMENT) as Record<string, unknown>[]);
    }
  };
}

async function insertChunk(tx: Prisma.TransactionClient, model: string, table: string, fields: Map<string, string>, columns: Columns, rows: Record<string, unknown>[]): Promise<void> {
  // Every field a row sets (undefined is "not set", as in createMany), in first-seen order.
  const used = new Map<string, { column: string; inEvery: boolean }>();
  rows.forEach((row, index) => {
    for (const [key, value] of Object.entries(row)) {
      if (value === undefined || used.has(key)) continue;
      const column = fields.get(key);
      if (!column) throw new Error(`insertRows: ${model} has no scalar field ${key}`);
      if (!columns.has(column)) throw new Error(`insertRows: table ${table} has no column ${column}`);
      used.set(key, { column, inEvery: index === 0 });
    }
  });
  for (const [key, u] of used) if (u.inEvery) u.inEvery = rows.every((r) => r[key] !== undefined);

  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, u] of used) {
        const value = row[key];
        if (value !== undefined) out[u.column] = toJson(value);
      }
      return out;
    }),
  );
  const list = [...used.values()].map((u) => quoteIdent(u.column)).join(', ');
  // A column some rows leave out: those rows get its default, as createMany's DEFAULT gives them
  // (json_populate_recordset alone would give NULL).
  const partial = [...used.values()].filter((u) => !u.inEvery && columns.get(u.column)!.default !== null);
  const t = quoteIdent(table);
  const sql = partial.length
    ? `INSERT INTO ${t} (${list}) SELECT ${[...used.values()]
        .map((u) => (partial.includes(u) ? `CASE WHEN e.j ? ${quoteLiteral(u.column)} THEN r.${quoteIdent(u.column)} ELSE ${columns.get(u.column)!.default} END` : `r.${quoteIdent(u.column)}`))
        .join(', ')} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(j, n) CROSS JOIN LATERAL jsonb_populate_record(NULL::${t}, e.j) r ORDER BY e.n`
    : `INSERT INTO ${t} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${t}, $1::json)`;
  await tx.$executeRawUnsafe(sql, json);
}

async function columnsOf(tx: Prisma.TransactionClient, table: string): Promise<Columns> {
  const rows = await tx.$queryRawUnsafe<Column[]>(
    `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    quoteIdent(table),
  );
  return new Map(rows.map((r) => [r.name, r]));
}

// JSON as json_populate_recordset reads it into each column's type: instants as ISO text (a
// timestamp without time zone drops the Z, so it keeps the UTC time, as Prisma writes it; a date
// takes the day), bytes as bytea's hex text, arrays as arrays.
function toJson(value: unknown): unknown {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return value.map(toJson);
  return value;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
