export { createOporaServer } from "./app.js";
export { createLogger } from "./logger.js";
export { loadConfig } from "./config.js";
export { createRateLimits } from "./rate-limit.js";
export { loadTrustedDocuments, trustedDocumentsFrom, canonicalDocument, canonicalHash, sha256 } from "./trusted-documents.js";
export * as limits from "./limits.js";
export { requestLimits } from "./limit-rules.js";
//# sourceMappingURL=index.js.map