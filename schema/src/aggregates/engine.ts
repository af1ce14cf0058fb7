// Reads indicators from the rollup tables and publishes them through suppression.ts. Every
// aggregate the API or a CSV download returns is built here, so no path skips suppression.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Context, Locale } from '../context.ts';
import { invalidFields, oporaError } from '../support/errors.ts';
import { setting } from '@opora/common/config';
import { ENUM_LABELS, indicatorDef, type Dimension, type IndicatorCode, type IndicatorDef } from './catalogue.ts';
import {
  ALL,
  NONE,
  SEP,
  derive,
  hidden,
  keyOf,
  lastMonth,
  medianOf,
  mergeSmallSettlements,
  partsOf,
  publishAdditive,
  publishDistinct,
  publishMonthly,
  relabelKeys,
  publishTable,
  share,
  shown,
  suppressionThreshold,
  publishYears,
  additiveYears,
  type Published,
  type PublishedTable,
  type Reason,
  type TableValues,
  type YearSystem,
} from './suppression.ts';
import { combineTable, familyTables, publishFamilies, viewOf, type SolvedSystem, type SolvedTable } from './systems.ts';
import { digestOf, familiesOf, monthCellsOf, type SystemSpec } from './municipal-system.ts';
import { decide, forgetDecisions, knownDecision, rememberDecision, type Decision, type DecisionKey } from './decider.ts';
import { cellsPerCenter, centerVersions, clearCenterCells } from './center-cells.ts';

export const MAX_MONTHS = 120;

// Read once at start: a bad OPORA_SUPPRESSION_K stops the service instead of weakening it.
export const K = suppressionThreshold();

export type Period = { from: string; to: string; months: string[] };
/** Whose activity: these centers; and, for a municipality's residents, only people living there. */
export type Scope = { centerIds: string[]; residenceMunicipalityId: string | null; municipal?: MunicipalViewpoint };
/** A municipality's two overlapping tables (its residents anywhere, the centers on its territory): one protected system. */
export type MunicipalViewpoint = {
  /**
   * NETWORK: a network's centers and every breakdown of them as one system (the same machinery:
   * its tables are the territory side's, with the residence as a breakdown like any other, and
   * `municipalityId` holds the network's id).
   */
  viewer?: 'MUNICIPALITY' | 'NETWORK';
  municipalityId: string;
  residentCenterIds: string[];
  territoryCenterIds: string[];
  side: 'RESIDENTS' | 'TERRITORY';
};

export type CellOut = { key: string[]; value: Published };
export type TableOut = {
  indicator: IndicatorDef;
  dims: Dimension[];
  period: Period;
  /** False when the figure exists only for a month, a calendar quarter or a calendar year. */
  periodPublished: boolean;
  cells: CellOut[];
  margins: CellOut[];
  total: Published;
  months: { month: string; cells: CellOut[]; total: Published }[];
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whole months only ("YYYY-MM" to "YYYY-MM"): nothing shorter than a month can be asked for. */
export function parsePeriod(input: { from: string; to: string }, locale: Locale, now = new Date()): Period {
  const issues: { path: string; messageKey: 'invalidMonth' | 'periodOrder' | 'periodTooLong' | 'periodInFuture' }[] = [];
  const from = MONTH.exec(input.from.trim());
  const to = MONTH.exec(input.to.trim());
  if (!from) issues.push({ path: 'period.from', messageKey: 'invalidMonth' });
  if (!to) issues.push({ path: 'period.to', messageKey: 'invalidMonth' });
  if (from && to) {
    const a = Number(from[1]) * 12 + Number(from[2]) - 1;
    const b = Number(to[1]) * 12 + Number(to[2]) - 1;
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (b < a) issues.push({ path: 'period.to', messageKey: 'periodOrder' });
    else if (b - a + 1 > MAX_MONTHS) issues.push({ path: 'period', messageKey: 'periodTooLong' });
    else if (b > current) issues.push({ path: 'period.to', messageKey: 'periodInFuture' });
    if (issues.length === 0) {
      const months: string[] = [];
      for (let m = a; m <= b; m++) months.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
      return { from: months[0]!, to: months[months.length - 1]!, months };
    }
  }
  throw invalidFields(locale, issues.map((i) => ({ ...i, params: { max: MAX_MONTHS } })));
}

export const yearPeriod = (year: number): Period => {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return { from: months[0]!, to: months[11]!, months };
};

const firstDay = (month: string) => `${month}-01`;

/** The calendar years a period touches, whole (additive counts are suppressed a year at a time). */
export function wholeYears(period: Period): Period {
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4));
  const months: string[] = [];
  for (let y = first; y <= last; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);
  return { from: months[0]!, to: months[months.length - 1]!, months };
}

// ───────────────────────────── freshness, versions and caches ─────────────────────────────
//
// Published tables depend only on the rollups, the catalogue and the scope, never on who asks,
// so they are cached per process under the rollups' version (moved by every refresh that
// rebuilds anything) and the catalogue's (moved by any change to centers, places or kinds).
// A reader first refreshes and reads both versions in one statement, so a cached table is never
// older than the data the reader's own transaction can see. lru-cache bounds the memory. A
// network's cells and systems are also kept per center under that center's own months' versions
// (center-cells.ts), so a change at one center does not make the network read every center again.

type Versions = { data: string; catalogue: string };
type RequestState = {
  versions?: Promise<Versions>;
  labels?: Promise<Labels>;
  tables: Map<string, Promise<TableOut>>;
  totals: Map<string, Promise<TotalsRow[]>>;
  /** When this request began reading a system's cells, and how long it had then until its deadline. */
  systemReads?: { from: number; budget: number };
};
const perRequest = new WeakMap<Context, RequestState>();
function state(ctx: Context): RequestState {
  let s = perRequest.get(ctx);
  if (!s) perRequest.set(ctx, (s = { tables: new Map(), totals: new Map() }));
  return s;
}

const tableCache = new LRUCache<string, TableOut>({ max: 400 });
const refreshedCache = new LRUCache<string, { at: Date | null }>({ max: 400 });
let labelsCache: { catalogue: string; labels: Labels } | null = null;

const otherCaches = new Set<() => void>();
/** Caches built on these versions elsewhere (the server's whole answers) empty with these. */
export function registerAggregateCache(clear: () => void): void {
  otherCaches.add(clear);
}

/** Empties this process's caches (the benchmark measures the first read after a change with it). */
export function clearAggregateCaches(): void {
  tableCache.clear();
  systemCache.clear();
  solvedCache.clear();
  networkCache.clear();
  clearCenterCells();
  centerSystems.clear();
  centerTables.clear();
  forgetDecisions();
  refreshedCache.clear();
  labelsCache = null;
  for (const clear of otherCaches) clear();
}

/** Where the figures are read: the replica's transaction when the request has one, else the request's own. */
const figuresDb = (ctx: Context) => ctx.aggregateDb ?? ctx.db;

/** Rebuilds the months changed since the last read (in this request's transaction) and reads the versions, once per request. */
export function ensureFresh(ctx: Context): Promise<Versions> {
  const s = state(ctx);
  return (s.versions ??= figuresDb(ctx)
    .$queryRawUnsafe<{ version: bigint | string; catalogue_version: bigint | string }[]>(
      `SELECT version::text AS version, catalogue_version::text AS catalogue_version FROM aggregate_current()`,
    )
    .then(([row]) => ({ data: String(row!.version), catalogue: String(row!.catalogue_version) })));
}

/** When the rollups behind these centers were last rebuilt. */
export async function refreshedAt(ctx: Context, centerIds: string[]): Promise<Date | null> {
  const v = await ensureFresh(ctx);
  const key = `${v.data}|${[...centerIds].sort().join(',')}`;
  const hit = refreshedCache.get(key);
  if (hit) return hit.at;
  const [row] = await figuresDb(ctx).$queryRawUnsafe<{ at: Date | null }[]>(
    `SELECT max("refreshedAt") AS at FROM "RollupMonth" WHERE "centerId" = ANY($1::uuid[])`,
    centerIds,
  );
  const at = row?.at ?? null;
  refreshedCache.set(key, { at });
  return at;
}

type Named = { nameBg: string; nameEn: string };
export type CenterInfo = Named & { id: string; code: string; municipalityId: string; networkId: string | null; licensedCapacity: number };
export type Labels = {
  centers: Map<string, CenterInfo>;
  serviceKinds: Map<string, Named & { code: string }>;
  targetGroups: Map<string, Named & { code: string }>;
  municipalities: Map<string, Named & { code: string }>;
  settlements: Map<string, Named & { code: string; municipalityId: string }>;
};

