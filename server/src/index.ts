export { createOporaServer, type OporaServer, type OporaServerOptions } from './app.ts';
export { createLogger } from './logger.ts';
export { loadConfig } from './config.ts';
export { createRateLimits, type RateLimits } from './rate-limit.ts';
export { loadTrustedDocuments, trustedDocumentsFrom, canonicalDocument, canonicalHash, sha256, type TrustedDocuments } from './trusted-documents.ts';
export * as limits from './limits.ts';
export { requestLimits } from './limit-rules.ts';
export { prepareAggregateDecisions } from './aggregate-decisions.ts';
export { setUpServerWorkers, WORKER_NODE_FLAGS } from './cluster-workers.ts';
