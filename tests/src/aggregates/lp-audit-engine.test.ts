import { expect, test } from 'vitest';
import { protect } from '@opora/schema';
import { auditProtected, generateSystems, type SystemVerdict } from './generated-systems.ts';

// The suppression engine against the LP attacker on ~200 generated systems: one-way and two-way
// tables with margins, a year of months and quarters, the municipal crossing of residents and
// territory, settlements nested in municipalities. Mostly small counts, so suppression is heavy.

const K = 5;

test('no hidden figure of a generated system is recovered or shown below k', { timeout: 120_000 }, async () => {
  const systems = generateSystems(20261202, 200);
  const verdicts: SystemVerdict[] = [];
  for (const g of systems) verdicts.push(await auditProtected(g, protect(g.system, K), K));
  const figures = verdicts.reduce((s, v) => s + v.figures, 0);
  const published = verdicts.reduce((s, v) => s + v.published, 0);
  console.log(`[lp-audit] ${systems.length} generated systems: ${published} of ${figures} figures published (${((100 * published) / figures).toFixed(1)}%)`);
  const failing = verdicts.filter((v) => v.problems.length > 0);
  expect(failing.map((v) => `${v.name}:\n  ${v.problems.slice(0, 10).join('\n  ')}${v.problems.length > 10 ? `\n  … and ${v.problems.length - 10} more` : ''}`)).toEqual([]);
});
