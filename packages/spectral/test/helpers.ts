// Test helpers: a seeded RNG, float32 rounding, error measures and weight access. Tests only.
import * as tf from '@tensorflow/tfjs';
import type { Activation, NetworkWeights, SpectralLayerWeights } from '../src/network-weights';

/** mulberry32: a small seeded uniform RNG on [0, 1), so that every test draws the same numbers on every backend. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform on [lo, hi), rounded to float32 so that tfjs and the float64 reference see the same numbers. */
export function uniform(rng: () => number, lo: number, hi: number): number {
  return Math.fround(lo + (hi - lo) * rng());
}

export function vector(rng: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => uniform(rng, lo, hi));
}

export function matrix(rng: () => number, rows: number, cols: number, lo = -1, hi = 1): number[][] {
  return Array.from({ length: rows }, () => vector(rng, cols, lo, hi));
}

/** A random spectral layer with every parameter away from zero (lambdaIn too), float32-representable. */
export function randomSpectral(
  rng: () => number,
  inDim: number,
  units: number,
  activation: Activation,
  bias = false,
): SpectralLayerWeights {
  const layer: SpectralLayerWeights = {
    kind: 'spectral',
    phi: matrix(rng, inDim, units),
    lambdaIn: vector(rng, inDim, -1.5, 1.5),
    lambdaOut: vector(rng, units, -1.5, 1.5),
    activation,
  };
  if (bias) layer.bias = vector(rng, units, -0.5, 0.5);
  return layer;
}

/** Row-major float32-representable inputs. */
export function inputs(rng: () => number, rows: number, dim: number): Float64Array {
  return Float64Array.from({ length: rows * dim }, () => uniform(rng, -2, 2));
}

/** max |a - b| / max |b|: the error relative to the scale of the reference. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** The LayerVariable of a layer whose name ends with `/<name>`. */
export function weightOf(layer: tf.layers.Layer, name: string): tf.LayerVariable {
  const w = layer.weights.find((v) => v.originalName === name || v.originalName.endsWith(`/${name}`));
  if (!w) throw new Error(`layer ${layer.name} has no weight ${name}`);
  return w;
}

export function predict(model: tf.LayersModel, x: ArrayLike<number>, rows: number, dim: number): Float32Array {
  return tf.tidy(
    () => (model.predict(tf.tensor2d(Float32Array.from(x), [rows, dim])) as tf.Tensor).dataSync() as Float32Array,
  );
}

export function flat(m: number[][]): number[] {
  return m.flat();
}

export type { NetworkWeights };
