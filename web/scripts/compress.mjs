#!/usr/bin/env node
// After `vite build` (the last step, so every file the build writes is covered): each text file
// in dist/ gets a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside it, which the
// server sends by the request's Accept-Encoding (server/src/web.ts). node:zlib, no plugin: the
// server decides the encoding, the build only prepares the bytes, once. A copy that would not be
// smaller is not written (the file then goes as it is).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const TEXT = new Set(['.html', '.js', '.css', '.json', '.svg', '.webmanifest']);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else yield p;
  }
}

let raw = 0;
let br = 0;
let gz = 0;
for (const file of [...files(dist)]) {
  if (!TEXT.has(extname(file))) continue;
  const bytes = readFileSync(file);
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  const gzip = gzipSync(bytes, { level: 9 });
  for (const [suffix, out] of [['.br', brotli], ['.gz', gzip]]) {
    if (out.length < bytes.length) writeFileSync(file + suffix, out);
    else rmSync(file + suffix, { force: true });
  }
  raw += bytes.length;
  br += Math.min(brotli.length, bytes.length);
  gz += Math.min(gzip.length, bytes.length);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`Compressed copies: ${kb(raw)} of text → brotli ${kb(br)}, gzip ${kb(gz)}`);
