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
  writeFileAtomic,
  writeJsonAtomic,
} from './atomic-write';
export {
  ACCURACY_CSV,
  CLAIMS_DIR,
  CONFIG_FILE,
  CURVES_CSV,
  FINGERPRINT_FILE,
  GROUPS_CSV,
  SUMMARY_FILE,
  TEACHERS_DIR,
  TRIALS_CSV,
  TRIALS_DIR,
  WEIGHTS_DIR,
  assertSafeId,
  resultsPaths,
  weightsRelative,
} from './layout';
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
