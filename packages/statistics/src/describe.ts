/**
 * statistics/describe: mean and standard deviation with ddof 0 (method spec §5.2), the five-number summary, and the
 * quantile the bootstrap reads its interval from.
 */
import type { RangeStat, Stat } from './types';

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
 * Mean, std (ddof 0, method spec §5.2) and count of finite values: the one mean/std of the workspace. `where` names
 * the caller as `<package>/<function>` for the error message, since an empty or non-finite input is the caller's
 * mistake; the result is never NaN.
 */
export function meanStd(values: ArrayLike<number>, where = 'statistics/meanStd'): Stat {
  if (values.length === 0) throw new Error(`${where}: no values to summarise (every trial failed or was left out)`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      throw new Error(
        `${where}: value ${i} is ${v} (statistics need finite numbers: leave out failed or unmeasured values)`,
      );
    }
  }
  return { mean: mean(values), std: stdDdof0(values), n: values.length };
}

/** What a summary stores for a set with no value (every trial failed): JSON has no NaN, so `n === 0` is the marker. */
export const EMPTY_STAT: Readonly<Stat> = Object.freeze({ mean: 0, std: 0, n: 0 });

/** meanStd, or EMPTY_STAT for an empty set (a group whose every trial failed still gets a summary row). */
export function meanStdOrEmpty(values: ArrayLike<number>, where = 'statistics/meanStdOrEmpty'): Stat {
  return values.length === 0 ? { ...EMPTY_STAT } : meanStd(values, where);
}

/** Mean, std, min and max; all 0 with n = 0 for an empty set (a pruned layer may hold no node). */
export function rangeStat(values: ArrayLike<number>, where = 'statistics/rangeStat'): RangeStat {
  if (values.length === 0) return { ...EMPTY_STAT, min: 0, max: 0 };
  const stat = meanStd(values, where);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return { ...stat, min, max };
}

/** Quantile q in [0, 1] of sorted values, linear between order statistics (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