export function labels(ctx: Context): Promise<Labels> {
  const s = state(ctx);
  return (s.labels ??= (async () => {
    const { catalogue } = await ensureFresh(ctx);
    if (labelsCache?.catalogue === catalogue) return labelsCache.labels;
    const [centers, serviceKinds, targetGroups, municipalities, settlements] = await Promise.all([
      figuresDb(ctx).center.findMany({
        select: { id: true, code: true, nameBg: true, nameEn: true, municipalityId: true, networkId: true, licensedCapacity: true },
        orderBy: { code: 'asc' },
      }),
      figuresDb(ctx).serviceKind.findMany({ select: { id: true, code: true, nameBg: true, nameEn: true } }),
      figuresDb(ctx).targetGroup.findMany({ select: { id: true, code: true, nameBg: true, nameEn: true } }),
      figuresDb(ctx).municipality.findMany({ select: { id: true, code: true, nameBg: true, nameEn: true } }),
      figuresDb(ctx).settlement.findMany({ select: { id: true, ekatte: true, nameBg: true, nameEn: true, municipalityId: true } }),
    ]);
    const loaded: Labels = {
      centers: new Map(centers.map((c) => [c.id, c])),
      serviceKinds: new Map(serviceKinds.map((x) => [x.id, x])),
      targetGroups: new Map(targetGroups.map((x) => [x.id, x])),
      municipalities: new Map(municipalities.map((x) => [x.id, x])),
      settlements: new Map(settlements.map((x) => [x.id, { ...x, code: x.ekatte }])),
    };
    labelsCache = { catalogue, labels: loaded };
    return loaded;
  })());
}

export type Label = { dimension: Dimension; code: string; nameBg: string; nameEn: string };

const OTHER_PREFIX = 'OTHER:';

/** How a person reads a cell's dimension value. Ids stay internal; codes are public catalogue codes. */
export function labelOf(dimension: Dimension, value: string, l: Labels): Label {
  if (value === ALL) return { dimension, code: 'ALL', nameBg: 'Общо', nameEn: 'Total' };
  if (value === NONE) return { dimension, code: 'NOT_RECORDED', nameBg: 'Не е посочено', nameEn: 'Not recorded' };
  if (value.startsWith(OTHER_PREFIX)) {
    const m = l.municipalities.get(value.slice(OTHER_PREFIX.length));
    return {
      dimension,
      code: `OTHER_${m?.code ?? 'UNKNOWN'}`,
      nameBg: `Други населени места в община ${m?.nameBg ?? ''}`.trim(),
      nameEn: `Other settlements of ${m?.nameEn ?? 'the municipality'}`,
    };
  }
  const from = (map: Map<string, Named & { code: string }>) => {
    const x = map.get(value);
    return x ? { dimension, code: x.code, nameBg: x.nameBg, nameEn: x.nameEn } : { dimension, code: value, nameBg: value, nameEn: value };
  };
  switch (dimension) {
    case 'CENTER':
      return from(l.centers);
    case 'SERVICE_KIND':
      return from(l.serviceKinds);
    case 'TARGET_GROUP':
      return from(l.targetGroups);
    case 'RESIDENCE_MUNICIPALITY':
      return from(l.municipalities);
    case 'SETTLEMENT':
      return from(l.settlements);
    default: {
      const names = ENUM_LABELS[dimension]?.[value];
      return { dimension, code: value, nameBg: names?.[0] ?? value, nameEn: names?.[1] ?? value };
    }
  }
}

// ───────────────────────────── sources ─────────────────────────────

type Source = { table: string; columns: Partial<Record<Dimension, string>>; residence: boolean };

const PERSON_COLUMNS = {
  RESIDENCE_MUNICIPALITY: '"residenceMunicipalityId"',
  SETTLEMENT: '"settlementId"',
  AGE_BAND: '"ageBand"',
  SEX: '"sex"',
} as const;

const SOURCES = {
  activity: {
    table: 'RollupActivity',
    residence: true,
    columns: { CENTER: '"centerId"', SERVICE_KIND: '"serviceKindId"', SESSION_KIND: '"sessionKind"', DELIVERY_MODE: '"mode"', ...PERSON_COLUMNS },
  },
  cases: { table: 'RollupCase', residence: true, columns: { CENTER: '"centerId"', CLOSURE_OUTCOME: '"closureOutcome"', ...PERSON_COLUMNS } },
  attendance: {
    table: 'RollupAttendance',
    residence: false,
    columns: { CENTER: '"centerId"', SERVICE_KIND: '"serviceKindId"', PROGRAM_KIND: '"programKind"', DELIVERY_MODE: '"mode"' },
  },
  openAccess: {
    table: 'RollupOpenAccess',
    residence: true,
    columns: { CENTER: '"centerId"', SERVICE_KIND: '"serviceKindId"', CONTACT_CHANNEL: '"channel"', TARGET_GROUP: '"targetGroupId"', ...PERSON_COLUMNS },
  },
  staff: { table: 'RollupStaff', residence: false, columns: { CENTER: '"centerId"' } },
  waiting: { table: 'RollupWaiting', residence: false, columns: { CENTER: '"centerId"' } },
  deadlines: { table: 'RollupDeadline', residence: false, columns: { CENTER: '"centerId"' } },
} satisfies Record<string, Source>;

/** A column of the coarse totals (RollupCenterPeriod / RollupResidentPeriod). */
type TotalColumn = 'sessions' | 'minutes' | 'newCases' | 'closedCases' | 'activeCases' | 'contacts' | 'people';

/** One summable measure: where the fine rows are and, when it has one, its column in the coarse totals. */
type Measure = { source: Source; value: string; filter?: string; total?: TotalColumn };

const MEASURES = {
  sessions: { source: SOURCES.activity, value: 'sum(sessions)', total: 'sessions' },
  minutes: { source: SOURCES.activity, value: 'sum(minutes)', total: 'minutes' },
  newCases: { source: SOURCES.cases, value: 'sum(cases)', filter: `AND measure = 'NEW'`, total: 'newCases' },
  closedCases: { source: SOURCES.cases, value: 'sum(cases)', filter: `AND measure = 'CLOSED'`, total: 'closedCases' },
  activeCases: { source: SOURCES.cases, value: 'sum(cases)', filter: `AND measure = 'ACTIVE'`, total: 'activeCases' },
  meetings: { source: SOURCES.attendance, value: 'sum(meetings)' },
  attendances: { source: SOURCES.attendance, value: 'sum(attendances)' },
  contacts: { source: SOURCES.openAccess, value: 'sum(contacts)', total: 'contacts' },
  people: { source: SOURCES.openAccess, value: 'sum(people)', total: 'people' },
  fte: { source: SOURCES.staff, value: 'sum(fte)' },
} satisfies Record<string, Measure>;

/** A row of the coarse totals: one center (and residence) in one month, quarter or year. */
type TotalsRow = { grain: string; p: string; c: string; clients: number } & Record<TotalColumn, number | null>;

/**
 * Every coarse total of a scope over a period, in one statement once per request: a network's
 * side-by-side reads five measures and the distinct clients from the same rows (150 centers ×
 * 17 periods), and asking for each apart cost a statement and a pass over the rows apiece.
 */
function coarseTotals(ctx: Context, period: Period, scope: Scope): Promise<TotalsRow[]> {
  const table = scope.residenceMunicipalityId ? 'RollupResidentPeriod' : 'RollupCenterPeriod';
  const key = [table, period.from, period.to, scope.residenceMunicipalityId ?? '', ...scope.centerIds].join('|');
  const s = state(ctx);
  let rows = s.totals.get(key);
  if (!rows) {
    const params: unknown[] = [firstDay(period.from), firstDay(period.to), scope.centerIds];
    if (scope.residenceMunicipalityId) params.push(scope.residenceMunicipalityId);
    rows = figuresDb(ctx).$queryRawUnsafe<TotalsRow[]>(
      `SELECT "grain"::text AS grain, to_char("periodStart", 'YYYY-MM') AS p, "centerId"::text AS c, "clients",
              "sessions", "minutes", "newCases", "closedCases", "activeCases", "contacts", "people"
         FROM "${table}"
        WHERE "periodStart" >= $1::date AND "periodStart" <= $2::date AND "centerId" = ANY($3::uuid[])
          ${scope.residenceMunicipalityId ? 'AND "residenceMunicipalityId" = $4::uuid' : ''}`,
      ...params,
    );
    s.totals.set(key, rows);
  }
  return rows;
}

/** Whether the coarse totals can answer: only the center (or nothing) as a breakdown. */
const byCenterOnly = (dims: readonly Dimension[]) => dims.every((d) => d === 'CENTER');

