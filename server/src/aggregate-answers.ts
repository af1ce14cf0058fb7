import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { approvalsStamp, ensureFresh, registerAggregateCache } from '@opora/schema';
import type { Context } from '@opora/schema';
import type { FormattedExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import { rootFieldNames } from './rate-limit.ts';

// Whole answers of the network's and municipalities' screens, cached per process. They hold
// only published (suppressed) counts, and two viewers with the same scope get the same answer
// to the same question, so the answer is keyed by that scope, never by who asks: the role and
// the network or municipality of the active membership, the language, the question itself,
// and the versions of the rollups and the catalogue (moved by every refresh that rebuilds
// anything and by any catalogue change) and where the period approvals stand (an approval, a
// change after it, an approval again), so an answer is never older than the data. Rate
// limits and operation checks run before the lookup (didResolveOperation), as for any answer.

const CACHEABLE_ROOTS: ReadonlySet<string> = new Set(['networkComparison', 'municipalDashboard', 'municipalAnnualAnalysis']);

// An answer is kept as the JSON text it was sent as: a network's comparison is 140 KB of JSON,
// and writing it out again took longer than everything else a cached answer costs. Apollo gets
// a stand-in and the transport sends the kept text (servedBody), keyed by the request it read.
type Answer = { body: string };
const servedBodies = new WeakMap<object, string>();

/** The kept text of a cached answer served to this HTTP request, if one was. */
export function servedBody(httpRequest: object): string | undefined {
  return servedBodies.get(httpRequest);
}

export function aggregateAnswerPlugin(): ApolloServerPlugin<Context> {
  const answers = new LRUCache<string, Answer>({ max: 200 });
  registerAggregateCache(() => answers.clear());
  return {
    async requestDidStart() {
      let key: string | null = null;
      return {
        async responseForOperation(request: GraphQLRequestContextResponseForOperation<Context>) {
          const { operation, document, contextValue: ctx } = request;
          const m = ctx.viewer?.membership;
          // Only the aggregate roles: a center's own staff read their own center's reports.
          // No operation (an unknown operation name): nothing to look up, the error follows.
          if (!operation || !document || operation.operation !== 'query' || !m || m.centerId || !(m.networkId || m.municipalityId)) return null;
          const roots = rootFieldNames(operation, document);
          if (roots.length === 0 || !roots.every((r) => CACHEABLE_ROOTS.has(r))) return null;
          const versions = await ensureFresh(ctx);
          // The approval marks the screens show move without the rollups (period-approvals.ts).
          const approvals = await approvalsStamp(ctx);
          key = createHash('sha256')
            .update(JSON.stringify([versions.data, versions.catalogue, approvals, ctx.locale, m.role, m.networkId, m.municipalityId]))
            .update('\0')
            .update(request.source ?? '')
            .update('\0')
            .update(JSON.stringify([request.operationName ?? null, request.request.variables ?? {}]))
            .digest('hex');
          const hit = answers.get(key);
          if (!hit || !request.request.http) return null;
          key = null; // served from the cache: nothing to store
          servedBodies.set(request.request.http, hit.body);
          return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single', singleResult: { data: null } } };
        },
        async willSendResponse({ response }) {
          if (!key || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          // As Apollo writes a single result (prettyJSONStringify).
          answers.set(key, { body: `${JSON.stringify(response.body.singleResult as FormattedExecutionResult)}\n` });
        },
      };
    },
  };
}
