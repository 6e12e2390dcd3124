/**
 * training/adam: Adam's constants and the update of one flat parameter vector in typed arrays.
 * Keras defaults beta1 0.9, beta2 0.999, epsilon 1e-7 (method spec §3), in the tfjs / PyTorch form: epsilon is added
 * to the square root of the bias-corrected second moment (the golden fixture's convention).
 */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-7;

/**
 * One Adam step on p[0..n) with gradient g, moments m and v, 1-based step count t. Entries with mask 0 keep their
 * value and moments (a phase that does not apply them, method spec §7); the step count is shared.
 */
export function adamStep(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  lr: number,
  n: number,
  mask: Float64Array | null,
): void {
  const c1 = 1 - ADAM_BETA1 ** t;
  const c2 = 1 - ADAM_BETA2 ** t;
  for (let i = 0; i < n; i++) {
    if (mask !== null && mask[i] === 0) continue;
    const gi = g[i];
    const mi = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * gi;
    const vi = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + ADAM_EPSILON);
  }
}
