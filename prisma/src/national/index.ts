// The national-scale dataset for benchmarks (see tests/bench and docs/benchmarks.md).
export { DEFAULT_NATIONAL, generateNational, type NationalOptions, type GenerateStats } from './generate.ts';
export { fingerprint, loadNationalPglite, loadNationalPostgres, refreshAggregates, withDatabaseName, NATIONAL_GENERATOR_VERSION, type LoadReport } from './load.ts';
