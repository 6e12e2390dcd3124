// @spectral-ts/pruning: public API. Rankings, the two pruning modes, pruning curves, effective size and the
// phase-transition analysis of method spec §4-§6.
export type {
  AccuracyCurvePoint,
  AccuracyCurveResult,
  AtTeacherSize,
  AveragedCurvePoint,
  CurvePoint,
  PhaseTransitionExtra,
  PhaseTransitionSummary,
  TrialPruning,
} from './types';

export type { NodeRankResult, NodeRanking, RankingContext, RankOptions } from './rankings';
export {
  AUTO_RANKING,
  absEigenvalueScores,
  getRanking,
  listRankings,
  randomScores,
  rankNodes,
  registerRanking,
  removalOrder,
  rescaledEigenvalueScores,
  resolveRankingName,
  weightNormScores,
} from './rankings';
export { DEFAULT_LAYER_INDEX } from './layer-access';

export { maskNodes } from './pruning/mask-nodes';
export { pruneStructurally } from './pruning/prune-structurally';
export type { PrunedModel } from './pruning/prune-model';
export { pruneModel } from './pruning/prune-model';

export type { RankCurveResult } from './curves/rank-curve';
export { rankCurve, rankCurveFromOrder } from './curves/rank-curve';
export type { CutoffCurveOptions } from './curves/cutoff-curve';
export { DEFAULT_CUTOFFS, cutoffCurve, cutoffCurveFromRankCurve, keptCounts } from './curves/cutoff-curve';
export type { AccuracyCurveOptions, AccuracyCurvesOptions } from './curves/accuracy-curve';
export { DEFAULT_REMOVAL_FRACTIONS, accuracyCurve, accuracyCurves } from './curves/accuracy-curve';

export {
  AVERAGE_DIMENSION_THRESHOLD,
  averageDimension,
  averageDimensionPerTrial,
  averageDimensionPooled,
} from './effective-size/average-dimension';
export { DEFAULT_TOLERANCE_FRACTION, criticalSize, defaultTolerance } from './effective-size/critical-size';

export { SCORE_HISTOGRAM_BINS, scoreHistogram } from './effective-size/score-histogram';

export { averageCurves } from './phase-transition/average-curve';
export type { CollapsePoint, GroupCurve, NormalizedCurve, TeacherCollapsePoint } from './phase-transition/collapse';
export { TEACHER_COLLAPSE_GRID, normalizeCurve, studentCollapse, teacherCollapse } from './phase-transition/collapse';
export type { ExpFit } from './phase-transition/exp-fit';
export { fitExponential } from './phase-transition/exp-fit';
export type { ExponentEstimate, ExponentWindow } from './phase-transition/exponent';
export { EXPONENT_NOTE, estimateExponent, linearFit } from './phase-transition/exponent';

export type { AnalyzePruningOptions, TrialPruningResult } from './analyze-pruning';
export { analyzePruning } from './analyze-pruning';
export type {
  GroupPruningSummary,
  PhaseGroupInput,
  PruningTrialInput,
  SummarizePhaseTransitionOptions,
  SummarizePruningOptions,
} from './summarize-pruning';
export { summarizePhaseTransition, summarizePruning } from './summarize-pruning';