/** Month cells of one measure: month → (dimension values → value). Column names come only from SOURCES and MEASURES. */
async function monthCells(
  ctx: Context,
  measure: Measure,
  dims: readonly Dimension[],
  period: Period,
  scope: Scope,
  extraDim?: string,
): Promise<Map<string, TableValues>> {
  const { source, value, filter = '' } = measure;
  if (measure.total && !extraDim && byCenterOnly(dims)) {
    // One row per center and month: the side-by-side and residents' tables read these.
    const column = measure.total;
    const out = new Map<string, TableValues>();
    for (const row of await coarseTotals(ctx, period, scope)) {
      const v = row[column];
      if (row.grain !== 'MONTH' || v === null) continue;
      const key = keyOf(dims.length ? [row.c] : []);
      const cells = out.get(row.p) ?? new Map<string, number>();
      cells.set(key, (cells.get(key) ?? 0) + Number(v));
      out.set(row.p, cells);
    }
    return out;
  }
  const columns = dims.map((d) => {
    const c = source.columns[d];
    if (!c) throw new Error(`${source.table} has no ${d}`);
    return c;
  });
  if (extraDim) columns.push(extraDim);
  const width = columns.length;
  if (scope.residenceMunicipalityId && !source.residence) throw new Error(`${source.table} knows no residence`);
  const params: unknown[] = [firstDay(period.from), firstDay(period.to), scope.centerIds];
  let where = `"month" >= $1::date AND "month" <= $2::date AND "centerId" = ANY($3::uuid[])`;
  if (scope.residenceMunicipalityId) {
    params.push(scope.residenceMunicipalityId);
    where += ` AND "residenceMunicipalityId" = $4::uuid`;
  }
  // Grouped on the raw values, turned into text after: formatting every fine row before grouping
  // took half the time of a network's staff read (12,792 rows into 1,800).
  const select = columns.map((c, i) => `${c} AS d${i}`);
  const sql = `SELECT to_char(g.m, 'YYYY-MM') AS m${columns.map((_, i) => `, g.d${i}::text AS d${i}`).join('')}, g.v
                 FROM (SELECT "month" AS m${select.map((x) => `, ${x}`).join('')}, (${value})::float8 AS v
                         FROM "${source.table}" WHERE ${where} ${filter}
                        GROUP BY 1${columns.map((_, i) => `, ${i + 2}`).join('')}) AS g`;
  const rows = await figuresDb(ctx).$queryRawUnsafe<Record<string, string | number | null>[]>(sql, ...params);
  const out = new Map<string, TableValues>();
  for (const row of rows) {
    const m = String(row.m);
    const key = keyOf(Array.from({ length: width }, (_, i) => (row[`d${i}`] as string | null) ?? NONE));
    const cells = out.get(m) ?? new Map<string, number>();
    cells.set(key, (cells.get(key) ?? 0) + Number(row.v));
    out.set(m, cells);
  }
  return out;
}

/**
 * monthCells for several centers, split by center (the first dimension must be CENTER): center →
 * month → cells, keyed as monthCells keys them. The caller must not change the maps: they are kept
 * (center-cells.ts).
 */
async function monthCellsByCenter(ctx: Context, measure: Measure, dims: readonly Dimension[], period: Period, scope: Scope): Promise<Map<string, Map<string, TableValues>>> {
  if (dims[0] !== 'CENTER') throw new Error('monthCellsByCenter: the first dimension is the center');
  if (measure.total && byCenterOnly(dims)) return byCenter(await monthCells(ctx, measure, dims, period, scope));
  if (scope.residenceMunicipalityId) return readMonthCellsByCenter(ctx, measure, dims, period, scope);
  // Each center's cells are kept under its months' versions: after a change only its centers are read.
  const what = JSON.stringify([measure.source.table, measure.value, measure.filter ?? '', dims]);
  return cellsPerCenter(ctx, figuresDb(ctx), what, scope.centerIds, { from: firstDay(period.from), to: firstDay(period.to) }, (centerIds) =>
    readMonthCellsByCenter(ctx, measure, dims, period, { centerIds, residenceMunicipalityId: null }),
  );
}

/**
 * monthCellsByCenter from the database. Each center's month comes as one JSON object (a network's
 * breakdown is ~100,000 fine groups; one row each cost more in the driver than the grouping itself).
 */
async function readMonthCellsByCenter(ctx: Context, measure: Measure, dims: readonly Dimension[], period: Period, scope: Scope): Promise<Map<string, Map<string, TableValues>>> {
  const { source, value, filter = '' } = measure;
  const columns = dims.map((d) => {
    const c = source.columns[d];
    if (!c) throw new Error(`${source.table} has no ${d}`);
    return c;
  });
  if (scope.residenceMunicipalityId && !source.residence) throw new Error(`${source.table} knows no residence`);
  const params: unknown[] = [firstDay(period.from), firstDay(period.to), scope.centerIds];
  let where = `"month" >= $1::date AND "month" <= $2::date AND "centerId" = ANY($3::uuid[])`;
  if (scope.residenceMunicipalityId) {
    params.push(scope.residenceMunicipalityId);
    where += ` AND "residenceMunicipalityId" = $4::uuid`;
  }
  // The key as keyOf makes it: the values as text, a missing one NONE, joined by SEP.
  const key = `concat_ws('${SEP}'${columns.map((_, i) => `, coalesce(g.d${i}::text, '${NONE}')`).join('')})`;
  const sql = `SELECT g.d0::text AS c, to_char(g.m, 'YYYY-MM') AS m, json_object_agg(${key}, g.v)::text AS cells
                 FROM (SELECT "month" AS m${columns.map((c, i) => `, ${c} AS d${i}`).join('')}, (${value})::float8 AS v
                         FROM "${source.table}" WHERE ${where} ${filter}
                        GROUP BY 1${columns.map((_, i) => `, ${i + 2}`).join('')}) AS g
                GROUP BY g.d0, g.m`;
  const rows = await figuresDb(ctx).$queryRawUnsafe<{ c: string | null; m: string; cells: string }[]>(sql, ...params);
  const out = new Map<string, Map<string, TableValues>>();
  for (const row of rows) {
    const center = row.c ?? NONE;
    let months = out.get(center);
    if (!months) out.set(center, (months = new Map()));
    months.set(row.m, new Map(Object.entries(JSON.parse(row.cells) as Record<string, number>)));
  }
  return out;
}

function settlementRule(dims: readonly Dimension[], l: Labels) {
  const dim = dims.indexOf('SETTLEMENT');
  if (dim < 0) return undefined;
  return { dim, other: (s: string) => `${OTHER_PREFIX}${l.settlements.get(s)?.municipalityId ?? 'UNKNOWN'}` };
}

// ───────────────────────────── tables ─────────────────────────────

type Built = { period: PublishedTable; months: { month: string; table: PublishedTable }[]; periodPublished?: boolean };

/** One indicator over a period, broken down by `dims` (at most two), for a scope. Memoized per request. */
export function indicatorTable(ctx: Context, code: IndicatorCode, dims: Dimension[], period: Period, scope: Scope): Promise<TableOut> {
  const def = indicatorDef(code);
  const memo = JSON.stringify([code, dims, period.from, period.to, scope]);
  const s = state(ctx);
  let table = s.tables.get(memo);
  if (!table) {
    table = (async () => {
      const v = await ensureFresh(ctx);
      const cacheKey = `${v.data}|${v.catalogue}|${memo}`;
      const hit = tableCache.get(cacheKey);
      if (hit) return hit;
      const l = await labels(ctx);
      const built = shape(def, dims, period, await build(ctx, def, dims, period, scope, l));
      tableCache.set(cacheKey, built);
      return built;
    })();
    s.tables.set(memo, table);
  }
  return table;
}

