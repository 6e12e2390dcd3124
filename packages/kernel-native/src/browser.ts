// @spectral-ts/kernel-native in a browser: the same public API, with no addon to load (an N-API addon runs in Node
// only), so training's `auto` engine falls back to wasm-simd there exactly as on a machine without a compiler.
export type {
  NativeIsa,
  NativeKernel,
  NativeKernelStatus,
  NativeLayerSpec,
  NativeTrainer,
  NativeTrainerSpec,
} from './types';
import type { NativeKernel, NativeKernelStatus } from './types';
export { NATIVE_ISAS } from './isas';

const STATUS: NativeKernelStatus = { loaded: false, reason: 'native addons do not run in a browser' };

export function loadNativeKernel(): NativeKernel | null {
  return null;
}

export function nativeKernelStatus(): NativeKernelStatus {
  return STATUS;
}
