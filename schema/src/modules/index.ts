// Gathers the domain modules; each registers its own types, queries, mutations and rules.
import './scalars.ts';
import './enums.ts';
import './catalogue.ts';
import './viewer.ts';
import './center.ts';
import './client.ts';
