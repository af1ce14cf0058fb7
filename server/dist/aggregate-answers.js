import { createHash } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { ensureFresh, registerAggregateCache } from '@opora/schema';
import { LRUCache } from 'lru-cache';
import { rootFieldNames } from "./rate-limit.js";
// Whole answers of the network's and municipalities' screens, cached per process. They hold
// only published (suppressed) counts, and two viewers with the same scope get the same answer
// to the same question, so the answer is keyed by that scope, never by who asks: the role and
// the network or municipality of the active membership, the language, the question itself,
// and the versions of the rollups and the catalogue (moved by every refresh that rebuilds
// anything and by any catalogue change), so an answer is never older than the data. Rate
// limits and operation checks run before the lookup (didResolveOperation), as for any answer.
const CACHEABLE_ROOTS = new Set(['networkComparison', 'municipalDashboard', 'municipalAnnualAnalysis']);
const servedBodies = new WeakMap();
/** The kept text of a cached answer served to this HTTP request, if one was. */
export function servedBody(httpRequest) {
    return servedBodies.get(httpRequest);
}
export function aggregateAnswerPlugin() {
    const answers = new LRUCache({ max: 200 });
    registerAggregateCache(() => answers.clear());
    return {
        async requestDidStart() {
            let key = null;
            return {
                async responseForOperation(request) {
                    const { operation, document, contextValue: ctx } = request;
                    const m = ctx.viewer?.membership;
                    // Only the aggregate roles: a center's own staff read their own center's reports.
                    // No operation (an unknown operation name): nothing to look up, the error follows.
                    if (!operation || !document || operation.operation !== 'query' || !m || m.centerId || !(m.networkId || m.municipalityId))
                        return null;
                    const roots = rootFieldNames(operation, document);
                    if (roots.length === 0 || !roots.every((r) => CACHEABLE_ROOTS.has(r)))
                        return null;
                    const versions = await ensureFresh(ctx);
                    key = createHash('sha256')
                        .update(JSON.stringify([versions.data, versions.catalogue, ctx.locale, m.role, m.networkId, m.municipalityId]))
                        .update('\0')
                        .update(request.source ?? '')
                        .update('\0')
                        .update(JSON.stringify([request.operationName ?? null, request.request.variables ?? {}]))
                        .digest('hex');
                    const hit = answers.get(key);
                    if (!hit || !request.request.http)
                        return null;
                    key = null; // served from the cache: nothing to store
                    servedBodies.set(request.request.http, hit.body);
                    return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single', singleResult: { data: null } } };
                },
                async willSendResponse({ response }) {
                    if (!key || response.body.kind !== 'single' || response.body.singleResult.errors?.length)
                        return;
                    // As Apollo writes a single result (prettyJSONStringify).
                    answers.set(key, { body: `${JSON.stringify(response.body.singleResult)}\n` });
                },
            };
        },
    };
}
//# sourceMappingURL=aggregate-answers.js.map