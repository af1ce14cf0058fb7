import { setting } from '@opora/common/config';
import { PrismaClient } from "./client.js";
import { createAdapterFactory } from "./adapters.js";
import { databaseTargetFromEnv } from "./database-config.js";
export function openDatabase(target = databaseTargetFromEnv(), options = {}) {
    const adapterFactory = createAdapterFactory(target);
    const limits = {
        // PGlite is one connection; the pool's size is read as adapters.ts reads it.
        connections: target.kind === 'pglite' ? 1 : setting('DATABASE_POOL_MAX'),
        txMaxWaitMs: setting('DATABASE_TX_MAX_WAIT_MS'),
    };
    const prisma = new PrismaClient({
        adapter: adapterFactory,
        ...(options.onQuery ? { log: [{ emit: 'event', level: 'query' }] } : {}),
        // Interactive transactions: a request waits at most this long for a connection
        // (PGlite has one; a pool has a few), then fails with a clear error.
        transactionOptions: {
            maxWait: limits.txMaxWaitMs,
            timeout: setting('DATABASE_TX_TIMEOUT_MS'),
        },
    });
    if (options.onQuery) {
        const onQuery = options.onQuery;
        prisma.$on('query', (e) => onQuery(e.query, Number(e.duration)));
    }
    let closed = false;
    return {
        target,
        prisma,
        adapterFactory,
        limits,
        async close() {
            if (closed)
                return;
            closed = true;
            await prisma.$disconnect();
            await adapterFactory.close();
        },
    };
}
//# sourceMappingURL=db.js.map