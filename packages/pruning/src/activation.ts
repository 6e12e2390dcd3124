/**
 * pruning/activation: the element-wise activations of the network-weights format, applied in place.
 * Why here: the rank-curve fast path updates a layer's pre-activations and must apply that layer's activation to
 * them; @spectral-ts/spectral keeps its `activate` private. The four cases must stay in step with
 * spectral/network-weights (asked upstream to export it, so this copy can go).
 */
import type { Activation } from '@spectral-ts/spectral';
import { fail } from './errors';

/** act(v) for one value. */
export function activateValue(activation: Activation, v: number): number {
  switch (activation) {
    case 'relu':
      return v > 0 ? v : 0;
    case 'linear':
      return v;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    default:
      return fail('activate', `unknown activation '${activation as string}' (use relu, linear, sigmoid or tanh)`);
  }
}

const relu = (v: number): number => (v > 0 ? v : 0);
const identity = (v: number): number => v;

/** act as a function of one value, specialised per activation so hot loops call a monomorphic closure. */
export function activationFunction(activation: Activation): (v: number) => number {
  if (activation === 'relu') return relu;
  if (activation === 'linear') return identity;
  activateValue(activation, 0); // throws on an unknown name
  return (v) => activateValue(activation, v);
}

/** act applied to every entry of `src`, written to `dst` (may be the same array). */
export function activateInto(activation: Activation, src: Float64Array, dst: Float64Array): Float64Array {
  if (activation === 'linear') {
    if (dst !== src) dst.set(src);
    return dst;
  }
  if (activation === 'relu') {
    for (let i = 0; i < src.length; i++) dst[i] = src[i] > 0 ? src[i] : 0;
    return dst;
  }
  for (let i = 0; i < src.length; i++) dst[i] = activateValue(activation, src[i]);
  return dst;
}
