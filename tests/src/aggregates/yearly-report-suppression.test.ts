import { describe, expect, test } from 'vitest';
import { publishFigures, reportSystem, YEARLY_REPORT_HIDDEN as HIDDEN, type ShownFigures, type YearlyFigures } from '@opora/schema';
import { audit, describeBreach, type Figure } from './lp-audit.ts';

// The published copy of a yearly report (what network and municipal readers get) against the
// linear-programming attacker: every figure of the report a reader can obtain, printed or derived
// (the total of people from "people per place", since places are printed; "not satisfied" as
// respondents minus satisfied), each a sum of finest cells, with the identity that the age bands
// and "with a record + anonymous" count the same people. No hidden figure may be pinned exactly or
// shown to be below k. The report is a table of its own: its definitions (per legal service type,
// a calendar year, people in the type's sessions and contacts) meet no dashboard figure in an
// equation (see the report of this change).

const K = 5;

/** A report with small cells in every table: anonymous people, an age band, an outcome, a complaint outcome, dissatisfied answers. */
const SMALL: YearlyFigures = {
  year: 2025,
  serviceType: 'SP_PSYCHOLOGICAL_THERAPY',
  activities: [{ nameBg: 'Психологична терапия', nameEn: 'Psychological therapy' }],
  people: {
    withRecord: 40,
    anonymous: 3,
    byAge: [{ key: 'AGE_3_6', n: 20 }, { key: 'AGE_7_13', n: 21 }, { key: 'AGE_14_17', n: 2 }],
    byTargetGroup: [{ key: 'TG_A', nameBg: 'А', nameEn: 'A', n: 12 }, { key: 'TG_B', nameBg: 'Б', nameEn: 'B', n: 2 }],
  },
  cases: { total: 30, opened: 12, closed: 9, byOutcome: [{ key: 'GOALS_MET', n: 6 }, { key: 'FAMILY_REINTEGRATION', n: 2 }, { key: 'UNKNOWN', n: 1 }] },
  sessions: [{ kind: 'INDIVIDUAL', count: 300, hours: 250 }],
  capacity: { places: 30, ownCapacities: true },
  staff: { count: 6, fte: 5.5 },
  training: { count: 3, hours: 40 },
  supervision: { internal: 4, external: 2, hours: 18 },
  complaints: { received: 11, open: 2, byOutcome: [{ key: 'UPHELD', n: 6 }, { key: 'NOT_UPHELD', n: 3 }] },
  satisfaction: { surveys: 1, respondents: 40, satisfied: 37 },
};

/** What a reader obtains for each figure of the report's system, from a published copy. */
function obtained(p: ShownFigures, f: YearlyFigures): Map<string, number | null> {
  const n = (v: number | string): number | null => (v === HIDDEN ? null : (v as number));
  const out = new Map<string, number | null>();
  out.set('people.withRecord', n(p.people.withRecord));
  out.set('people.anonymous', n(p.people.anonymous));
  // "People per place" with the places printed gives the total away (taken as exact: the attacker's best case).
  out.set('people.total', p.capacity.perPlace === HIDDEN ? null : f.people.withRecord + f.people.anonymous);
  for (const a of p.people.byAge) out.set(`people.age.${a.key}`, n(a.n));
  for (const t of p.people.byTargetGroup) out.set(`people.target.${t.key}`, n(t.n));
  out.set('cases.opened', n(p.cases.opened));
  out.set('cases.closed', n(p.cases.closed));
  for (const o of p.cases.byOutcome) out.set(`cases.outcome.${o.key}`, n(o.n));
  out.set('complaints.received', n(p.complaints.received));
  out.set('complaints.open', n(p.complaints.open));
  for (const o of p.complaints.byOutcome) out.set(`complaints.outcome.${o.key}`, n(o.n));
  const respondents = n(p.satisfaction.respondents);
  const satisfied = n(p.satisfaction.satisfied);
  out.set('satisfaction.respondents', respondents);
  out.set('satisfaction.satisfied', satisfied);
  out.set('satisfaction.notSatisfied', respondents !== null && satisfied !== null ? respondents - satisfied : null);
  return out;
}

