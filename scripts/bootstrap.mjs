#!/usr/bin/env node
// Makes `npm start` / `npm test` work on a fresh clone with only Node.js and npm:
// installs the workspace with the pinned pnpm (corepack is not needed) and generates
// the Prisma client, each only when it is missing or out of date.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'pnpm@12.4.2';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** One long step of the first start, said before it runs and timed when it ends. */
function step(what, cmd, args) {
  const started = Date.now();
  console.log(`[opora] ${what}…`);
  run(cmd, args);
  console.log(`[opora] done in ${Math.round((Date.now() - started) / 1000)} s`);
}

const mtime = (p) => (existsSync(join(root, p)) ? statSync(join(root, p)).mtimeMs : 0);

const installed = mtime('node_modules/.modules.yaml');
if (!installed || installed < mtime('pnpm-lock.yaml')) {
  step(`installing dependencies with ${PNPM} (first run: one to three minutes)`, 'npx', ['--yes', PNPM, 'install', '--frozen-lockfile']);
}

const generated = mtime('prisma/generated/prisma/client.ts');
if (!generated || generated < mtime('prisma/schema.prisma')) {
  step('generating the database client (Prisma)', 'npx', ['--yes', PNPM, '--filter', '@opora/prisma', 'generate']);
}

// `pnpm start` (--web): the server serves web/dist, so build it when missing or older than its sources.
function copyPlainJs(from, to) {
  for (const e of readdirSync(join(root, from), { withFileTypes: true })) {
    if (e.isDirectory()) copyPlainJs(join(from, e.name), join(to, e.name));
    else if (e.name.endsWith('.mjs')) copyFileSync(join(root, from, e.name), join(root, to, e.name));
  }
}

const newest = (dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir), { withFileTypes: true }).reduce(
        (m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : mtime(join(dir, e.name))),
        0,
      )
    : 0;

if (process.argv.includes('--web')) {
  const sources = Math.max(newest('web/src'), mtime('web/index.html'), mtime('web/vite.config.ts'), mtime('web/package.json'), mtime('schema/schema.graphql'));
  if (mtime('web/dist/trusted-documents.json') < sources) {
    process.env.NODE_ENV = 'production';
    // build:app is the build without its type check (about as long as the rest on a 2-core
    // machine): `pnpm typecheck` and CI check the types, as for the server below.
    step('building the web app (first run: about a minute)', 'npx', ['--yes', PNPM, '--filter', '@opora/web', 'build:app']);
  }
}

// `pnpm start` runs the server compiled ahead of time (no TypeScript compiler at run time):
// the four packages' src/ → dist/, resolved through the "opora-build" export condition; rebuilt
// when a source is newer. Each file is transpiled on its own (TypeScript's transpileModule, with
// the files and options of the package's tsconfig.build.json), which isolatedModules and
// verbatimModuleSyntax make exactly what `tsc -p` emits (checked byte for byte, source maps too)
// at a third of the CPU: tsc loads every type of the program even with noCheck. Types are not
// checked here: `pnpm typecheck` and CI do that. `--server` does only this
// (tests/src/faults/production-build.test.ts).
function compilePackage(ts, pkg) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(d) };
  const fail = (d) => {
    console.error(`[opora] ${pkg}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${d.file ? ` (${d.file.fileName})` : ''}`);
    process.exit(1);
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, pkg, 'tsconfig.build.json'), {}, host);
  for (const d of parsed.errors) fail(d);
  // Every package is "type": "module": ES modules, as NodeNext gives them (a file alone cannot
  // see its package.json; resolution plays no part in one file's output).
  const compilerOptions = { ...parsed.options, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  for (const file of parsed.fileNames) {
    if (file.endsWith('.d.ts')) continue;
    const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file, reportDiagnostics: true });
    for (const d of out.diagnostics ?? []) if (d.category === ts.DiagnosticCategory.Error) fail(d);
    const target = join(parsed.options.outDir, relative(parsed.options.rootDir, file)).replace(/\.([mc]?)ts$/, '.$1js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
    if (out.sourceMapText) writeFileSync(`${target}.map`, out.sourceMapText);
  }
}

if (process.argv.includes('--web') || process.argv.includes('--server')) {
  const PACKAGES = ['common', 'prisma', 'schema', 'server'];
  const sources = Math.max(...PACKAGES.map((p) => newest(`${p}/src`)), newest('prisma/generated'), mtime('tsconfig.build.json'));
  if (mtime('server/dist/.built') < sources) {
    const started = Date.now();
    console.log('[opora] compiling the server (TypeScript → JavaScript, once per change)…');
    const ts = createRequire(join(root, 'package.json'))('typescript');
    for (const p of PACKAGES) {
      rmSync(join(root, p, 'dist'), { recursive: true, force: true });
      compilePackage(ts, p);
    }
    // Plain JavaScript files (a worker thread's entry) are not emitted by TypeScript: copied as they are.
    for (const p of PACKAGES) copyPlainJs(join(p, 'src'), join(p, p === 'prisma' ? 'dist/src' : 'dist'));
    writeFileSync(join(root, 'server/dist/.built'), new Date().toISOString() + '\n');
    console.log(`[opora] done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  if (process.argv.includes('--web')) console.log('[opora] starting the server: database migrations, then (first start only) the demo data…');
}
