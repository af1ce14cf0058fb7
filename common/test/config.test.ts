import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultOf, loadConfig, setting, VARIABLES } from '@opora/common/config';

// One validated configuration: README's table is the module's, a wrong value is refused with
// its name (also by the real server at start), and nothing else reads the environment.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readmeTable(): Array<{ name: string; default: string; meaning: string }> {
  const section = readFileSync(path.join(root, 'README.md'), 'utf8').split('## Configuration')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .map((line) => /^\| `([A-Z0-9_]+)` \| (.*?) \| (.*) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, default: m[2]!, meaning: m[3]! }));
}

describe("README's configuration table", () => {
  it('documents every variable of the module, and no other, with its default and meaning', () => {
    const table = readmeTable();
    expect(table.map((r) => r.name).sort()).toEqual(Object.keys(VARIABLES).sort());
    for (const row of table) {
      const v = VARIABLES[row.name as keyof typeof VARIABLES];
      expect({ name: row.name, default: row.default, meaning: row.meaning }).toEqual({ name: row.name, default: v.default, meaning: v.meaning });
    }
  });

  it('shows the defaults the module applies', () => {
    for (const row of readmeTable()) {
      const m = /^`([^`]+)`$/.exec(row.default);
      const name = row.name as keyof typeof VARIABLES;
      if (!m || name === 'OPORA_DATA_DIR' || name === 'OPORA_TRUSTED_DOCUMENTS' || name === 'OPORA_BACKUP_DIR') continue; // resolved paths, not values
      expect(String(defaultOf(name)), name).toBe(m[1]);
    }
  });
});

describe('a wrong value', () => {
  const bad: Record<string, string> = {
    DATABASE_POOL_MAX: 'ten',
    DATABASE_TX_MAX_WAIT_MS: '-5',
    DATABASE_TX_TIMEOUT_MS: '1.5',
    DATABASE_NAMED_STATEMENTS: 'no',
    OPORA_SESSION_TTL_MINUTES: '0',
    OPORA_SUPPRESSION_K: '2',
    PORT: '70000',
    OPORA_TRUSTED_PROXIES: '10.0.0.1, proxy.local',
  };

  for (const [name, value] of Object.entries(bad)) {
    it(`${name}=${value} is refused with its name`, () => {
      expect(() => setting(name as keyof typeof VARIABLES, { [name]: value })).toThrow(new RegExp(`${name}: .*\\(got "${value}"\\)`));
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(name);
    });
  }

  it('all wrong values are named at once; right ones are typed', () => {
    const error = (() => {
      try {
        loadConfig({ DATABASE_POOL_MAX: '0', OPORA_SESSION_TTL_MINUTES: 'forever' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_POOL_MAX', 'OPORA_SESSION_TTL_MINUTES']);
    const c = loadConfig({ DATABASE_POOL_MAX: '25', OPORA_SESSION_TTL_MINUTES: ' 60 ', DATABASE_NAMED_STATEMENTS: '0', OPORA_DEMO: '' });
    expect(c).toMatchObject({ DATABASE_POOL_MAX: 25, OPORA_SESSION_TTL_MINUTES: 60, DATABASE_NAMED_STATEMENTS: false, DATABASE_TX_TIMEOUT_MS: 15_000, demo: true });
  });

  it('stops the server at start, before it opens a database', async () => {
    const run = promisify(execFile);
    const failed = await run('npx', ['tsx', 'src/main.ts'], {
      cwd: path.join(root, 'server'),
      env: { ...process.env, DATABASE_URL: '', OPORA_DATA_DIR: 'memory://', DATABASE_TX_TIMEOUT_MS: 'soon' },
      timeout: 60_000,
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('DATABASE_TX_TIMEOUT_MS');
  });
});

describe('the environment is read in one place', () => {
  it('no product source outside common/src/config.ts reads process.env (OPORA_SUPPRESSION_K excepted, see the module)', () => {
    const allowed = new Set(['common/src/config.ts', 'schema/src/aggregates/suppression.ts']);
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir))) {
        const rel = `${dir}/${entry}`;
        if (entry === 'node_modules' || entry === 'generated') continue;
        if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(entry) && readFileSync(path.join(root, rel), 'utf8').includes('process.env') && !allowed.has(rel)) readers.push(rel);
      }
    };
    for (const dir of ['common/src', 'prisma/src', 'schema/src', 'server/src']) walk(dir);
    expect(readers).toEqual([]);
  });
});
