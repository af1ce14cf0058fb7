// How an attacker maps what the aggregate API returns onto the finest cells behind it, for the
// LP audit (lp-audit.ts). Read this to know what the audit assumes a viewer can combine.
//
// Finest unknowns, one family per breakdown F, each a count for one month:
//   municipal viewer: x[F, centre, residence, value of F, month]  (every family knows residence)
//   network analyst:  x[F, centre, value of F, month]; the residence and settlement families also
//                     carry the residence municipality.
// The base family '' (no breakdown) is what every other family breaks down: for each centre,
// residence (where the family has one) and month, Σ over F's values = the base unknown. Settlements
// are nested in their municipality (the public EKATTE catalogue says which), so for the network
// Σ over the settlements of r = the residence family's unknown for r, and for a municipality
// Σ over the settlements of r = the base unknown for r. These are the identities of the audit:
// two one-way breakdowns of the same people have the same total, and nothing more is implied.
//
// A table's cell is the sum of the unknowns of its breakdown's family that fall in the table's
// scope (municipal residents: residence = M, any centre; municipal territory: centres in M, any
// residence; network: the network's centres), in the cell's labels (ALL in a margin), and in its
// period (the request's months for cells, margins and total; one month for the `months` trend).
// A cell absent from a table (the API lists cells with a count, shown or hidden) is a true zero:
// the unknowns it would hold are dropped. "OTHER_<municipality>" in a settlement table holds the
// settlements of that municipality the table does not show on their own.
import type { Figure, Identity } from './lp-audit.ts';

export type ApiValue = { value: number | null; suppressed: boolean };
export type ApiCell = { labels: { dimension: string; code: string }[]; value: ApiValue };
export type ApiTable = {
  indicator: { code: string };
  breakdown: string[];
  cells: ApiCell[];
  margins: ApiCell[];
  total: ApiValue;
  months: { month: string; total: ApiValue; cells: ApiCell[] }[];
};

export type ViewerKind = 'municipal' | 'network';

/** One table as a viewer obtained it, with what it covers. */
export type Obtained = {
  /** For figure ids: which request and which part of the answer. */
  source: string;
  table: ApiTable;
  /** Centres the table covers (codes), and the residence it is limited to (municipal residents). */
  centres: ReadonlySet<string>;
  residence: string | null;
  /** The request's months ("YYYY-MM"). */
  months: readonly string[];
};

export const ALL = 'ALL';
export const NOT_RECORDED = 'NOT_RECORDED';
const NONE = '∅';
const REST = '…'; // settlements never shown on their own: they always appear together

type Unknown = { key: string; family: string; c: string; r: string; b: string; m: string };

export type AttackerModel = {
  figures: Figure[];
  identities: Identity[];
  unknowns: number;
};

/**
 * Every figure of `obtained` as a sum of finest unknowns, and the identities between families.
 * `settlementMunicipality`: the public catalogue, settlement code (EKATTE) → municipality code.
 */
