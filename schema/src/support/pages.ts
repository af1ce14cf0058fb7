// A page of a list in two statements: first the page's ids (the filter, the order and the
// limit over narrow rows, served by the indexes), then those rows with their relations.
// With relation joins, one statement would build every related object for every row the
// filter matches before sorting and cutting the page: a center's 120 open cases to show 10.

type PageQuery = { include?: unknown; select?: unknown; take?: number; skip?: number; cursor?: unknown };
/** The findMany of a Prisma model delegate (their argument types differ per model). */
type FindMany<Row> = (args: any) => Promise<Row[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function findPage<Row extends { id: string }>(
  findMany: FindMany<Row>,
  query: PageQuery,
  where: object,
  orderBy: object | object[],
): Promise<Row[]> {
  const { include, select, ...page } = query;
  const keys = (await findMany({ ...page, where, orderBy, select: { id: true } })) as { id: string }[];
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
