// @spectral-ts/spectral: public API.
export type {
  Activation,
  DenseLayerWeights,
  LayerWeights,
  NetworkWeights,
  SpectralLayerWeights,
} from './network-weights';
export {
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
