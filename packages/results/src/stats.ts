/**
 * results/stats: the statistics every summary uses, on top of @spectral-ts/pruning's (which owns them): mean and std
 * with ddof 0 (method spec §5.2) and a seeded percentile bootstrap of the mean. What this file adds is the results
 * policy for an empty group (every trial failed): a Stat with n = 0 instead of an error, since JSON has no NaN.
 */
import { meanStd, statWithInterval as bootstrapStat } from '@spectral-ts/pruning';
import type { Stat, StatWithInterval } from './types';

/**
 * Mean and standard deviation (ddof 0, method spec §5.2) of finite values. Empty input (every trial of a group failed)
 * gives `{ mean: 0, std: 0, n: 0 }`: JSON has no NaN, so `n === 0` is the marker readers must check.
 */
export function stat(values: readonly number[]): Stat {
  if (values.length === 0) return { mean: 0, std: 0, n: 0 };
  return meanStd(values, 'results/stat');
}

/**
 * Mean and std with a percentile bootstrap confidence interval of the mean (`resamples` draws, seeded), from
 * @spectral-ts/pruning's statWithInterval. With one value the interval collapses to that value; with none it is
 * [0, 0] and n = 0, as for `stat`.
 */
export function statWithInterval(values: readonly number[], level = 0.95, resamples = 2000, seed = 12345): StatWithInterval {
  const base = stat(values);
  if (base.n === 0) return { ...base, ci: [0, 0], level };
  return bootstrapStat('statWithInterval', values, { level, resamples, seed });
}