async function build(ctx: Context, def: IndicatorDef, dims: Dimension[], period: Period, scope: Scope, l: Labels): Promise<Built> {
  const settlement = settlementRule(dims, l);
  const options = { k: K, dims: dims.length, ...(settlement ? { settlement } : {}) };
  const additive = (measure: Measure) => additiveTable(ctx, measure, dims, period, scope, l);
  const stock = async (measure: Measure) =>
    scope.municipal && measure.source.residence
      ? municipalStock(ctx, measure, dims, period, scope, l)
      : publishMonthly(await monthCells(ctx, measure, dims, period, scope), period.months, options);
  switch (def.code) {
    case 'SESSIONS':
      return additive(MEASURES.sessions);
    case 'NEW_CASES':
      return additive(MEASURES.newCases);
    case 'CLOSED_CASES':
      return additive(MEASURES.closedCases);
    case 'GROUP_MEETINGS':
      return additive(MEASURES.meetings);
    case 'GROUP_ATTENDANCES':
      return additive(MEASURES.attendances);
    case 'OPEN_ACCESS_CONTACTS':
      return additive(MEASURES.contacts);
    case 'OPEN_ACCESS_PEOPLE':
      return additive(MEASURES.people);
    case 'ACTIVE_CASES': {
      const r = await stock(MEASURES.activeCases);
      return { months: r.months, period: lastMonth(r.months) ?? new Map() };
    }
    case 'SESSION_HOURS':
      return sessionHours(ctx, dims, period, scope, l);
    case 'CLIENTS_SERVED':
      return clientsServed(ctx, dims, period, scope, l);
    case 'STAFF_FTE': {
      const fte = await staffFte(ctx, dims, period, scope);
      return { months: fte, period: lastMonth(fte) ?? new Map() };
    }
    case 'CASELOAD_PER_FTE':
    case 'CAPACITY_USE': {
      const active = await stock(MEASURES.activeCases);
      const fte = await staffFte(ctx, dims, period, scope);
      const capacity = (key: string): number => {
        const center = dims[0] === 'CENTER' ? partsOf(key)[0] : ALL;
        return center === ALL ? scope.centerIds.reduce((s, id) => s + (l.centers.get(id)?.licensedCapacity ?? 0), 0) : l.centers.get(center!)?.licensedCapacity ?? 0;
      };
      const per = (cases: PublishedTable, staff: PublishedTable | undefined): PublishedTable => {
        const out: PublishedTable = new Map();
        const keys = new Set([...cases.keys(), ...(staff?.keys() ?? [])]);
        for (const key of keys) {
          const c = cases.get(key) ?? shown(0);
          if (def.code === 'CAPACITY_USE') out.set(key, derive([c], ([n]) => (capacity(key) > 0 ? n! / capacity(key) : null)));
          else out.set(key, derive([c, staff?.get(key) ?? shown(0)], ([n, f]) => (f! > 0 ? n! / f! : null)));
        }
        return out;
      };
      const months = active.months.map((m, i) => ({ month: m.month, table: per(m.table, fte[i]?.table) }));
      return { months, period: lastMonth(months) ?? new Map() };
    }
    case 'MEDIAN_DAYS_TO_FIRST_SESSION':
    case 'MEDIAN_DAYS_TO_ASSESSMENT': {
      const measure = def.code === 'MEDIAN_DAYS_TO_FIRST_SESSION' ? 'FIRST_SESSION' : 'ASSESSMENT_DONE';
      const cells = await monthCells(ctx, { source: SOURCES.waiting, value: 'sum(cases)', filter: `AND measure = '${measure}'` }, dims, period, scope, '"days"');
      const histograms = (months: readonly string[]): PublishedTable => {
        const byKey = new Map<string, Map<number, number>>();
        for (const m of months) {
          for (const [key, n] of cells.get(m) ?? []) {
            const parts = partsOf(key);
            const days = Number(parts.pop());
            const add = (k: string) => {
              const h = byKey.get(k) ?? new Map<number, number>();
              h.set(days, (h.get(days) ?? 0) + n);
              byKey.set(k, h);
            };
            add(keyOf(parts));
            if (dims.length > 0) add(keyOf(parts.map(() => ALL)));
          }
        }
        const out: PublishedTable = new Map();
        for (const [key, h] of byKey) out.set(key, medianOf(h, K));
        return out;
      };
      return { months: period.months.map((m) => ({ month: m, table: histograms([m]) })), period: histograms(period.months) };
    }
    case 'ASSESSMENTS_ON_TIME':
    case 'PLAN_REVIEWS_ON_TIME': {
      const kind = def.code === 'ASSESSMENTS_ON_TIME' ? 'ASSESSMENT' : 'PLAN_REVIEW';
      const due = await additive({ source: SOURCES.deadlines, value: 'sum(due)', filter: `AND kind = '${kind}'` });
      const done = await additive({ source: SOURCES.deadlines, value: 'sum("onTime")', filter: `AND kind = '${kind}'` });
      const shares = (d: PublishedTable, t: PublishedTable | undefined): PublishedTable => {
        const out: PublishedTable = new Map();
        for (const [key, dueValue] of d) out.set(key, share(t?.get(key) ?? shown(0), dueValue, K));
        return out;
      };
      return {
        months: due.months.map((m, i) => ({ month: m.month, table: shares(m.table, done.months[i]?.table) })),
        period: shares(due.period, done.period),
      };
    }
  }
}

/** An additive count, suppressed a calendar year at a time (the whole years are read). */
async function additiveTable(ctx: Context, measure: Measure, dims: Dimension[], period: Period, scope: Scope, l: Labels) {
  if (scope.municipal) return municipalAdditive(ctx, measure, dims, period, scope, l);
  const settlement = settlementRule(dims, l);
  // The network reads its centers alone and its centers by a breakdown: the centers' table is settled first.
  const firstLevel = dims.length === 2 && dims[0] === 'CENTER' ? 1 : undefined;
  const options = { k: K, dims: dims.length, ...(settlement ? { settlement } : {}), ...(firstLevel ? { firstLevel } : {}) };
  // A year's system is the same for every period inside it: decided once per data version.
  const v = await ensureFresh(ctx);
  const years = [...new Set(period.months.map((m) => m.slice(0, 4)))];
  const cacheKey = JSON.stringify(['table', v.data, v.catalogue, scope.centerIds, scope.residenceMunicipalityId, measure.source.table, measure.value, measure.filter ?? '', dims, years]);
  const systems = decidedOnce(cacheKey, async () => additiveYears(await monthCells(ctx, measure, dims, wholeYears(period), scope), years, options));
  return publishYears(await systems, period.months, options);
}

// Decided systems (one table's years, a municipality's years), per process under the data's
// version: the same key always names the same decisions. A failed decision is not kept.
const systemCache = new LRUCache<string, Promise<unknown>>({ max: 400 });
function decidedOnce<T>(key: string, decide: () => Promise<T>): Promise<T> {
  let hit = systemCache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = decide();
    systemCache.set(key, hit);
    hit.catch(() => systemCache.delete(key));
  }
  return hit;
}

// ───────────────────────────── a municipality's one system ─────────────────────────────

/** One year's system with its decision applied: its tables by name (a network's combined from its centers' on first use). */
type MunicipalYear = { table: (name: string) => SolvedTable | undefined; merged: Set<string> };
/** One year's system as read from the rollups, before its decision: the spec a worker decides. */
type PendingYear = { key: DecisionKey; spec: SystemSpec; merged: Set<string> };

/**
 * The breakdowns that are families of their own in a municipality's system: every one the
 * measure's rows know, whichever indicator asks (the center and the residence are in the base).
 */
function municipalFamilies(measure: Measure): Dimension[] {
  return (Object.keys(measure.source.columns) as Dimension[]).filter((d) => d !== 'CENTER' && d !== 'RESIDENCE_MUNICIPALITY').sort();
}

/** The name a measure's decisions are kept under (with `time`: months, quarters and year; else months alone). */
const measureName = (measure: Measure, time: boolean) => `${measure.source.table}|${measure.value}|${measure.filter ?? ''}|${time ? 'year' : 'months'}`;

/**
 * The municipality's systems of one measure for the calendar years of `months` (whole years):
 * every table and breakdown of one request, and of later requests, reads the same decisions.
 * The cells are read under the data's version; each year's decision is the one for exactly
 * those cells, decided in a worker thread (decider.ts) or read back from the database, and a
 * request waits for it until its deadline, then answers AGGREGATE_PREPARING.
 *
 * A network's systems: one per center (its cells by every breakdown), decided alone, so a change
 * at one center decides that center again and nothing else, and a network of many centers is
 * many small systems, not one large one. The figures over several centers are sums published
 * only when every part is (combineCenters in systems.ts). Its cells are read for every center at
 * once and its decisions looked up and waited for together: a request costs the same statements
 * and the same single wait whether the network has 2 centers or 150.
 */
async function municipalYears(ctx: Context, measure: Measure, months: readonly string[], vp: MunicipalViewpoint, l: Labels, time: boolean): Promise<Map<string, MunicipalYear>> {
  const pending = await pendingYears(ctx, measure, months, vp, l, time);
  const network = vp.viewer === 'NETWORK';
  const hits = new Map<string, MunicipalYear>();
  const undecided: PendingYear[] = [];
  for (const [year, ps] of pending) {
    const hit = network ? networkCache.get(networkKey(ps)) : municipalYear(ps[0]!);
    if (hit) hits.set(year, hit);
    else undecided.push(...ps);
  }
  const decisions = await decisionsOf(ctx, undecided);
  const out = new Map<string, MunicipalYear>();
  for (const [year, ps] of pending) {
    let y = hits.get(year);
    if (!y && network) networkCache.set(networkKey(ps), (y = networkYear(ps, decisions)));
    else if (!y) {
      const p = ps[0]!;
      solvedCache.set(p.key.digest, publishFamilies(familyTables(familiesOf(p.spec), { time: p.spec.time }), decisions.get(p.key.digest)!.hidden));
      y = municipalYear(p)!;
    }
    out.set(year, y);
  }
  return out;
}

