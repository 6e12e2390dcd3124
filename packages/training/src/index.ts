// @spectral-ts/training: public API.
import { registerBuiltinStrategies } from './builtin-strategies';

registerBuiltinStrategies();

export type {
  L2Coefficients,
  PruningView,
  StrategyConfig,
  StrategyFactory,
  StrategyInfo,
  StrategyOverrides,
  StrategySchedule,
  TrainingStrategy,
} from './strategy';
export {
  DEFAULT_PRUNING_VIEW,
  getStrategy,
  listStrategies,
  mergeConfig,
  registerStrategy,
  strategyAnalysis,
} from './strategy';
export {
  ALTERNATING_DEFAULTS,
  DIRECT_DEFAULTS,
  SPECTRAL_DEFAULTS,
  alternatingStrategy,
  directStrategy,
  eigenvaluesOnlyStrategy,
  spectralStrategy,
} from './builtin-strategies';
export type { ParameterGroupName, ParameterGroupRef } from './parameter-groups';
export type { TrainingPlan } from './training-plan';
export {
  buildTrainingPlan,
  packNetwork,
  unpackNetwork,
  l2Penalty,
  frozenL2Penalty,
  trainedL2Penalty,
} from './training-plan';
export type { EpochNumbers, NumericsFactory, NumericsSetup, TrialNumerics } from './trial-numerics';
export { perTrial } from './trial-numerics';
export { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
export type {
  EngineChoice,
  EngineName,
  EpochProgress,
  EpochRecord,
  StepRecord,
  TrainTrialsRequest,
  TrainTrialsResult,
  TrialInput,
  TrialResult,
  TrialStatus,
} from './types';
export {
  defaultEngineFor,
  engineBatchesTrials,
  engineFor,
  macsPerSample,
  TYPED_ARRAY_MAX_MACS,
  trainTrials,
} from './train-trials';
export { autodiffGradient } from './autodiff-engine';
export { TypedArrayNetwork } from './typed-array-network';
export { wasmSimdSupports } from './wasm-simd-network';
export type { LossName } from './loss';
export { CROSS_ENTROPY_ENGINES, LOSS_NAMES } from './loss';
export type { Divergence, DivergenceContext, DivergenceEpoch, DivergenceRule } from './divergence';
export {
  CONSTANT_OUTPUT_VARIANCE,
  EXPLODED_VARIANCE,
  FAR_ABOVE_VARIANCE,
  FLOAT32_MAX,
  FLOAT32_MIN_NORMAL,
  LABEL_VARIANCE_RANGE,
  GRACE_EPOCHS,
  GROWTH_FLOOR_VARIANCE,
  LOSS_GROWTH,
  DivergenceWatch,
  checkEpoch,
  constantPredictorLoss,
  detectCollapse,
  detectDivergence,
  divergenceOfFinished,
} from './divergence';
export { nativeEngineStatus, nativeSupports } from './native-engine';
export { wasmRelaxedSimd } from './wasm-relaxed-kernel';
