// @spectral-ts/results: public API. The results-directory contract (types), atomic writes, reading with validation,
// aggregation into summaries, and CSV export.
export * from './types';
export {
  WriteError,
  isTemporaryFile,
  jsonFileText,
  removeTemporaryFiles,
  sha256File,
  sha256Hex,
  temporaryTarget,
  writeFileAtomic,
  writeJsonAtomic,
} from './atomic-write';
export { foreignEntries } from './foreign-entries';
export {
  ACCURACY_CSV,
  CLAIMS_DIR,
  COMPARE_HTML,
  COMPARE_JSON,
  COMPARE_MD,
  CONFIG_FILE,
  CURVES_CSV,
  DATA_DIR,
  FIGURES_DIR,
  FINGERPRINT_FILE,
  GRAPHS_DIR,
  GROUPS_CSV,
  REPORT_HTML,
  REPORT_MD,
  RESULTS_ROOT,
  SLURM_DIR,
  SUMMARY_FILE,
  TABLES_DIR,
  TEACHERS_DIR,
  TRIALS_CSV,
  TRIALS_DIR,
  WEIGHTS_DIR,
  WRITE_PROBE_PREFIX,
  assertSafeId,
  resultsPaths,
  weightsRelative,
} from './layout';
export type { FolderRule } from './layout';
export type { TrialAnalyses, TrialAnalysisContext, TrialAnalysisOptions } from './analyze-trial';
export { analyzeTrial } from './analyze-trial';
export { averageCurves, groupKey, groupRecords, summarize, summarizeGroup, teachersOf } from './aggregate';
export type { GroupOrder, RunInfo } from './aggregate';
export { HALF_REMOVED, summarizeClassification } from './classification-summary';
export {
  ACCURACY_COLUMNS,
  CURVE_COLUMNS,
  GROUP_CLASSIFICATION_COLUMNS,
  GROUP_COLUMNS,
  TRIAL_CLASSIFICATION_COLUMNS,
  TRIAL_COLUMNS,
  accuracyCsv,
  curvesCsv,
  hasClassification,
  groupsCsv,
  sweepColumns,
  toCsv,
  trialsCsv,
  writeCsvFiles,
} from './csv';
export {
  readJsonFile,
  readResults,
  readTrialRecords,
  readTrialWeights,
  validateSummary,
  validateTrialRecord,
  weightsFileProblem,
} from './read-results';
export type { ResultsDirectory, TrialScan } from './read-results';
