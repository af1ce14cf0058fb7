import { describe, expect, test } from 'vitest';
import { getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLNamedType } from 'graphql';
import { buildPlainSchema } from '@opora/schema';

// No path from the aggregate surface to a person: walk every type reachable from each aggregate
// entry point (fields, arguments' types excluded: they are inputs) and fail on any person-level type.
const ENTRY_POINTS = ['indicators', 'networkComparison', 'municipalDashboard', 'providerAnnualReport', 'municipalAnnualAnalysis', 'municipalAnalysis'];
const PERSON_LEVEL = /^(Client|Household|HouseholdMember|Case|CaseParticipant|CaseTeamMember|CaseStatusChange|Assessment|SupportPlan|SupportPlanGoal|PlannedService|PlanReview|Session|SessionStaff|SessionClient|Note|CaseNote|Consent|AuditEvent|AuditTrail|GroupProgramParticipant|Attendance|OpenAccessContact|Membership|User|Node|Center|Team)(Connection|Edge)?$/;

function reachable(from: GraphQLNamedType): Map<string, string> {
  const paths = new Map<string, string>([[from.name, from.name]]);
  const queue: GraphQLNamedType[] = [from];
  while (queue.length) {
    const type = queue.shift()!;
    const next: GraphQLNamedType[] = [];
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const t = getNamedType(field.type);
        if (!paths.has(t.name)) {
          paths.set(t.name, `${paths.get(type.name)}.${field.name}`);
          next.push(t);
        }
      }
      if (isInterfaceType(type)) next.push(...buildPlainSchema().getPossibleTypes(type));
    }
    if (isUnionType(type)) next.push(...type.getTypes());
    for (const t of next) {
      if (!paths.has(t.name)) paths.set(t.name, `${paths.get(type.name)}…${t.name}`);
      queue.push(t);
    }
  }
  return paths;
}

describe('the aggregate surface has no path to a person', () => {
  const schema = buildPlainSchema();
  const query = schema.getQueryType()!;

  test.each(ENTRY_POINTS)('%s', (name) => {
    const field = query.getFields()[name];
    expect(field, `Query.${name} exists`).toBeDefined();
    const paths = reachable(getNamedType(field!.type));
    const leaks = [...paths.entries()].filter(([type]) => PERSON_LEVEL.test(type)).map(([, path]) => path);
    expect(leaks).toEqual([]);
    // The walk really walks: the tables, cells and values are on the way.
    if (name === 'municipalAnalysis') expect([...paths.keys()]).toEqual(expect.arrayContaining(['MunicipalAnalysisTable', 'MunicipalAnalysisCell', 'MunicipalAnalysisReport']));
    else if (name !== 'indicators') expect([...paths.keys()]).toEqual(expect.arrayContaining(['IndicatorTable', 'AggregateCell', 'AggregateValue']));
  });

  test('the walker does find a person where there is a path (self-check)', () => {
    const viewer = query.getFields()['viewer'];
    if (!viewer) return;
    const paths = reachable(getNamedType(viewer.type));
    expect([...paths.keys()].some((t) => PERSON_LEVEL.test(t))).toBe(true);
  });
});
