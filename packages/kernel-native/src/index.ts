// @spectral-ts/kernel-native: public API.
export type {
  NativeIsa,
  NativeKernel,
  NativeKernelStatus,
  NativeLayerSpec,
  NativeLoss,
  NativeTrainer,
  NativeTrainerSpec,
} from './types';
export { loadNativeKernel, nativeKernelStatus, NATIVE_ISAS } from './load';