export function attackerModel(kind: ViewerKind, obtained: readonly Obtained[], settlementMunicipality: ReadonlyMap<string, string>): AttackerModel {
  const familyOf = (t: ApiTable): string => {
    const extra = t.breakdown.filter((d) => d !== 'CENTER');
    if (extra.length === 0) return '';
    if (extra[0] === 'RESIDENCE_MUNICIPALITY' && kind === 'municipal') return '';
    return extra[0]!;
  };
  // Indicators that know no residence (group programs) have none, even for a municipality.
  const hasResidence = (family: string) => residences.size > 0 && (kind === 'municipal' || family === 'RESIDENCE_MUNICIPALITY' || family === 'SETTLEMENT');
  const parentOf = (family: string) => (kind === 'network' && family === 'SETTLEMENT' ? 'RESIDENCE_MUNICIPALITY' : '');

  // Domains, from everything seen.
  const families = new Set<string>(['']);
  const centres = new Set<string>();
  const residences = new Set<string>();
  const values = new Map<string, Set<string>>();
  const months = new Set<string>();
  const individual = new Map<Obtained, Set<string>>(); // settlements a table shows on their own
  const labelsOf = (t: ApiTable) => [...t.cells, ...t.margins, ...t.months.flatMap((m) => m.cells)].map((c) => c.labels);
  for (const o of obtained) {
    const family = familyOf(o.table);
    families.add(family);
    if (family === 'SETTLEMENT' && kind === 'network') families.add('RESIDENCE_MUNICIPALITY');
    for (const c of o.centres) centres.add(c);
    if (o.residence) residences.add(o.residence);
    for (const m of o.months) months.add(m);
    const shown = new Set<string>();
    for (const labels of labelsOf(o.table)) {
      for (const { dimension, code } of labels) {
        if (code === ALL) continue;
        if (dimension === 'CENTER') centres.add(code);
        else if (dimension === 'RESIDENCE_MUNICIPALITY') residences.add(code === NOT_RECORDED ? NONE : code);
        else if (dimension === 'SETTLEMENT') {
          if (code.startsWith('OTHER_')) residences.add(code.slice('OTHER_'.length));
          else if (code !== NOT_RECORDED) {
            shown.add(code);
            const r = settlementMunicipality.get(code);
            if (r) residences.add(r);
          }
        } else {
          const set = values.get(dimension) ?? new Set<string>();
          set.add(code === NOT_RECORDED ? NONE : code);
          values.set(dimension, set);
        }
      }
    }
    individual.set(o, shown);
  }
  const allShown = new Set([...individual.values()].flatMap((s) => [...s]));

  // Candidate unknowns: the product of the domains, per family.
  const candidates: Unknown[] = [];
  const territory = new Set(obtained.filter((o) => o.residence === null).flatMap((o) => [...o.centres]));
  const municipality = obtained.find((o) => o.residence !== null)?.residence ?? null;
  for (const family of families) {
    const rs = hasResidence(family) ? [...residences] : [''];
    for (const c of centres) {
      for (const r of rs) {
        // A municipality sees other centres' work only for its own residents.
        if (kind === 'municipal' && !territory.has(c) && r !== municipality) continue;
        let bs: string[];
        if (family === '' || family === 'RESIDENCE_MUNICIPALITY') bs = [''];
        else if (family === 'SETTLEMENT') bs = r === NONE ? [NONE] : [...[...allShown].filter((s) => settlementMunicipality.get(s) === r), REST, NONE];
        else bs = [...(values.get(family) ?? [])];
        for (const b of bs) for (const m of months) candidates.push({ key: `${family || 'base'}|${c}|${r}|${b}|${m}`, family, c, r, b, m });
      }
    }
  }

  // Where an unknown falls in a table: its key in the table's labels, or null when out of scope.
  const cellKey = (o: Obtained, u: Unknown): string | null => {
    if (!o.centres.has(u.c)) return null;
    if (o.residence !== null && u.r !== o.residence) return null;
    return o.table.breakdown
      .map((d) => {
        if (d === 'CENTER') return u.c;
        if (d === 'RESIDENCE_MUNICIPALITY') return u.r === NONE ? NOT_RECORDED : u.r;
        if (d === 'SETTLEMENT') {
          if (u.b === NONE) return NOT_RECORDED;
          if (u.b !== REST && individual.get(o)!.has(u.b)) return u.b;
          return `OTHER_${u.r}`;
        }
        return u.b === NONE ? NOT_RECORDED : u.b;
      })
      .join('/');
  };
  const keyOfLabels = (labels: ApiCell['labels']) => labels.map((l) => l.code).join('/');

  // A cell absent where the unknown would fall: a true zero.
  const byFamily = new Map<string, Unknown[]>();
  for (const u of candidates) {
    const list = byFamily.get(u.family) ?? [];
    list.push(u);
    byFamily.set(u.family, list);
  }
  const zero = new Set<string>();
  for (const o of obtained) {
    const family = familyOf(o.table);
    const periodKeys = new Set(o.table.cells.map((c) => keyOfLabels(c.labels)));
    const monthKeys = new Map(o.table.months.map((m) => [m.month, new Set(m.cells.map((c) => keyOfLabels(c.labels)))]));
    for (const u of byFamily.get(family) ?? []) {
      if (!o.months.includes(u.m)) continue;
      const key = cellKey(o, u);
      if (key === null || o.table.breakdown.length === 0) continue;
      if (!periodKeys.has(key) || monthKeys.get(u.m)?.has(key) === false) zero.add(u.key);
    }
  }
  const live = candidates.filter((u) => !zero.has(u.key));
  const liveByFamily = new Map<string, Unknown[]>();
  for (const u of live) {
    const list = liveByFamily.get(u.family) ?? [];
    list.push(u);
    liveByFamily.set(u.family, list);
  }

  // Figures: every cell, margin and total of every period of every table.
  const figures: Figure[] = [];
  const asFigure = (id: string, v: ApiValue, cells: string[]) => {
    if (!v.suppressed && v.value === null) return; // not a count
    figures.push({ id, cells, value: v.suppressed ? null : v.value });
  };
  for (const o of obtained) {
    const family = familyOf(o.table);
    const inScope = (liveByFamily.get(family) ?? []).map((u) => ({ u, key: cellKey(o, u) })).filter((x) => x.key !== null) as { u: Unknown; key: string }[];
    const exact = new Map<string, string[]>();
    for (const { u, key } of inScope) {
      const list = exact.get(`${key}#${u.m}`) ?? [];
      list.push(u.key);
      exact.set(`${key}#${u.m}`, list);
    }
    const matching = (labels: ApiCell['labels'], monthsOf: ReadonlySet<string>) => {
      const want = labels.map((l) => l.code);
      if (want.length > 0 && !want.includes(ALL)) return [...monthsOf].flatMap((m) => exact.get(`${want.join('/')}#${m}`) ?? []);
      return inScope
        .filter(({ u, key }) => monthsOf.has(u.m) && (want.length === 0 || key.split('/').every((part, i) => want[i] === ALL || want[i] === part)))
        .map(({ u }) => u.key);
    };
    const period = new Set(o.months);
    const name = `${o.source} ${o.table.indicator.code}${o.table.breakdown.length ? ` by ${o.table.breakdown.join('×')}` : ''}`;
    const periodName = o.months.length === 1 ? o.months[0] : `${o.months[0]}..${o.months[o.months.length - 1]}`;
    for (const c of [...o.table.cells, ...o.table.margins]) asFigure(`${name} ${periodName} [${keyOfLabels(c.labels)}]`, c.value, matching(c.labels, period));
    asFigure(`${name} ${periodName} [total]`, o.table.total, matching([], period));
    for (const m of o.table.months) {
      const only = new Set([m.month]);
      for (const c of m.cells) asFigure(`${name} ${m.month} [${keyOfLabels(c.labels)}]`, c.value, matching(c.labels, only));
      asFigure(`${name} ${m.month} [total]`, m.total, matching([], only));
    }
  }

  // Identities: each family breaks down its parent, centre by centre, residence by residence, month by month.
  const identities: Identity[] = [];
  for (const family of families) {
    if (family === '') continue;
    const parent = parentOf(family);
    const groups = new Map<string, { left: string[]; right: string[] }>();
    const groupKey = (u: Unknown) => `${u.c}|${hasResidence(parent) ? u.r : ''}|${u.m}`;
    for (const u of liveByFamily.get(family) ?? []) {
      const g = groups.get(groupKey(u)) ?? { left: [], right: [] };
      g.left.push(u.key);
      groups.set(groupKey(u), g);
    }
    for (const u of liveByFamily.get(parent) ?? []) {
      const g = groups.get(groupKey(u)) ?? { left: [], right: [] };
      g.right.push(u.key);
      groups.set(groupKey(u), g);
    }
    for (const g of groups.values()) identities.push(g);
  }
  return { figures, identities, unknowns: live.length };
}
