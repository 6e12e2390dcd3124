/**
 * pruning/stats/describe: mean and standard deviation with ddof 0 (method spec §5.2), and the quantile used by
 * the bootstrap.
 */
import { fail } from '../errors';
import type { Stat } from '../types';

export function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population standard deviation (ddof 0), as the reference code's numpy default (method spec §5.2). */
export function stdDdof0(values: readonly number[]): number {
  const m = mean(values);
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / values.length);
}

/** Mean, std (ddof 0) and count; an empty or non-finite input is an error rather than a NaN. */
export function describe(fn: string, values: readonly number[]): Stat {
  if (values.length === 0) fail(fn, 'no values to summarise (every trial failed or was left out)');
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) fail(fn, `value ${i} is ${v}; statistics need finite numbers`);
  });
  return { mean: mean(values), std: stdDdof0(values), n: values.length };
}

/** Quantile q in [0, 1] of sorted values, linear between order statistics (numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
