import { PGlite } from '@electric-sql/pglite';
let t = Date.now();
const db = new PGlite({ dataDir: 'memory://' });
await db.query('select 1');
console.log('open', Date.now() - t);
t = Date.now();
const dump = await db.dumpDataDir('none');
console.log('dump', Date.now() - t, dump.size);
for (let i = 0; i < 3; i++) {
  t = Date.now();
  const d2 = new PGlite({ dataDir: 'memory://', loadDataDir: dump });
  await d2.query('select 1');
  console.log('load', Date.now() - t);
  t = Date.now();
  const d3 = await db.clone();
  await d3.query('select 1');
  console.log('clone', Date.now() - t);
}