/** A municipality's year already published in this process. */
function municipalYear(p: PendingYear): MunicipalYear | undefined {
  const solved = solvedCache.get(p.key.digest);
  return solved && { table: (name) => solved.tables.get(name), merged: p.merged };
}

// A network's years with their decisions applied, per process under their centers' digests.
const networkCache = new LRUCache<string, MunicipalYear>({ max: 100 });
const networkKey = (ps: readonly PendingYear[]) => ps.map((p) => `${p.key.scope}|${p.key.measure}|${p.key.year}|${p.key.digest}`).join('\n');

/**
 * A network's year from its centers' systems and decisions: a table is published for each center
 * and combined (combineTable) when first asked for, so a comparison by center publishes the
 * centers' base tables alone, not every breakdown of 150 systems.
 */
function networkYear(ps: readonly PendingYear[], decisions: ReadonlyMap<string, Decision>): MunicipalYear {
  const centers = ps.map((p) => ({ digest: p.key.digest, spec: p.spec, hidden: decisions.get(p.key.digest)!.hidden }));
  const tables = new Map<string, SolvedTable>();
  return {
    merged: new Set(ps.flatMap((p) => [...p.merged])),
    table: (name) => {
      let t = tables.get(name);
      if (!t) {
        const only = new Set([name]);
        // A center's table is a function of its system and decision, both named by the digest.
        const parts = centers.map((c) => {
          const key = `${c.digest}|${name}`;
          let part = centerTables.get(key);
          if (!part) centerTables.set(key, (part = { table: publishFamilies(familyTables(familiesOf(c.spec), { time: c.spec.time }, only), c.hidden).tables.get(name) }));
          return part.table;
        });
        if (parts.some((part) => !part)) return undefined;
        tables.set(name, (t = combineTable(parts as SolvedTable[], K)));
      }
      return t;
    },
  };
}

/**
 * Small settlements of a network's year: merged over all its centers, the same in every center's
 * system. Summed from the centers' cells by settlement (center × residence × settlement over whole
 * years), so it needs no read of its own; each center's totals are kept with its kept cells.
 */
function networkMerged(bySettlement: ReadonlyMap<string, Map<string, TableValues>>, year: string, l: Labels): Set<string> {
  const months = yearPeriod(Number(year)).months;
  const network: TableValues = new Map();
  for (const centerMonths of bySettlement.values()) {
    let years = settlementTotals.get(centerMonths);
    if (!years) settlementTotals.set(centerMonths, (years = new Map()));
    let totals = years.get(year);
    if (!totals) {
      years.set(year, (totals = new Map()));
      for (const month of months) {
        for (const [key, value] of centerMonths.get(month) ?? []) {
          const settlement = keyOf([partsOf(key)[2]!]);
          totals.set(settlement, (totals.get(settlement) ?? 0) + value);
        }
      }
    }
    for (const [settlement, value] of totals) network.set(settlement, (network.get(settlement) ?? 0) + value);
  }
  return mergeSmallSettlements(network, 0, K, settlementRule(['SETTLEMENT'], l)!.other).merged;
}
/** A center's year totals by settlement, with its cells (the same object while its months are unchanged). */
const settlementTotals = new WeakMap<Map<string, TableValues>, Map<string, TableValues>>();

/** Each year's systems before their decisions: one for a municipality, one per member center (sorted) for a network. */
async function pendingYears(ctx: Context, measure: Measure, months: readonly string[], vp: MunicipalViewpoint, l: Labels, time: boolean): Promise<Map<string, PendingYear[]>> {
  const v = await ensureFresh(ctx);
  const cacheKey = JSON.stringify(['municipal', v.data, v.catalogue, vp.municipalityId, measureName(measure, time), months[0], months[months.length - 1]]);
  warm.set(JSON.stringify([vp.municipalityId, measureName(measure, time), months[0], months[months.length - 1]]), { measure, months: [...months], vp, time });
  if (!systemCache.has(cacheKey)) mayReadAnotherSystem(ctx);
  return decidedOnce(cacheKey, async () => {
    if (vp.viewer === 'NETWORK') return networkSpecs(ctx, measure, municipalFamilies(measure), months, vp, l, time);
    const one = measure.source.residence
      ? await residenceSpecs(ctx, measure, municipalFamilies(measure), months, vp, l, time)
      : await territorySpecs(ctx, measure, municipalFamilies(measure), months, vp, l, time);
    return new Map([...one].map(([year, p]) => [year, [p]]));
  });
}

// What municipal viewers asked for in this process: decided again, off any request, after each
// rollup refresh (redecideMunicipal), so the next request finds its decision ready.
type Warm = { measure: Measure; months: string[]; vp: MunicipalViewpoint; time: boolean };
const warm = new LRUCache<string, Warm>({ max: 500 });

/**
 * After a refresh: reads the cells of every municipal system asked for in this process and
 * hands the systems whose cells changed to the workers, without waiting for their decisions.
 * `ctx` is a transaction as the aggregate role. Returns how many systems went to a worker.
 */
export async function redecideMunicipal(ctx: Context): Promise<number> {
  let queued = 0;
  const l = await labels(ctx);
  for (const w of [...warm.values()]) {
    const pending = await pendingYears(ctx, w.measure, w.months, w.vp, l, w.time);
    for (const p of [...pending.values()].flat()) {
      if (knownDecision(p.key.digest)) continue;
      queued++;
      decide(p.key, p.spec).catch(() => undefined);
    }
  }
  return queued;
}

/**
 * A request reads the cells of its first system whatever the time; another one only while at least
 * half of the time it had then is left. Past that it answers AGGREGATE_PREPARING, and the next
 * request finds the systems read so far in this process (kept under the data's version) and reads on:
 * on a busy machine a cold network comparison (150 centers, a system per center and measure) takes
 * a few requests instead of running past the transaction's deadline. A context asked without
 * waiting (prepare.ts: its deadline is the moment it was made) reads everything it asks for.
 */
function mayReadAnotherSystem(ctx: Context): void {
  if (ctx.deadline === undefined) return;
  const s = state(ctx);
  const now = Date.now();
  if (!s.systemReads) {
    s.systemReads = { from: now, budget: ctx.deadline - now };
    return;
  }
  if (s.systemReads.budget > 0 && ctx.deadline - now < s.systemReads.budget / 2) throw oporaError('AGGREGATE_PREPARING', 'aggregatePreparing', ctx.locale);
}

/** How long a request may wait for a decision: to its deadline (the server sets it), else most of the statement deadline. */
function waitBudget(ctx: Context): number {
  const deadline = ctx.deadline ?? Date.now() + Math.floor(setting('OPORA_QUERY_TIMEOUT_MS') * 0.75);
  return Math.max(0, Math.min(DECISION_WAIT_MS, deadline - Date.now()));
}
/**
 * A waiting request holds its database connection (PGlite's only one), so it waits briefly:
 * a decision the server did not prepare ahead is usually longer, and the screen asks again.
 */
const DECISION_WAIT_MS = 2_000;

/**
 * The decisions of systems, by digest. Each is the decision for exactly a system's cells (their
 * digest): from this process's memory, else from "AggregateDecision" (every system not in memory
 * in one statement), else decided in a worker. Every system not decided yet goes to the workers
 * at once, and the request waits for all of them together, up to its deadline (at most 2 s); past
 * it the request answers AGGREGATE_PREPARING and publishes nothing.
 */
async function decisionsOf(ctx: Context, ps: readonly PendingYear[]): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  const missing = new Map<string, PendingYear>();
  for (const p of ps) {
    const known = knownDecision(p.key.digest);
    if (known) decisions.set(p.key.digest, known);
    else missing.set(p.key.digest, p);
  }
  if (missing.size > 0) {
    const keys = [...missing.values()].map((p) => p.key);
    const rows = await figuresDb(ctx).$queryRawUnsafe<{ digest: string; hidden: Record<string, Reason>; decidedMs: number; figures: number }[]>(
      `SELECT d.digest, d.hidden, d."decidedMs", d.figures
         FROM "AggregateDecision" d
         JOIN unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS k(scope, measure, year, digest)
           ON d.scope = k.scope AND d.measure = k.measure AND d.year = k.year AND d.digest = k.digest`,
      keys.map((k) => k.scope),
      keys.map((k) => k.measure),
      keys.map((k) => k.year),
      keys.map((k) => k.digest),
    );
    for (const row of rows) {
      if (!missing.has(row.digest)) continue;
      const decision = { hidden: new Map(Object.entries(row.hidden)), ms: row.decidedMs, figures: row.figures };
      rememberDecision(row.digest, decision);
      decisions.set(row.digest, decision);
      missing.delete(row.digest);
    }
  }
  if (missing.size > 0) {
    // Every undecided system goes to the workers now, then one wait for all of them.
    const pending = Promise.all([...missing.values()].map((p) => decide(p.key, p.spec).then((d) => decisions.set(p.key.digest, d))));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitBudget(ctx))));
    try {
      if ((await Promise.race([pending, late])) === 'late') throw oporaError('AGGREGATE_PREPARING', 'aggregatePreparing', ctx.locale);
    } finally {
      clearTimeout(timer);
    }
  }
  return decisions;
}

