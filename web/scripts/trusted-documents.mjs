#!/usr/bin/env node
// Writes dist/trusted-documents.json: every operation the web app can send, so that in
// production the server runs these and nothing else (server/src/trusted-documents.ts).
// Operations are the `graphql(`…`)` literals in src/; each gets the fragments it spreads.
// Keys are sha256 of the canonical form (definitions sorted, printed by graphql-js,
// `__typename` removed), the same rules the server applies to what it receives.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';

const root = new URL('..', import.meta.url).pathname;
const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
})(join(root, 'src'));

// gql.tada's `@_unmask` on a fragment is for the type checker: its graphql() drops it at run time
// from a fragment that opens its own literal, so the app never sends it. The manifest holds what
// the app sends, or every operation spreading such a fragment is refused as UNTRUSTED_DOCUMENT
// (issue #17: the day view's MyWork and the hold/miss/cancel mutations were).
const CLIENT_ONLY_DIRECTIVES = new Set(['_unmask']);
const clientSide = (fragment) => ({ ...fragment, directives: fragment.directives?.filter((d) => !CLIENT_ONLY_DIRECTIVES.has(d.name.value)) });

const operations = [];
const fragments = new Map();
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/graphql\(\s*`([^`]*)`/g)) {
    const document = parse(match[1], { noLocation: true });
    for (const [i, definition] of document.definitions.entries()) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, i === 0 ? clientSide(definition) : definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ definition, file });
    }
  }
}

function spreadsOf(node, seen = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is used but not defined`);
      seen.add(name);
      spreadsOf(fragment, seen);
    },
  });
  return seen;
}

function canonical(document) {
  const stripped = visit(document, { Field: (n) => (n.name.value === '__typename' && !n.alias ? null : undefined) });
  const key = (d) => `${d.kind === Kind.OPERATION_DEFINITION ? '0' : '1'}:${d.name ? d.name.value : ''}`;
  return print({ ...stripped, definitions: [...stripped.definitions].sort((a, b) => key(a).localeCompare(key(b))) });
}

const documents = {};
const names = new Set();
for (const { definition, file } of operations) {
  const name = definition.name?.value;
  if (!name) throw new Error(`${file}: every operation needs a name`);
  if (names.has(name)) throw new Error(`${file}: operation name ${name} is used twice`);
  names.add(name);
  const document = { kind: Kind.DOCUMENT, definitions: [definition, ...[...spreadsOf(definition)].map((n) => fragments.get(n))] };
  const text = canonical(document);
  documents[createHash('sha256').update(text, 'utf8').digest('hex')] = text;
}

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/trusted-documents.json'), `${JSON.stringify({ documents }, null, 1)}\n`);
console.log(`Trusted documents: ${Object.keys(documents).length} operations → dist/trusted-documents.json`);
