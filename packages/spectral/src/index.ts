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
  validateNetwork,
} from './network-weights';
export type { BackendChoice, BackendName } from './backend';
export { BACKEND_CHOICES, availableBackends, currentBackend, isBackendAvailable, resolveBackend, selectBackend } from './backend';
export type {
  InitializerName,
  InitializerSpec,
  SpectralActivation,
  SpectralDenseArgs,
} from './spectral-dense';
export { SPECTRAL_DEFAULTS, SpectralDense } from './spectral-dense';
export type { NetworkToModelOptions } from './model-conversion';
export { modelToNetwork, networkToModel } from './model-conversion';
export { MODEL_JSON_FILENAME, WEIGHTS_FILENAME, directoryHandler, loadModel, modelArtifacts, saveModel } from './model-io';
export { WriteError, isTemporaryFile, removeTemporaryFiles, sha256File, sha256Hex, writeFileAtomic } from './atomic-write';