/** Centers' cells together again: month → cells (the keys keep their center). */
function byMonth(centers: Map<string, Map<string, TableValues>>): Map<string, TableValues> {
  const out = new Map<string, TableValues>();
  for (const months of centers.values()) {
    for (const [month, cells] of months) {
      let into = out.get(month);
      if (!into) out.set(month, (into = new Map()));
      for (const [key, v] of cells) into.set(key, v);
    }
  }
  return out;
}

/** Cells by month split by their first position (the center): center → month → cells. */
function byCenter(cells: Map<string, TableValues>): Map<string, Map<string, TableValues>> {
  const out = new Map<string, Map<string, TableValues>>();
  for (const [month, values] of cells) {
    for (const [key, v] of values) {
      const center = partsOf(key)[0]!;
      let months = out.get(center);
      if (!months) out.set(center, (months = new Map()));
      let into = months.get(month);
      if (!into) months.set(month, (into = new Map()));
      into.set(key, v);
    }
  }
  return out;
}

/**
 * A network's systems, one per member center (scope "NETWORK:<network>/<center>"): the center's
 * cells by residence (group programmes: by center alone) and by every breakdown, small settlements
 * merged over the whole network (group programmes: over the center). The cells of every center
 * are read together, one statement per family whatever the number of centers, and split by center.
 */
async function networkSpecs(
  ctx: Context,
  measure: Measure,
  families: readonly Dimension[],
  months: readonly string[],
  vp: MunicipalViewpoint,
  l: Labels,
  time: boolean,
): Promise<Map<string, PendingYear[]>> {
  const centers = [...vp.territoryCenterIds].sort();
  const range: Period = { from: months[0]!, to: months[months.length - 1]!, months: [...months] };
  const at = { centerIds: centers, residenceMunicipalityId: null };
  const residence = measure.source.residence;
  const baseDims: Dimension[] = residence ? ['CENTER', 'RESIDENCE_MUNICIPALITY'] : ['CENTER'];
  const base = await monthCellsByCenter(ctx, measure, baseDims, range, at);
  const byFamily = new Map<Dimension, Map<string, Map<string, TableValues>>>();
  for (const f of families) byFamily.set(f, await monthCellsByCenter(ctx, measure, [...baseDims, f], range, at));
  const versions = await centerVersions(ctx, figuresDb(ctx), centers, { from: firstDay(range.from), to: firstDay(range.to) });
  const { catalogue } = await ensureFresh(ctx);
  const none = new Map<string, TableValues>();
  const out = new Map<string, PendingYear[]>();
  for (const year of [...new Set(months.map((m) => m.slice(0, 4)))]) {
    const networkWide = residence && families.includes('SETTLEMENT') ? networkMerged(byFamily.get('SETTLEMENT')!, year, l) : null;
    // A center's system is a function of its own months, the catalogue and the network's merged
    // settlements: kept under them, so a change at one center builds and digests one system again.
    const wide = networkWide ? createHash('sha256').update([...networkWide].sort().join(',')).digest('base64url') : '';
    out.set(
      year,
      centers.map((c) => {
        const keptKey = JSON.stringify([vp.viewer, vp.municipalityId, measureName(measure, time), families, year, range.from, range.to, c, versions.get(c) ?? '', catalogue, wide]);
        const kept = versions.has(c) ? centerSystems.get(keptKey) : undefined;
        if (kept) return kept;
        const one: MunicipalViewpoint = { ...vp, municipalityId: `${vp.municipalityId}/${c}`, territoryCenterIds: [c] };
        let merged = new Set<string>();
        const specFamilies: SystemSpec['families'] = families.map((f) => {
          let cells = yearMonths(byFamily.get(f)!.get(c) ?? none, year, months);
          if (f === 'SETTLEMENT' && networkWide) {
            // Small settlements merged over the whole network, the same in every center's system.
            merged = networkWide;
            const other = settlementRule(['SETTLEMENT'], l)!.other;
            cells = cells.map((m) => relabelKeys(m, 2, networkWide, other));
          } else if (f === 'SETTLEMENT') ({ cells, merged } = mergeSettlements(cells, 1, l));
          return { name: f, months: cells.map(monthCellsOf) };
        });
        const spec: SystemSpec = {
          kind: residence ? 'NETWORK' : 'TERRITORY',
          municipalityId: one.municipalityId,
          territory: [c],
          time,
          k: K,
          base: yearMonths(base.get(c) ?? none, year, months).map(monthCellsOf),
          families: specFamilies,
        };
        const pending = { key: decisionKey(one, measure, time, year, spec), spec, merged };
        if (versions.has(c)) centerSystems.set(keptKey, pending);
        return pending;
      }),
    );
  }
  return out;
}

// A network's centers' systems before their decisions, per process (networkSpecs says under what),
// and their published tables by digest and table name (networkYear).
const centerSystems = new LRUCache<string, PendingYear>({ max: 5_000 });
const centerTables = new LRUCache<string, { table: SolvedTable | undefined }>({ max: 10_000 });

/**
 * What knows no residence (group programmes), for a municipality: the centers on its territory,
 * over every breakdown at once. Base: the center (table T); each breakdown B adds center × B.
 */
async function territorySpecs(
  ctx: Context,
  measure: Measure,
  families: readonly Dimension[],
  months: readonly string[],
  vp: MunicipalViewpoint,
  l: Labels,
  time: boolean,
): Promise<Map<string, PendingYear>> {
  const range: Period = { from: months[0]!, to: months[months.length - 1]!, months: [...months] };
  const at = { centerIds: vp.territoryCenterIds, residenceMunicipalityId: null };
  const base = await monthCells(ctx, measure, ['CENTER'], range, at);
  const byFamily = new Map<Dimension, Map<string, TableValues>>();
  for (const f of families) byFamily.set(f, await monthCells(ctx, measure, ['CENTER', f], range, at));
  const out = new Map<string, PendingYear>();
  for (const year of [...new Set(months.map((m) => m.slice(0, 4)))]) {
    let merged = new Set<string>();
    const spec: SystemSpec = {
      kind: 'TERRITORY',
      municipalityId: vp.municipalityId,
      territory: [...vp.territoryCenterIds].sort(),
      time,
      k: K,
      base: yearMonths(base, year, months).map(monthCellsOf),
      families: families.map((f) => {
        let cells = yearMonths(byFamily.get(f)!, year, months);
        if (f === 'SETTLEMENT') ({ cells, merged } = mergeSettlements(cells, 1, l));
        return { name: f, months: cells.map(monthCellsOf) };
      }),
    };
    out.set(year, { key: decisionKey(vp, measure, time, year, spec), spec, merged });
  }
  return out;
}

const decisionKey = (vp: MunicipalViewpoint, measure: Measure, time: boolean, year: string, spec: SystemSpec): DecisionKey => ({
  scope: `${vp.viewer ?? 'MUNICIPALITY'}:${vp.municipalityId}`,
  measure: measureName(measure, time),
  year: Number(year),
  digest: digestOf(spec),
});

/** Twelve month maps of one calendar year out of cells by "YYYY-MM" (months outside `months` are empty). */
function yearMonths(cells: Map<string, TableValues>, year: string, months: readonly string[]): TableValues[] {
  return MONTH_INDEXES.map((i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    return months.includes(month) ? cells.get(month) ?? new Map<string, number>() : new Map<string, number>();
  });
}

/** Rule 2 over the whole system: a settlement with fewer than k in the year is "other settlements of <municipality>" in every table. */
function mergeSettlements(cells: TableValues[], dim: number, l: Labels): { cells: TableValues[]; merged: Set<string> } {
  const other = settlementRule(['SETTLEMENT'], l)!.other;
  const yearTotal: TableValues = new Map();
  for (const c of cells) for (const [key, value] of c) yearTotal.set(key, (yearTotal.get(key) ?? 0) + value);
  const merged = mergeSmallSettlements(yearTotal, dim, K, other).merged;
  return { cells: cells.map((c) => relabelKeys(c, dim, merged, other)), merged };
}

