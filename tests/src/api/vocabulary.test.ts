import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLEnumType } from 'graphql';
import { buildPlainSchema } from '@opora/schema';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_WORDS, ENUM_LABELS, enumLabel, type Bilingual } from '@opora/common/vocabulary';
import { ERROR_CODES, isErrorCode, isMessageKey, MESSAGES } from '@opora/common/messages';
import { bg } from '../../../web/src/i18n/bg.ts';
import { en } from '../../../web/src/i18n/en.ts';
import { DEMO, TestApi } from '../support/api.ts';

// One bilingual vocabulary (common/src/vocabulary.ts) for every enum label: each value has
// both languages, every enum value of the real schema has a label, and the web and the
// server say the same words.

// The aggregate engine's enums keep their labels in its catalogue (reworked separately).
const OUTSIDE_THE_VOCABULARY = new Set(['AggregateDimension', 'IndicatorAggregation', 'IndicatorCode', 'IndicatorUnit']);

const labels = ENUM_LABELS as Record<string, Record<string, Bilingual>>;
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;

describe('the bilingual vocabulary', () => {
  it('gives every value both languages: Bulgarian in Cyrillic, English without it', () => {
    const problems: string[] = [];
    for (const [name, values] of Object.entries(labels)) {
      for (const [value, words] of Object.entries(values)) {
        if (!words.bg?.trim() || !words.en?.trim()) problems.push(`${name}.${value}: a language is missing`);
        else {
          if (LATIN.test(words.bg) || (!CYRILLIC.test(words.bg) && !/^[\d–+ .г]+$/.test(words.bg))) problems.push(`${name}.${value}: bg is not Bulgarian (${words.bg})`);
          if (CYRILLIC.test(words.en)) problems.push(`${name}.${value}: en is in Cyrillic (${words.en})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('labels every value of every enum in the real GraphQL schema, and nothing that is not one', () => {
    const schema = buildPlainSchema();
    const missing: string[] = [];
    const enums = new Map<string, string[]>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(type instanceof GraphQLEnumType) || type.name.startsWith('__') || OUTSIDE_THE_VOCABULARY.has(type.name)) continue;
      enums.set(
        type.name,
        type.getValues().map((v) => v.name),
      );
      for (const v of type.getValues()) if (!labels[type.name]?.[v.value as string]) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
    // A label for a value the schema no longer has is a leftover.
    const stale = Object.entries(labels).flatMap(([name, values]) => Object.keys(values).filter((v) => !enums.get(name)?.includes(v)).map((v) => `${name}.${v}`));
    expect(stale).toEqual([]);
  });

  it('describes every enum value in the SDL with its words, Bulgarian / English', () => {
    // The SDL is what an API client reads: every value of every enum carries the vocabulary's
    // label (made with `labelled` in schema/src/modules/enums.ts), wherever the enum is defined.
    const schema = buildPlainSchema();
    const undescribed: string[] = [];
    let described = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!(type instanceof GraphQLEnumType) || type.name.startsWith('__') || OUTSIDE_THE_VOCABULARY.has(type.name)) continue;
      for (const v of type.getValues()) {
        const words = labels[type.name]?.[v.name];
        if (!v.description?.trim() || !words || !v.description.startsWith(`${words.bg} / ${words.en}`)) undescribed.push(`${type.name}.${v.name}: ${v.description ?? '(none)'}`);
        else described += 1;
      }
    }
    expect(undescribed).toEqual([]);
    expect(described).toBeGreaterThan(150);
  });

  it("holds the printed documents' words: both languages with the same parameters, and no module keeps a bilingual table of its own", () => {
    const problems: string[] = [];
    for (const [key, words] of Object.entries(DOCUMENT_WORDS as Record<string, Bilingual>)) {
      const bare = (s: string) => s.replace(/\{\w+\}/g, '');
      if (!words.bg?.trim() || !words.en?.trim()) problems.push(`${key}: a language is missing`);
      else {
        if (LATIN.test(bare(words.bg)) || !CYRILLIC.test(words.bg)) problems.push(`${key}: bg is not Bulgarian (${words.bg})`);
        if (CYRILLIC.test(words.en)) problems.push(`${key}: en is in Cyrillic (${words.en})`);
        if (paramsOf(words.bg).join() !== paramsOf(words.en).join()) problems.push(`${key}: the languages name different parameters`);
      }
    }
    expect(Object.keys(DOCUMENT_WORDS).length).toBeGreaterThan(100);
    expect(problems).toEqual([]);
    // One home for words: a `{ bg: '…', en: '…' }` table anywhere else on the server side is a second one.
    const tables = SERVER_SIDE.filter((f) => !f.path.includes('/aggregates/') && /\{\s*bg:\s*['"`]/.test(f.text)).map((f) => f.path);
    expect(tables).toEqual([]);
  });

  it("gives the web's dictionaries the vocabulary's words for every enum section", () => {
    // Any section of the web's dictionary whose keys are values of an enum is that enum's
    // labels: it must say what the vocabulary says, in both languages.
    const disagreements: string[] = [];
    let sections = 0;
    for (const [lang, dict] of [['bg', bg], ['en', en]] as const) {
      for (const [section, entries] of Object.entries(dict as Record<string, unknown>)) {
        if (typeof entries !== 'object' || entries === null) continue;
        const keys = Object.keys(entries);
        const candidates = Object.entries(labels).filter(([, values]) => keys.length > 1 && keys.every((k) => k in values));
        if (candidates.length === 0) continue;
        sections += 1;
        const agrees = candidates.some(([, values]) => keys.every((k) => (entries as Record<string, string>)[k] === values[k]![lang]));
        if (!agrees) disagreements.push(`${lang}.${section}`);
      }
    }
    expect(sections).toBeGreaterThanOrEqual(2 * 19);
    expect(disagreements).toEqual([]);
  });

  describe('the server', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await TestApi.start();
    }, 300_000);
    afterAll(async () => {
      await api?.stop();
    });

    it("labels a case's stage and timeline with the vocabulary's words, in the reader's language", async () => {
      const token = await api.login(DEMO.plovdivManager);
      for (const lang of ['bg', 'en'] as const) {
        const res = await api.post(
          { query: `{ cases(first: 50, status: [REFERRED, ASSESSMENT, SUPPORT_PLAN, ACTIVE, CLOSED]) { edges { node { status statusLabel } } } }` },
          { authorization: `Bearer ${token}`, 'x-opora-language': lang },
        );
        const nodes = (res.json.data?.cases.edges ?? []).map((e: { node: { status: string; statusLabel: string } }) => e.node);
        expect(nodes.length).toBeGreaterThan(0);
        for (const n of nodes) {
          expect(n.statusLabel).toBe(enumLabel('CaseStatus', n.status as 'ACTIVE', lang));
          // The web's badge and stage picker read the same dictionary entry.
          expect(n.statusLabel).toBe((lang === 'bg' ? bg : en).caseStatus[n.status as 'ACTIVE']);
        }
      }
    });
  });
});

