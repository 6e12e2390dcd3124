// @spectral-ts/spectral: public API.
export type {
  Activation,
  DenseLayerWeights,
  LayerWeights,
  NetworkWeights,
  SpectralLayerWeights,
} from './network-weights';
export {
  NETWORK_ACTIVATIONS,
  activationFunction,
  cloneNetwork,
  directKernel,
  forward,
  layerInputDim,
  layerSizes,
  layerUnits,
  maskedEigenvalues,
  meanSquaredError,
  nodeScores,
  spectralKernelInto,
  validateNetwork,
} from './network-weights';
export type { ClassificationMetrics } from './classification-metrics';
export {
  argmaxRow,
  classLabelProblem,
  isClassIndex,
  classificationAccuracy,
  classificationMetrics,
  softmaxCrossEntropy,
  softmaxCrossEntropyRow,
} from './classification-metrics';
export type { BackendChoice, BackendName } from './backend';
export {
  BACKEND_CHOICES,
  availableBackends,
  currentBackend,
  isBackendAvailable,
  resolveBackend,
  selectBackend,
} from './backend';
export type {
  InitializerName,
  InitializerSpec,
  SpectralActivation,
  SpectralDenseArgs,
  SpectralKernelOps,
} from './spectral-dense';
export { SPECTRAL_DEFAULTS, SpectralDense, spectralKernel } from './spectral-dense';
export { foldToDense } from './fold-dense';
export type { NetworkToModelOptions } from './model-conversion';
export { modelToNetwork, networkToModel } from './model-conversion';
// Saving to and loading from a directory needs node:fs: it lives in the './node' entry (@spectral-ts/spectral/node),
// so that this entry bundles for the browser.
