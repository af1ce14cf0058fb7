import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.ts';

// `npm start` runs the server compiled ahead of time (scripts/bootstrap.mjs --web): the
// packages' dist/ through the "opora-build" export condition, with no TypeScript compiler at
// run time. This builds it as `npm start` does and starts it on an empty in-memory database:
// it migrates, loads the catalogue, answers GraphQL, and never loads tsx.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');


let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
});

describe('the production build', { timeout: 600_000 }, () => {
  it('compiles, starts without TypeScript at run time, migrates and answers', async () => {
    const build = spawnSync(process.execPath, ['scripts/bootstrap.mjs', '--server'], { cwd: repo, encoding: 'utf8' });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(existsSync(path.join(repo, 'server/dist/main.js'))).toBe(true);
    expect(existsSync(path.join(repo, 'prisma/dist/src/migrate/index.js'))).toBe(true);

    const port = await freePort();
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', OPORA_DATA_DIR: 'memory://', OPORA_DEMO: '0', OPORA_AGGREGATE_REFRESH_S: '0' };
    delete env.DATABASE_URL; // never the suite's PostgreSQL: this server migrates its own database
    delete env.NODE_OPTIONS; // vitest's loader hooks must not reach it
    const log: string[] = [];
    child = spawn(process.execPath, ['--conditions=opora-build', '--enable-source-maps', 'dist/main.js'], { cwd: path.join(repo, 'server'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => log.push(String(d)));
    child.stderr!.on('data', (d) => log.push(String(d)));
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${log.join('').slice(-3000)}`);
      if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(log.join('')).toContain(`Opora is running at ${url}`);
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { user { email } } }' }) });
    expect(await res.json()).toEqual({ data: { viewer: null } });
    // Not in demo mode: nothing names demo accounts.
    expect((await fetch(`${url}/demo-accounts`)).status).toBe(404);
    // No TypeScript loader in the process: every module it ran is JavaScript.
    expect(log.join('')).not.toMatch(/tsx|\.ts:\d+/);
  });
});