/**
 * A municipality's system, over every breakdown at once. Base: center × residence municipality,
 * where the center is on the territory or the person lives in the municipality; its tables are
 * the residents by center (R) and the territory by center × residence (T). Each breakdown B adds
 * the family center × residence × B, whose cells add up to the base cell they refine, with the
 * residents by B and the territory by center × B: an attacker who combines every breakdown the
 * municipality can ask for meets one set of decisions (municipal-system.ts).
 */
async function residenceSpecs(
  ctx: Context,
  measure: Measure,
  families: readonly Dimension[],
  months: readonly string[],
  vp: MunicipalViewpoint,
  l: Labels,
  time: boolean,
): Promise<Map<string, PendingYear>> {
  const range: Period = { from: months[0]!, to: months[months.length - 1]!, months: [...months] };
  const territory = new Set(vp.territoryCenterIds);
  const M = vp.municipalityId;
  // Finest cells: center × residence (× the breakdown's value) × month, where the center is on
  // the territory or the person lives in the municipality.
  const read = async (extra: Dimension[]) => {
    const onTerritory = await monthCells(ctx, measure, ['CENTER', 'RESIDENCE_MUNICIPALITY', ...extra], range, { centerIds: vp.territoryCenterIds, residenceMunicipalityId: null });
    const residents = await monthCells(ctx, measure, ['CENTER', 'RESIDENCE_MUNICIPALITY', ...extra], range, { centerIds: vp.residentCenterIds, residenceMunicipalityId: M });
    for (const [month, cells] of residents) {
      const into = onTerritory.get(month) ?? new Map<string, number>();
      for (const [key, value] of cells) {
        if (territory.has(partsOf(key)[0]!)) continue; // already read with its residence
        into.set(key, (into.get(key) ?? 0) + value);
      }
      onTerritory.set(month, into);
    }
    return onTerritory;
  };
  const base = await read([]);
  const byFamily = new Map<Dimension, Map<string, TableValues>>();
  for (const f of families) byFamily.set(f, await read([f]));
  const out = new Map<string, PendingYear>();
  for (const year of [...new Set(months.map((m) => m.slice(0, 4)))]) {
    let merged = new Set<string>();
    const specFamilies: SystemSpec['families'] = [];
    for (const f of families) {
      let cells = yearMonths(byFamily.get(f)!, year, months);
      if (f === 'SETTLEMENT') ({ cells, merged } = mergeSettlements(cells, 2, l));
      specFamilies.push({ name: f, months: cells.map(monthCellsOf) });
    }
    const spec: SystemSpec = {
      kind: 'RESIDENCE',
      municipalityId: M,
      territory: [...vp.territoryCenterIds].sort(),
      time,
      k: K,
      base: yearMonths(base, year, months).map(monthCellsOf),
      families: specFamilies,
    };
    out.set(year, { key: decisionKey(vp, measure, time, year, spec), spec, merged });
  }
  return out;
}

// A system with its decision applied, per process under its digest: a change to this year's
// records leaves last year's decisions (and their cost) in place.
const solvedCache = new LRUCache<string, SolvedSystem>({ max: 400 });

const MONTH_INDEXES = Array.from({ length: 12 }, (_, i) => i);

/** How many dimensions a system table's keys have ("<period>#<key>"). */
function keyWidth(t: { values: TableValues }): number {
  for (const pk of t.values.keys()) return partsOf(pk.slice(pk.indexOf('#') + 1)).length;
  return 1;
}

/** The requested side's table of a municipal system, keyed as the request's dims. */
function municipalView(y: MunicipalYear, dims: readonly Dimension[], vp: MunicipalViewpoint): YearSystem {
  const side = vp.side;
  const b = side === 'RESIDENTS' ? dims[0] : dims[1];
  const family = b && b !== 'CENTER' && b !== 'RESIDENCE_MUNICIPALITY' ? b : null;
  const table = (name: string) => {
    const t = y.table(name);
    if (!t) throw new Error(`municipal system has no table ${name}`);
    return t;
  };
  if (side === 'RESIDENTS') return viewOf(table(family ? `${family}:R` : 'R'), 1, dims.length === 0 ? [] : [0], y.merged);
  // Territory (a network's centers alike): [CENTER], [CENTER, RESIDENCE_MUNICIPALITY] or
  // [CENTER, breakdown]; what knows no residence has a base table by center alone.
  if (!family && keyWidth(table('T')) === 1) return viewOf(table('T'), 1, [0], y.merged);
  return viewOf(table(family ? `${family}:T` : 'T'), 2, dims.length === 1 ? [0] : [0, 1], y.merged);
}

async function municipalAdditive(ctx: Context, measure: Measure, dims: Dimension[], period: Period, scope: Scope, l: Labels) {
  const vp = scope.municipal!;
  const years = await municipalYears(ctx, measure, wholeYears(period).months, vp, l, true);
  const systems = new Map<string, YearSystem>();
  for (const [year, y] of years) systems.set(year, municipalView(y, dims, vp));
  const settlement = dims.indexOf('SETTLEMENT');
  return publishYears(systems, period.months, { dims: dims.length, ...(settlement >= 0 ? { settlement: { dim: settlement } } : {}) });
}

/** Open cases at a month's end: each month its own system; whole years are read, so a month reads the same whatever period is asked. */
async function municipalStock(ctx: Context, measure: Measure, dims: Dimension[], period: Period, scope: Scope, l: Labels) {
  const vp = scope.municipal!;
  const years = await municipalYears(ctx, measure, wholeYears(period).months, vp, l, false);
  return {
    months: period.months.map((month) => {
      const view = municipalView(years.get(month.slice(0, 4))!, dims, vp);
      const prefix = `M${month.slice(5, 7)}#`;
      const values: TableValues = new Map();
      const hiddenKeys = new Set<string>();
      const reasons = new Map<string, Reason>();
      for (const [pk, value] of view.values) {
        if (!pk.startsWith(prefix)) continue;
        const key = pk.slice(prefix.length);
        values.set(key, value);
        if (view.hidden.has(pk)) {
          hiddenKeys.add(key);
          reasons.set(key, view.reasons!.get(pk)!);
        }
      }
      const grand = keyOf(dims.map(() => ALL));
      if (!values.has(grand)) values.set(grand, 0);
      return { month, table: publishTable(values, hiddenKeys, reasons) };
    }),
  };
}

// Hours follow the suppression of the sessions they come from (rule 5), cell by cell and month by month.
async function sessionHours(ctx: Context, dims: Dimension[], period: Period, scope: Scope, l: Labels): Promise<Built> {
  const settlement = settlementRule(dims, l);
  const sessions = await additiveTable(ctx, MEASURES.sessions, dims, period, scope, l);
  const minutes = await monthCells(ctx, MEASURES.minutes, dims, period, scope);
  const months = sessions.monthTables.map((t, i) => {
    let cells = minutes.get(t.month) ?? new Map<string, number>();
    if (settlement) cells = relabelKeys(cells, settlement.dim, t.merged, settlement.other);
    const sums = sumWithMargins(cells, dims.length);
    const table: PublishedTable = new Map();
    for (const [key, status] of sessions.months[i]!.table) {
      table.set(key, status.suppressed ? status : shown(round1((sums.get(key) ?? 0) / 60)));
    }
    return { month: t.month, table, sums };
  });
  const period_: PublishedTable = new Map();
  for (const [key, status] of sessions.period) {
    period_.set(key, status.suppressed ? status : shown(round1(months.reduce((s, m) => s + (m.sums.get(key) ?? 0), 0) / 60)));
  }
  void l;
  return { months: months.map(({ month, table }) => ({ month, table })), period: period_ };
}

