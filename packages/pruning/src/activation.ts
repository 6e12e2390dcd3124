/**
 * pruning/activation: applies a layer's activation to a whole array in place, for the rank-curve fast path.
 * The activations themselves live once, in @spectral-ts/spectral's `activationFunction`.
 */
import { activationFunction, type Activation } from '@spectral-ts/spectral';

/** act applied to every entry of `src`, written to `dst` (may be the same array). */
export function activateInto(activation: Activation, src: Float64Array, dst: Float64Array): Float64Array {
  if (activation === 'linear') {
    if (dst !== src) dst.set(src);
    return dst;
  }
  const act = activationFunction(activation);
  for (let i = 0; i < src.length; i++) dst[i] = act(src[i]);
  return dst;
}
