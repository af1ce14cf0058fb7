-- Hand-written: every aggregate reader calls aggregate_current(), which asks RollupMonth for
-- dirty months and for the current month's stale ones. Both read all 19,198 rows of a national
-- table (2 ms per request, more than everything else a cached answer costs): a column compared
-- with a column cannot use the (version, refreshedVersion) index, and the month is the second
-- column of the key. A partial index holds only the dirty months (usually none), and an index
-- on the month finds the current month's rows.
-- The partial index is not in schema.prisma (Prisma cannot state it): a migration diffed from
-- the schema would propose dropping it; keep it.
CREATE INDEX "RollupMonth_dirty_idx" ON "RollupMonth" ("centerId") WHERE "version" > "refreshedVersion";
CREATE INDEX "RollupMonth_month_idx" ON "RollupMonth" ("month");