// Every message a person reads in an error lives once, in @opora/common/messages, for the
// server and the web: both languages, the same parameters, and a translation for every error
// code the server sends or the web looks at.
const ROOT = join(import.meta.dirname, '../../..');
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8') };
    });
}
const SERVER_SIDE = [...sources('server/src'), ...sources('schema/src')];
const paramsOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the messages', () => {
  const messages = MESSAGES as Record<string, Bilingual>;

  it('give every message both languages, with the same parameters', () => {
    const problems: string[] = [];
    for (const [key, words] of Object.entries(messages)) {
      if (!words.bg?.trim() || !words.en?.trim()) problems.push(`${key}: a language is missing`);
      else {
        if (!CYRILLIC.test(words.bg)) problems.push(`${key}: bg is not Bulgarian (${words.bg})`);
        if (!LATIN.test(words.en)) problems.push(`${key}: en is not English (${words.en})`);
        if (paramsOf(words.bg).join() !== paramsOf(words.en).join()) problems.push(`${key}: the languages name different parameters`);
      }
    }
    expect(Object.keys(messages).length).toBeGreaterThan(90);
    expect(problems).toEqual([]);
  });

  it('are the only home of messages: no module keeps a table or a bilingual sentence of its own', () => {
    const elsewhere = SERVER_SIDE.filter(
      (f) =>
        !f.path.includes('/aggregates/') && // the aggregate catalogue is reworked separately
        (/(['"])[^'"\n]*[\u0400-\u04FF][^'"\n]* \/ [A-Z][^'"\n]*\1/.test(f.text) || /messageBg: '/.test(f.text) || /const catalogue = \{/.test(f.text)),
    ).map((f) => f.path);
    expect(elsewhere).toEqual([]);
  });

  it('know every message key a validation names (an unknown key would fall back to "invalid value")', () => {
    const unknown = new Set<string>();
    for (const f of SERVER_SIDE) {
      if (f.path.includes('/aggregates/')) continue;
      for (const m of f.text.matchAll(/(?:message: |\.(?:min|max|length|regex|refine|email|int|gte|lte|nonempty)\([^()']*?)'([a-z]\w+)(?:\|[\w=.,]*)?'/g)) {
        if (!isMessageKey(m[1]!)) unknown.add(`${f.path}: ${m[1]}`);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('say what every error code means, without parameters', () => {
    for (const [code, key] of Object.entries(ERROR_CODES)) expect(paramsOf(MESSAGES[key].bg), code).toEqual([]);
  });

  it('translate every error code the server sends', () => {
    const CODE = /^(?:[A-Z]+_)*(?:ERROR|FAILED|FOUND|FORBIDDEN|INPUT|CONFLICT|TRANSITION|REQUESTS|TIMEOUT|UNAVAILABLE|DOCUMENT|LARGE|ALONE|REQUEST|UNAUTHENTICATED|SUPPORTED|FAILURE)$/;
    const sent = new Set<string>();
    for (const f of SERVER_SIDE) for (const m of f.text.matchAll(/'([A-Z]+(?:_[A-Z]+)*)'/g)) if (CODE.test(m[1]!) && !/^(OPORA|DATABASE)_/.test(m[1]!)) sent.add(m[1]!);
    expect(sent.size).toBeGreaterThan(10);
    expect([...sent].filter((code) => !isErrorCode(code))).toEqual([]);
  });

  it('translate every error code the web looks at', () => {
    const looked = new Set<string>();
    for (const f of sources('web/src')) {
      for (const m of f.text.matchAll(/(?:errorCode\([^()]*(?:\([^()]*\))?[^()]*\)|extensions\?\.code)\s*[!=]==?\s*'([A-Z_]+)'/g)) looked.add(m[1]!);
    }
    expect(looked).toContain('CONFLICT');
    expect([...looked].filter((code) => !isErrorCode(code))).toEqual([]);
  });
});

