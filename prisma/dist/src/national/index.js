// The national-scale dataset for benchmarks (see tests/bench and docs/benchmarks.md).
export { DEFAULT_NATIONAL, generateNational } from "./generate.js";
export { fingerprint, loadNationalPglite, loadNationalPostgres, refreshAggregates, withDatabaseName, NATIONAL_GENERATOR_VERSION } from "./load.js";
//# sourceMappingURL=index.js.map