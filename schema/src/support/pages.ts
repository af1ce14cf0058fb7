// A page of a list in two statements: first the page's ids (the filter, the order and the
// limit over narrow rows, served by the indexes), then those rows with their relations.
// With relation joins, one statement would build every related object for every row the
// filter matches before sorting and cutting the page: a center's 120 open cases to show 10.
//
// The total rides on the ids statement when it can: on a first page whose selection asks for
// totalCount, the ids statement reads up to COUNT_FROM_IDS + 1 ids instead of the page's; when
// fewer come back, their number is the total (the same filter, in the same statement and
// snapshot) and the connection's totalCount (pageTotal) sends no count statement. A longer
// list, a later page (a cursor) or a selection without totalCount count as before.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type PageQuery = { include?: unknown; select?: unknown; take?: number; skip?: number; cursor?: unknown };
/** The findMany of a Prisma model delegate (their argument types differ per model). */
type FindMany<Row> = (args: any) => Promise<Row[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How many ids a first page may read to know its total without a count statement. */
export const COUNT_FROM_IDS = 250;

// Totals known from the ids statement, by the field's arguments object: Pothos hands the same
// object to a connection's resolve and to its totalCount, and a new one to every field.
const totals = new WeakMap<object, number>();

/** The list's total: known from the page's ids statement (findPage with `total`), or counted. */
export function pageTotal(args: object, count: () => Promise<number>): number | Promise<number> {
  const known = totals.get(args);
  return known !== undefined ? known : count();
}

export async function findPage<Row extends { id: string }>(
  findMany: FindMany<Row>,
  query: PageQuery,
  where: object,
  orderBy: object | object[],
  total?: { args: object; info: GraphQLResolveInfo },
): Promise<Row[]> {
  const { include, select, ...page } = query;
  const counting = !!total && !page.cursor && !page.skip && typeof page.take === 'number' && page.take > 0 && asksTotalCount(total.info);
  const take = counting ? Math.max(page.take!, COUNT_FROM_IDS + 1) : page.take;
  let keys = (await findMany({ ...page, ...(take !== undefined ? { take } : {}), where, orderBy, select: { id: true } })) as { id: string }[];
  if (counting) {
    if (keys.length < take!) totals.set(total!.args, keys.length);
    keys = keys.slice(0, page.take);
  }
  if (keys.length === 0) return [];
  // The filter again: a row changed between the two statements (reassigned, closed) is not shown
  // on a page it no longer belongs to.
  const rows = await findMany({
    where: { AND: [where, { id: { in: keys.map((k) => k.id) } }] },
    ...(include ? { include } : {}),
    ...(select ? { select } : {}),
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return keys.flatMap((k) => byId.get(k.id) ?? []);
}

/** Whether the connection field's selection names totalCount (directly or in a fragment). */
function asksTotalCount(info: GraphQLResolveInfo): boolean {
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === 'totalCount';
      if (s.kind === Kind.INLINE_FRAGMENT) return inSet(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      return inSet(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}
