/**
 * topology/stat: mean and standard deviation with ddof 0 (method spec §5.2), from @spectral-ts/pruning's meanStd
 * (the one implementation), and a five-number summary.
 */
import { meanStd, type Stat } from '@spectral-ts/pruning';

/** Mean and std (ddof 0) of finite values; empty or non-finite input is a `topology/stat` error. */
export function stat(values: ArrayLike<number>): Stat {
  return meanStd(values, 'topology/stat');
}

/** Mean, std, min and max; all 0 with n = 0 for an empty set (a pruned layer may hold no node). */
export function summary(values: ArrayLike<number>): Stat & { min: number; max: number } {
  if (values.length === 0) return { mean: 0, std: 0, n: 0, min: 0, max: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { ...stat(values), min, max };
}
