/**
 * pruning/stats/describe: mean and standard deviation with ddof 0 (method spec §5.2), and the quantile used by
 * the bootstrap.
 */
import type { Stat } from '../types';

/** Arithmetic mean (unchecked: callers that take user input go through meanStd). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Population standard deviation (ddof 0), as the reference code's numpy default (method spec §5.2). */
export function stdDdof0(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / values.length);
}

/**
 * Mean, std (ddof 0, method spec §5.2) and count of finite values: the one mean/std of the workspace (topology and
 * results call it too). `where` names the caller as `<package>/<function>` for the error message, since an empty or
 * non-finite input is the caller's mistake; the result is never NaN.
 */
export function meanStd(values: ArrayLike<number>, where = 'pruning/meanStd'): Stat {
  if (values.length === 0) throw new Error(`${where}: no values to summarise (every trial failed or was left out)`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${where}: value ${i} is ${v} (statistics need finite numbers: leave out failed or unmeasured values)`);
  }
  return { mean: mean(values), std: stdDdof0(values), n: values.length };
}

/** meanStd with this package's error prefix: `pruning/<fn>`. */
export function describe(fn: string, values: readonly number[]): Stat {
  return meanStd(values, `pruning/${fn}`);
}

/** Quantile q in [0, 1] of sorted values, linear between order statistics (numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
