import { getOperationAST, parse } from 'graphql';
import { isExpensiveRootField, MAX_TOKENS } from "./limits.js";
import { rootFieldNames } from "./rate-limit.js";
export class GateRefusal extends Error {
    reason;
    constructor(reason) {
        super(`request gate: ${reason}`);
        this.reason = reason;
        this.name = 'GateRefusal';
    }
}
export function createRequestGate(options) {
    let running = 0;
    let runningAggregate = 0;
    const staff = [];
    const aggregate = [];
    const pump = () => {
        while (running < options.slots) {
            const next = staff.shift();
            if (next) {
                running++;
                next.admit();
                continue;
            }
            if (aggregate.length && runningAggregate < options.aggregateSlots) {
                running++;
                runningAggregate++;
                aggregate.shift().admit();
                continue;
            }
            break;
        }
    };
    return {
        options,
        state: () => ({ running, runningAggregate, waitingStaff: staff.length, waitingAggregate: aggregate.length }),
        async run(kind, work) {
            const queue = kind === 'staff' ? staff : aggregate;
            if (kind === 'aggregate' && aggregate.length >= options.aggregateQueue)
                throw new GateRefusal('queueFull');
            await new Promise((resolve, reject) => {
                const waiter = {
                    admit: () => {
                        clearTimeout(timer);
                        resolve();
                    },
                };
                const timer = setTimeout(() => {
                    const at = queue.indexOf(waiter);
                    if (at >= 0)
                        queue.splice(at, 1);
                    reject(new GateRefusal('waitedTooLong'));
                }, options.maxWaitMs);
                queue.push(waiter);
                pump();
            });
            try {
                return await work();
            }
            finally {
                running--;
                if (kind === 'aggregate')
                    runningAggregate--;
                pump();
            }
        },
    };
}
/** The gate for a database: one transaction at a time on PGlite; part of the pool for aggregates on PostgreSQL. */
export function defaultGateOptions(kind, maxWaitMs, connections) {
    if (kind === 'pglite')
        return { slots: 1, aggregateSlots: 1, aggregateQueue: 8, maxWaitMs };
    const size = connections;
    // Two connections of the pool always stay for staff work.
    return { slots: Number.POSITIVE_INFINITY, aggregateSlots: Math.max(1, size - 2), aggregateQueue: 4 * size, maxWaitMs };
}
// Parsed documents by text (the web app sends a few dozen distinct ones); bounded.
const parsed = new Map();
/**
 * From the document alone (before any transaction): a query with an expensive root field is
 * aggregate work; a mutation that signs in is sign-in; everything else is staff work.
 */
export function requestKind(body, search) {
    let query;
    let operationName;
    if (body && typeof body === 'object') {
        ({ query, operationName } = body);
    }
    else {
        const params = new URLSearchParams(search);
        query = params.get('query');
        operationName = params.get('operationName');
    }
    if (typeof query !== 'string')
        return 'staff';
    let document = parsed.get(query);
    if (document === undefined) {
        try {
            document = parse(query, { maxTokens: MAX_TOKENS });
        }
        catch {
            document = null; // Apollo answers the syntax error
        }
        if (parsed.size >= 500)
            parsed.clear();
        parsed.set(query, document);
    }
    if (!document)
        return 'staff';
    const operation = getOperationAST(document, typeof operationName === 'string' ? operationName : undefined);
    if (!operation)
        return 'staff';
    const roots = rootFieldNames(operation, document);
    if (operation.operation === 'mutation')
        return roots.includes('login') ? 'signIn' : 'staff';
    if (operation.operation !== 'query')
        return 'staff';
    return roots.some(isExpensiveRootField) ? 'aggregate' : 'staff';
}
//# sourceMappingURL=request-gate.js.map