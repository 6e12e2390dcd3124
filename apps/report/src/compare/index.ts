// report/compare: several results directories side by side (the `spectral compare` page).
export { compareRuns } from './compare-runs';
export type {
  CompareOptions,
  Comparison,
  ComparedExponent,
  ComparedGroup,
  ComparedRun,
  MetricRow,
} from './compare-runs';
export type { Difference, RunValue } from './difference';
export { writeComparison } from './write-comparison';
export type { WriteComparisonOptions, WriteComparisonResult } from './write-comparison';
