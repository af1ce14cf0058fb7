import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copySql, TABLE_ORDER } from "./tables.js";
const FLUSH_BYTES = 1 << 20;
export async function postgresSink(url) {
    const streams = new Map();
    for (const table of TABLE_ORDER) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`SET synchronous_commit = off`);
        const stream = client.query(copyFrom(copySql(table)));
        const done = new Promise((resolve, reject) => {
            stream.on('finish', () => resolve());
            stream.on('error', reject);
        });
        // An error surfaces at finish(); keep it from crashing the process as unhandled meanwhile.
        done.catch(() => { });
        streams.set(table, { client, stream, buffer: [], bytes: 0, rows: 0, done });
    }
    const waits = [];
    const flush = (s) => {
        if (s.buffer.length === 0)
            return;
        const ok = s.stream.write(s.buffer.join(''));
        s.buffer = [];
        s.bytes = 0;
        if (!ok)
            waits.push(new Promise((resolve) => s.stream.once('drain', () => resolve())));
    };
    return {
        push(table, line) {
            const s = streams.get(table);
            s.buffer.push(line);
            s.bytes += line.length;
            s.rows++;
            if (s.bytes >= FLUSH_BYTES)
                flush(s);
        },
        async drain() {
            if (waits.length)
                await Promise.all(waits.splice(0));
        },
        async finish() {
            const counts = {};
            try {
                for (const s of streams.values()) {
                    flush(s);
                    s.stream.end();
                }
                await Promise.all([...streams.values()].map((s) => s.done));
                for (const [table, s] of streams)
                    counts[table] = s.rows;
            }
            finally {
                await Promise.all([...streams.values()].map((s) => s.client.end().catch(() => { })));
            }
            return counts;
        },
    };
}
export function pgliteSink(db) {
    const chunks = new Map(TABLE_ORDER.map((t) => [t, []]));
    const counts = new Map(TABLE_ORDER.map((t) => [t, 0]));
    return {
        push(table, line) {
            chunks.get(table).push(line);
            counts.set(table, counts.get(table) + 1);
        },
        async drain() { },
        async finish() {
            // Parents first: PGlite checks foreign keys as rows arrive.
            for (const table of TABLE_ORDER) {
                const lines = chunks.get(table);
                if (lines.length === 0)
                    continue;
                await db.query(copySql(table, `'/dev/blob'`), [], { blob: new Blob(lines) });
                chunks.set(table, []);
            }
            return Object.fromEntries(counts);
        },
    };
}
//# sourceMappingURL=sinks.js.map