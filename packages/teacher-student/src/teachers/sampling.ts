/**
 * teacher-student/teachers/sampling: the pieces teachers share to draw data: Gaussian inputs and labels computed in
 * float64 from the float32 inputs actually stored, so that a label equals the teacher's output on the stored row.
 */
import { forward, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '../dataset';
import { checkPositiveInteger, fail } from '../errors';
import type { Rng } from '../rng';

/** rows x dim standard normal inputs, row-major (method spec §2: x ~ N(0, I)). */
export function gaussianInputs(rows: number, dim: number, rng: Rng): Float32Array {
  const x = new Float32Array(rows * dim);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  return x;
}

/** Labels y = network(x) in float64, stored as float32; throws if the network produces a non-finite label. */
export function labelWithNetwork(
  fn: string,
  network: NetworkWeights,
  x: ArrayLike<number>,
  rows: number,
): Float32Array {
  const out = forward(network, x, rows);
  if (out.length !== rows)
    fail(fn, `the teacher network has ${out.length / rows} outputs, expected 1 (give it a single output)`);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (!Number.isFinite(out[r])) fail(fn, `label ${r} is ${out[r]} (check the teacher weights for NaN or Inf)`);
    y[r] = out[r];
  }
  return y;
}

/** Checks a sample() row count. */
export function checkRows(fn: string, rows: unknown): number {
  return checkPositiveInteger(fn, 'rows', rows, 'ask for at least one row');
}

/** Assembles a Dataset. */
export function dataset(inputDim: number, rows: number, x: Float32Array, y: Float32Array): Dataset {
  return { inputDim, rows, x, y };
}
