/**
 * topology/stat: mean and standard deviation with ddof 0 (method spec §5.2), and a five-number summary.
 */
import { fail } from '../errors';
import type { Stat } from '../types';

/** Mean and std (ddof 0) of finite values. */
export function stat(values: ArrayLike<number>): Stat {
  const n = values.length;
  if (n === 0) fail('stat', 'no values (a mean needs at least one)');
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) fail('stat', `value ${i} is ${values[i]} (need finite values)`);
    s += values[i];
  }
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / n), n };
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
