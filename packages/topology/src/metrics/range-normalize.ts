/**
 * topology/range-normalize: the peak-to-peak normalisation the paper applies to strengths before histogramming them
 * (method spec §5.5); the histograms themselves are @spectral-ts/statistics'.
 */
import { fail } from '../errors';

/**
 * Values divided by their peak-to-peak range max - min (method spec §5.5: "each set is divided by its peak-to-peak
 * range"), so that a student and a teacher whose weights differ by a global scale can be compared. A set with a
 * range of 0 is returned unchanged rather than divided by 0.
 */
export function rangeNormalize(values: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail('rangeNormalize', `value ${i} is ${values[i]} (need finite values)`);
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const range = hi - lo;
  return Array.from(values, (v) => (range > 0 ? v / range : v));
}
