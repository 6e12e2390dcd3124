// @spectral-ts/cli: public API. The same operations as the `spectral` command, as functions.
export { main, buildProgram } from './cli';
export { EXIT, UsageError } from './errors';
export { runExperiment, buildSummary } from './run-experiment';
export type { RunOptions, RunOutcome } from './run-experiment';
export { experimentConfigSchema, configJsonSchema } from './config/schema';
export type { ExperimentConfig, ExperimentConfigInput } from './config/schema';
export { parseConfig, readConfigFile, applyOverrides, describeIssue } from './config/load-config';
export type { ConfigOverrides } from './config/load-config';
export { resolveConfig, configDifferences, strategyOptionsFor } from './config/resolve';
export type { ResolvedConfig } from './config/resolve';
export { planUnits, trialId, unitCost } from './units';
export type { UnitSpec } from './units';
export { runUnit, teacherContext } from './run-unit';
export type { UnitProgress, UnitResult } from './run-unit';
export { loadPlugin, loadPlugins, loadedPlugins, pluginRegistries } from './plugins';
export type { PluginRegistries } from './plugins';
export { analyzeNetwork } from './commands/analyze';
export type { AnalyzeOptions, AnalyzeReport } from './commands/analyze';
export { pruneNetwork } from './commands/prune';
export type { PruneOptions, PruneReport } from './commands/prune';
export { writeReportFor } from './commands/report';
export { runWorker } from './commands/worker';
export type { WorkerOptions, WorkerOutcome } from './commands/worker';
export type { ProgressMode } from './progress';
export { ClaimStore, DEFAULT_CLAIM_STALE_MS } from './claims';
export type { ClaimInfo, ClaimOptions, ClaimState } from './claims';
export {
  canonicalJson,
  fingerprintDifferences,
  fingerprintRun,
  hashFile,
  isRunFingerprint,
  SPECTRAL_VERSION,
} from './fingerprint';
export type { RunFingerprint } from './fingerprint';
export { balancedSlices, parseShard, shardFromEnvironment } from './shard';
export type { Shard } from './shard';
export { TrialStore } from './trial-store';
export { mergeResults } from './commands/merge';
export type { MergeOutcome } from './commands/merge';
export { formatStatus, runStatus } from './commands/status';
export type { StatusReport, UnitStatus } from './commands/status';
export { slurmScripts, slurmSweep } from './commands/slurm';
export type { SlurmOptions, SlurmOutcome } from './commands/slurm';
export { checkRunLimits, estimateRun, maxWorkers } from './run-limits';
export type { RunEstimate } from './run-limits';
