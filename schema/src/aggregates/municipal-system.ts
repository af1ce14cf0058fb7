// A municipality's one protected system of a measure and a calendar year, as plain data: what
// the request reads from the rollups (SystemSpec), what a worker thread decides (decideSpec), and
// what the request publishes once the decision exists (familiesOf + publishFamilies). Pure: no
// database, no GraphQL, nothing that cannot cross to a worker thread.
import { createHash } from 'node:crypto';
import { ALL, type TableValues } from './suppression.ts';
import { assembleFamilies, type Family } from './systems.ts';
import { protect, type Reason } from './protect.ts';

/** One month's cells as sorted [key, value] pairs (a Map does not cross threads as JSON). */
export type MonthCells = [string, number][];

export type SystemSpec = {
  /**
   * RESIDENCE: finest cells are center × residence municipality (× a breakdown's value), the
   * tables the residents by center (R) and the territory by center × residence (T).
   * TERRITORY: what knows no residence (group programmes), the territory's centers alone (T).
   * NETWORK: a network's centers (`territory`) × residence municipality (× a breakdown's value),
   * the table by center × residence (T) alone; `municipalityId` is the network's id.
   */
  kind: 'RESIDENCE' | 'TERRITORY' | 'NETWORK';
  municipalityId: string;
  territory: string[];
  /** Months, quarters and the year tied by lines in time (additive counts); else months alone (stocks). */
  time: boolean;
  k: number;
  /** The base family's 12 months. */
  base: MonthCells[];
  /** Each breakdown: its name (a dimension) and its 12 months, keyed base key + the breakdown's value. */
  families: { name: string; months: MonthCells[] }[];
};

export const monthCellsOf = (cells: TableValues): MonthCells => [...cells].filter(([, v]) => v > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The spec's decision is a function of the spec alone: this digest names it (in the cache and the database). */
export function digestOf(spec: SystemSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
}

/**
 * The families of the system. Each breakdown B is the family center × residence × B (or center ×
 * B), whose cells add up to the base cell they refine; its tables' margins over B are the base
 * tables' figures (one figure, one decision, in every table that shows it).
 */
export function familiesOf(spec: SystemSpec): Family[] {
  // The months' [key, value] pairs are the families' finest cells as they are (no map needed to walk them).
  const months = (list: MonthCells[]) => list;
  const territory = new Set(spec.territory);
  const M = spec.municipalityId;
  if (spec.kind === 'TERRITORY') {
    return [
      { name: '', monthFinest: months(spec.base), tables: [{ name: 'T', dims: 1, project: (p) => [p[0]!] }] },
      ...spec.families.map(
        (f): Family => ({
          name: f.name,
          monthFinest: months(f.months),
          parent: { family: '', lift: (p) => [p[0]!] },
          tables: [{ name: `${f.name}:T`, dims: 2, project: (p) => [p[0]!, p[1]!], same: { pos: 1, table: 'T', key: ([c]) => [c!] } }],
        }),
      ),
    ];
  }
  // A network has no residents' side: only its centers' tables.
  const residents = spec.kind === 'RESIDENCE';
  return [
    {
      name: '',
      monthFinest: months(spec.base),
      tables: [
        ...(residents ? [{ name: 'R', dims: 1, project: (p: string[]) => (p[1] === M ? [p[0]!] : null) }] : []),
        { name: 'T', dims: 2, project: (p) => (territory.has(p[0]!) ? [p[0]!, p[1]!] : null) },
      ],
    },
    ...spec.families.map(
      (f): Family => ({
        name: f.name,
        monthFinest: months(f.months),
        parent: { family: '', lift: (p) => [p[0]!, p[1]!] },
        tables: [
          ...(residents
            ? [{ name: `${f.name}:R`, dims: 1, project: (p: string[]) => (p[1] === M ? [p[2]!] : null), same: { pos: 0, table: 'R', key: () => [ALL] } }]
            : []),
          { name: `${f.name}:T`, dims: 2, project: (p) => (territory.has(p[0]!) ? [p[0]!, p[2]!] : null), same: { pos: 1, table: 'T', key: ([c]) => [c!, ALL] } },
        ],
      }),
    ),
  ];
}

/** The decision (hidden figures by id, and why) and how many figures it covers: the slow part, run in a worker thread. */
export function decideSpec(spec: SystemSpec): { hidden: Map<string, Reason>; figures: number } {
  const assembled = assembleFamilies(familiesOf(spec), { time: spec.time });
  return { hidden: protect(assembled.system, spec.k), figures: assembled.system.figures.length };
}
