#!/usr/bin/env node
// After `vite build`: the JavaScript a first visit downloads before anything lazy, i.e. the
// entry script and the chunks index.html preloads, in bytes and gzip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0;
let gzip = 0;
for (const file of new Set(files)) {
  const bytes = readFileSync(join(dist, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
  console.log(`  ${file}  ${bytes.length} B`);
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`Initial JavaScript: ${raw} bytes (${kb(raw)} KiB), gzip ${gzip} bytes (${kb(gzip)} KiB) in ${files.length} file(s)`);
