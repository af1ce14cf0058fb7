import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { printedSchema } from '../src/index.ts';

// schema.graphql is what clients and reviewers read: it must be the schema the server runs.
test('schema/schema.graphql is up to date (run `cd schema && npx tsx src/print.ts`)', () => {
  const committed = readFileSync(fileURLToPath(new URL('../schema.graphql', import.meta.url)), 'utf8');
  expect(committed).toBe(printedSchema());
});