async function attack(published: ShownFigures, f: YearlyFigures) {
  const { system } = reportSystem(f);
  const values = obtained(published, f);
  const figures: Figure[] = system.figures.map((fig) => {
    expect(values.has(fig.id), `${fig.id} is read from the published copy`).toBe(true);
    return { id: fig.id, cells: fig.cells, value: values.get(fig.id)! };
  });
  return audit({
    figures,
    identities: (system.identities ?? []).map((i) => ({ left: i.plus, right: i.minus })),
    k: K,
    truth: system.values,
  });
}

describe('the published copy of a yearly report', () => {
  test('hides every small count and enough complements that the LP attacker pins none of them', async () => {
    const published = publishFigures(SMALL, K);
    expect(published.k).toBe(K);
    const result = await attack(published, SMALL);
    expect(result.breaches.map((b) => describeBreach(b, K))).toEqual([]);
    // It did hide something in each table, and every printed count of people is 0 or at least k.
    expect(published.people.anonymous).toBe(HIDDEN);
    expect(published.people.byAge.find((a) => a.key === 'AGE_14_17')!.n).toBe(HIDDEN);
    expect(published.cases.byOutcome.filter((o) => o.n === HIDDEN).length).toBeGreaterThanOrEqual(2);
    expect(published.satisfaction.satisfied).toBe(HIDDEN);
    const printed = [...obtained(published, SMALL).entries()].filter(([id, v]) => id !== 'satisfaction.notSatisfied' && v !== null).map(([id, v]) => [id, v!] as const);
    expect(printed.filter(([, v]) => v > 0 && v < K)).toEqual([]);
    // Numbers that are shown are the true ones; nothing outside people, cases, complaints and answers is touched.
    expect(published.people.withRecord === HIDDEN || published.people.withRecord === 40).toBe(true);
    expect(published.sessions).toEqual(SMALL.sessions);
    expect(published.staff).toEqual(SMALL.staff);
  });

  test('the attacker has teeth: the rule the API used before (one more part of a breakdown) leaks the anonymous count', async () => {
    // Before: 1..k-1 hidden, and when exactly one part of a breakdown is hidden the next smallest
    // too; "people per place" was shown whenever the total was k or more.
    const before = publishFigures(SMALL, K);
    const leaky: ShownFigures = {
      ...before,
      people: {
        ...before.people,
        withRecord: 40,
        anonymous: HIDDEN,
        byAge: [{ key: 'AGE_3_6', n: HIDDEN }, { key: 'AGE_7_13', n: 21 }, { key: 'AGE_14_17', n: HIDDEN }],
      },
      capacity: { places: 30, perPlace: 1.43 },
    };
    const result = await attack(leaky, SMALL);
    expect(result.breaches.flatMap((b) => b.ids)).toContain('people.anonymous');
  });

  test('a report with nothing small hides nothing; an empty one neither', async () => {
    const big: YearlyFigures = {
      ...SMALL,
      people: { withRecord: 40, anonymous: 10, byAge: [{ key: 'AGE_3_6', n: 25 }, { key: 'AGE_7_13', n: 25 }], byTargetGroup: [] },
      cases: { total: 30, opened: 12, closed: 9, byOutcome: [{ key: 'GOALS_MET', n: 9 }] },
      complaints: { received: 0, open: 0, byOutcome: [] },
      satisfaction: { surveys: 0, respondents: 0, satisfied: 0 },
    };
    const published = publishFigures(big, K);
    expect(JSON.stringify(published)).not.toContain(`"${HIDDEN}"`);
    expect((await attack(published, big)).breaches).toEqual([]);
  });
});
