// Writes schema/schema.graphql, the SDL that clients and reviewers read.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printedSchema } from "./index.js";
const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
writeFileSync(target, printedSchema());
console.log(`wrote ${target}`);
//# sourceMappingURL=print.js.map