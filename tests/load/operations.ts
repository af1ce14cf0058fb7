import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { limits, requestLimits } from '@opora/server';
import { rootFieldQuery } from '../src/support/query-generator.ts';

export type LoadOperation = {
  name: string;
  /** Who runs it: center staff, the network analyst or a municipal viewer. */
  role: 'staff' | 'network' | 'municipal';
  query: string;
  variables: Record<string, unknown>;
};

// The screens' main queries, built from the schema so the load test follows it as it grows:
// the staff caseload, clients and sessions, and every aggregate root field of the network
// and municipal surface. Selections: every scalar three levels down (a list row and its
// direct relations, like the screens), within the request limits.
const STAFF_FIELDS = ['caseload', 'myCases', 'cases', 'clients', 'todaysSessions', 'mySessions', 'sessions'];

export function loadOperations(schema: GraphQLSchema): LoadOperation[] {
  const rules = requestLimits(false).validationRules;
  const fields = Object.keys(schema.getQueryType()!.getFields());
  const build = (field: string, role: LoadOperation['role']): LoadOperation | null => {
    for (let depth = 3; depth >= 2; depth--) {
      const selection = rootFieldQuery(schema, field, { maxDepth: depth });
      if (!selection) return null;
      const query = `query Load_${field} { ${selection} }`;
      const doc = parse(query);
      if (validate(schema, doc, [...specifiedRules, ...rules]).length === 0) return { name: field, role, query, variables: {} };
    }
    return null;
  };
  const staff = STAFF_FIELDS.filter((f) => fields.includes(f)).map((f) => build(f, 'staff'));
  const aggregate = fields
    .filter((f) => limits.isExpensiveRootField(f) && /^(network|indicator|municipal)/i.test(f))
    .map((f) => build(f, /^municipal/i.test(f) ? 'municipal' : 'network'));
  return [...staff, ...aggregate].filter((o): o is LoadOperation => o !== null);
}
