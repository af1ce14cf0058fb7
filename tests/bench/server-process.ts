// A server in its own process for the load phase, so the load generator does not share its
// event loop and its memory is the server's alone. Modes:
//   opora   the full Opora server on the bench database (BENCH_DATABASE_URL or BENCH_PGLITE_DUMP;
//           BENCH_WITHOUT_SHIELD=1: without graphql-shield; BENCH_SHIELD_WRAPS_EVERY_FIELD=1: shield's
//           wrapper on every guarded field, as before the decided-rule path; both for A/B)
//   apollo  a bare Apollo Server 5 over node:http answering { __typename }: the floor
//   peer    PostGraphile 5 on the same database, roles and policies (peer.ts; PostgreSQL only,
//           BENCH_DATABASE_URL, BENCH_PEER_SECRET)
// Reports its URL and the ids of its processes (the benchmark reads their CPU time in /proc),
// then its memory on request, over the IPC channel.
import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';

type Message = { type: 'memory' } | { type: 'stop' };

const mode = process.argv[2] ?? 'opora';
let stop: () => Promise<void> = async () => {};
let url = '';

// On PostgreSQL both servers run as they would in production on this machine: one process per
// core (node:cluster, the workers share one port). PGlite lives in one process.
const workers = !process.env.BENCH_PGLITE_DUMP ? Number(process.env.BENCH_WORKERS ?? availableParallelism()) : 1;

if (workers > 1 && cluster.isPrimary) {
  // Opora's workers run as production's do (server/src/cluster-workers.ts); the peer's and bare
  // Apollo's with Node's defaults.
  if (mode === 'opora') (await import('@opora/server')).setUpServerWorkers();
  const forked = Array.from({ length: workers }, () => cluster.fork());
  const urls = await Promise.all(
    forked.map((w) => new Promise<string>((resolve) => w.on('message', (m: { type: string; url?: string }) => m.type === 'ready' && resolve(m.url!)))),
  );
  const ask = (w: Worker) =>
    new Promise<{ rss: number; heapUsed: number }>((resolve) => {
      const on = (m: { type: string; rss: number; heapUsed: number }) => {
        if (m.type !== 'memory') return;
        w.off('message', on);
        resolve(m);
      };
      w.on('message', on);
      w.send({ type: 'memory' });
    });
  process.on('message', async (message: Message) => {
    if (message.type === 'memory') {
      // Every server process together (the primary only supervises).
      const all = await Promise.all(forked.map(ask));
      process.send!({ type: 'memory', rss: all.reduce((s, m) => s + m.rss, 0), heapUsed: all.reduce((s, m) => s + m.heapUsed, 0), processes: workers });
    } else if (message.type === 'stop') {
      await Promise.all(forked.map((w) => new Promise((resolve) => { w.once('exit', resolve); w.send({ type: 'stop' }); })));
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', url: urls[0]!, processes: workers, pids: [process.pid, ...forked.map((w) => w.process.pid!)] });
} else if (mode === 'apollo') {
  const apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://x').search, body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined },
      context: async () => ({}),
    });
    res.statusCode = response.status ?? 200;
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.end(response.body.kind === 'complete' ? response.body.string : '');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  };
} else if (mode === 'peer') {
  const { startPeer } = await import('./peer.ts');
  ({ url, stop } = await startPeer(process.env.BENCH_DATABASE_URL!, process.env.BENCH_PEER_SECRET!));
} else {
  const { openDatabase } = await import('@opora/prisma/db');
  const { benchServer } = await import('./bench-server.ts');
  const dump = process.env.BENCH_PGLITE_DUMP;
  const database = dump
    ? openDatabase({ kind: 'pglite', dataDir: 'memory://', load: new Blob([readFileSync(dump)]) })
    : openDatabase({ kind: 'postgres', url: process.env.BENCH_DATABASE_URL! });
  const app = benchServer(database, { unsafe: { withoutShield: process.env.BENCH_WITHOUT_SHIELD === '1', shieldWrapsEveryField: process.env.BENCH_SHIELD_WRAPS_EVERY_FIELD === '1' } });
  url = await app.listen(0, '127.0.0.1');
  stop = async () => {
    app.server.closeAllConnections();
    await app.close();
    await database.close();
  };
}

if (!(workers > 1 && cluster.isPrimary)) {
  process.on('message', async (message: Message) => {
    if (message.type === 'memory') {
      const m = process.memoryUsage();
      process.send!({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed });
    } else if (message.type === 'stop') {
      await stop().catch(() => {});
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', url, pids: [process.pid] });
}