function sumWithMargins(cells: TableValues, dims: number): TableValues {
  const out: TableValues = new Map(cells);
  for (const [key, v] of cells) {
    const parts = partsOf(key);
    for (let mask = 1; mask < 1 << dims; mask++) {
      const m = keyOf(parts.map((p, i) => (mask & (1 << i) ? ALL : p)));
      out.set(m, (out.get(m) ?? 0) + v);
    }
  }
  return out;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

async function staffFte(ctx: Context, dims: Dimension[], period: Period, scope: Scope): Promise<{ month: string; table: PublishedTable }[]> {
  // By center: each center's months kept (center-cells.ts), as a network compares them.
  const cells = dims.length === 1 && dims[0] === 'CENTER' && !scope.residenceMunicipalityId
    ? byMonth(await monthCellsByCenter(ctx, MEASURES.fte, dims, period, scope))
    : await monthCells(ctx, MEASURES.fte, dims, period, scope);
  // Staff are not the people served: full-time equivalents are published as they are.
  return period.months.map((month) => {
    const sums = sumWithMargins(cells.get(month) ?? new Map(), dims.length);
    const grand = keyOf(dims.map(() => ALL));
    if (!sums.has(grand)) sums.set(grand, 0);
    return { month, table: publishTable(new Map([...sums].map(([k, v]) => [k, Math.round(v * 100) / 100])), new Set()) };
  });
}

/** Which canonical period a range is, if any (distinct counts exist only for these). */
export function canonicalKind(period: Period): 'MONTH' | 'QUARTER' | 'YEAR' | null {
  const n = period.months.length;
  const startMonth = Number(period.from.slice(5, 7));
  if (n === 1) return 'MONTH';
  if (n === 3 && startMonth % 3 === 1) return 'QUARTER';
  if (n === 12 && startMonth === 1) return 'YEAR';
  return null;
}

const lastDay = (month: string) => firstDay(month); // rollups are keyed by the month's first day

/** A row of aggregate_distinct_clients(): grp is GROUPING(center, a, b), bit 4 = all centers. */
type DistinctRow = { period: number; grp: number; center_id: string | null; dim_a: string | null; dim_b: string | null; clients: number };

/**
 * Distinct clients by center (or in all) for months, calendar quarters and years, read from the
 * precomputed totals instead of counted. A client record belongs to one center, so the figure
 * for all centers is the sum of the centers' figures.
 */
async function precomputedClients(ctx: Context, ranges: [string, string][], period: Period, scope: Scope): Promise<DistinctRow[]> {
  const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  const grainOf = ([f, t]: [string, string]) => {
    const n = monthIndex(t) - monthIndex(f) + 1;
    return n === 1 ? 'MONTH' : n === 3 ? 'QUARTER' : 'YEAR';
  };
  const periodOf = new Map(ranges.map((r, i) => [`${grainOf(r)}|${r[0]}`, i + 1]));
  const found = await coarseTotals(ctx, period, scope);
  const rows: DistinctRow[] = [];
  const totals = new Map<number, number>();
  for (const r of found) {
    const i = periodOf.get(`${r.grain}|${r.p}`);
    // No row for a center with nobody served, as the counted path gives.
    if (!i || r.clients === 0) continue;
    rows.push({ period: i, grp: 3, center_id: r.c, dim_a: null, dim_b: null, clients: r.clients });
    totals.set(i, (totals.get(i) ?? 0) + r.clients);
  }
  for (let i = 1; i <= ranges.length; i++) rows.push({ period: i, grp: 7, center_id: null, dim_a: null, dim_b: null, clients: totals.get(i) ?? 0 });
  return rows;
}

async function clientsServed(ctx: Context, dims: Dimension[], period: Period, scope: Scope, l: Labels): Promise<Built> {
  const kind = canonicalKind(period);
  // Period 1: the whole range (when canonical); then its canonical sub-periods; then each month.
  const ranges: [string, string][] = [];
  const subIndexes: number[] = [];
  if (kind) ranges.push([period.from, period.to]);
  if (kind === 'YEAR') {
    for (let q = 0; q < 4; q++) {
      subIndexes.push(ranges.length + 1);
      ranges.push([period.months[q * 3]!, period.months[q * 3 + 2]!]);
    }
  }
  const monthStart = ranges.length;
  for (const m of period.months) ranges.push([m, m]);
  if (kind === 'YEAR' || kind === 'QUARTER') for (let i = 0; i < period.months.length; i++) subIndexes.push(monthStart + i + 1);

  const sqlDims = dims.filter((d) => d !== 'CENTER');
  const rows =
    sqlDims.length === 0
      ? await precomputedClients(ctx, ranges, period, scope)
      : await figuresDb(ctx).$queryRawUnsafe<DistinctRow[]>(
          `SELECT period, grp, center_id::text AS center_id, dim_a, dim_b, clients FROM aggregate_distinct_clients($1::date[], $2::date[], $3::text[], $4::uuid[], $5::uuid)`,
          ranges.map(([f]) => firstDay(f)),
          ranges.map(([, t]) => lastDay(t)),
          sqlDims,
          scope.centerIds,
          scope.residenceMunicipalityId,
        );
  const tables = new Map<number, TableValues>();
  const bitOf = (d: Dimension) => (d === 'CENTER' ? 4 : sqlDims.indexOf(d) === 0 ? 2 : 1);
  const unused = [4, 2, 1].filter((bit) => !dims.some((d) => bitOf(d) === bit));
  for (const row of rows) {
    if (unused.some((bit) => (row.grp & bit) === 0)) continue;
    const parts = dims.map((d) => {
      const bit = bitOf(d);
      if (row.grp & bit) return ALL;
      const v = d === 'CENTER' ? row.center_id : bit === 2 ? row.dim_a : row.dim_b;
      return v ?? NONE;
    });
    const t = tables.get(row.period) ?? new Map<string, number>();
    t.set(keyOf(parts), row.clients);
    tables.set(row.period, t);
  }
  const grand = keyOf(dims.map(() => ALL));
  const settlement = settlementRule(dims, l);
  const publish = (values: TableValues, subs: TableValues[]): PublishedTable => {
    if (!values.has(grand)) values.set(grand, 0);
    if (!settlement) return publishDistinct(values, dims.length, K, subs);
    const totals: TableValues = new Map();
    for (const [key, v] of values) {
      const parts = partsOf(key);
      if (parts[settlement.dim] !== ALL && parts.every((p, i) => i === settlement.dim || p === ALL)) totals.set(key, v);
    }
    const { merged } = mergeSmallSettlements(totals, settlement.dim, K, settlement.other);
    const relabelled = relabelKeys(values, settlement.dim, merged, settlement.other);
    return publishDistinct(relabelled, dims.length, K, subs.map((s) => relabelKeys(s, settlement.dim, merged, settlement.other)));
  };
  const months = period.months.map((month, i) => ({ month, table: publish(tables.get(monthStart + i + 1) ?? new Map(), []) }));
  if (!kind) {
    // Not a month, quarter or year: people over an arbitrary range are not published.
    const keys = new Set<string>([grand]);
    for (const m of months) for (const key of m.table.keys()) keys.add(key);
    return { months, period: new Map([...keys].map((key) => [key, hidden])), periodPublished: false };
  }
  if (kind === 'MONTH') return { months, period: months[0]!.table };
  const subs = subIndexes.map((i) => tables.get(i) ?? new Map<string, number>());
  return { months, period: publish(tables.get(1) ?? new Map(), subs) };
}

// ───────────────────────────── output ─────────────────────────────

function shape(def: IndicatorDef, dims: Dimension[], period: Period, built: Built): TableOut {
  const split = (table: PublishedTable) => {
    const cells: CellOut[] = [];
    const margins: CellOut[] = [];
    let total: Published = { value: 0, suppressed: false };
    for (const [key, value] of [...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const parts = partsOf(key).slice(0, dims.length);
      const all = parts.filter((p) => p === ALL).length;
      if (dims.length === 0 || all === dims.length) total = value;
      else if (all === 0) cells.push({ key: parts, value });
      else margins.push({ key: parts, value });
    }
    return { cells, margins, total };
  };
  const whole = split(built.period);
  return {
    indicator: def,
    dims,
    period,
    periodPublished: built.periodPublished ?? true,
    ...whole,
    months: built.months.map((m) => {
      const s = split(m.table);
      return { month: m.month, cells: s.cells, total: s.total };
    }),
  };
}

// A table of 150 centers formats thousands of values: one formatter per locale and precision.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'bg-BG', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f;
}

// Bulgarian first: what a person reads beside an "x", on screen and in a CSV.
const REASON_TEXT: Record<Reason, Record<Locale, string>> = {
  BELOW_K: { bg: 'Скрито: по-малко от {k} (но не нула)', en: 'Hidden: fewer than {k} (but not zero)' },
  PROTECTS_OTHER: { bg: 'Скрито, за да не може да се изчисли друга скрита стойност', en: 'Hidden so that another hidden value cannot be worked out' },
};

/** Which rule hid a value, in the reader's language; null when it is published. */
export function suppressionNote(value: Published, locale: Locale): string | null {
  return value.suppressed ? REASON_TEXT[value.reason ?? 'PROTECTS_OTHER'][locale].replace('{k}', String(K)) : null;
}

/** "x" for a suppressed value (a small count, or a cell hidden to protect one); never 0. */
export function display(value: Published, def: IndicatorDef, locale: Locale): string {
  if (value.suppressed) return 'x';
  if (value.value === null) return '–';
  const n = value.value;
  const number = (digits: number) => formatter(locale, digits).format(n);
  switch (def.unit) {
    case 'SHARE':
      return `${formatter(locale, 0).format(n * 100)}%`;
    case 'HOURS':
    case 'FTE':
    case 'RATIO':
    case 'DAYS':
      return number(1);
    default:
      return number(0);
  }
}
