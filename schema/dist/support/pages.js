// A page of a list in two statements: first the page's ids (the filter, the order and the
// limit over narrow rows, served by the indexes), then those rows with their relations.
// With relation joins, one statement would build every related object for every row the
// filter matches before sorting and cutting the page: a center's 120 open cases to show 10.
export async function findPage(findMany, query, where, orderBy) {
    const { include, select, ...page } = query;
    const keys = (await findMany({ ...page, where, orderBy, select: { id: true } }));
    if (keys.length === 0)
        return [];
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
//# sourceMappingURL=pages.js.map