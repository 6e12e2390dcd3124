/**
 * topology/pathDistribution: sorted path values as a distribution on quantile levels in [0, 1]: fixed-grid summaries
 * for storage, quantiles, and the paper's mean +- std over trials on a common grid (method spec §5.4).
 */
import { fail } from '../errors';
import type { PathDistribution, QuantileKey } from '../types';
import type { PathValues } from './path-values';

/** Points of the fixed storage grid `PathDistribution.sortedOnGrid` (levels 0, 0.005, ..., 1). */
export const GRID_POINTS = 201;

/** The quantile levels every PathDistribution reports. */
export const QUANTILE_LEVELS: Record<QuantileKey, number> = {
  q01: 0.01,
  q05: 0.05,
  q25: 0.25,
  q50: 0.5,
  q75: 0.75,
  q95: 0.95,
  q99: 0.99,
};

/**
 * The value of an ascending list at quantile level t in [0, 1], by linear interpolation between ranks: position
 * t (n - 1) (numpy's default "linear" quantile; level 0 is the minimum, level 1 the maximum).
 */
export function interpolateSorted(sorted: ArrayLike<number>, level: number): number {
  const n = sorted.length;
  if (n === 0) fail('interpolateSorted', 'the list is empty (a distribution needs at least one value)');
  if (!(level >= 0 && level <= 1)) fail('interpolateSorted', `level must lie in [0, 1], got ${level}`);
  const pos = level * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

/** `points` evenly spaced levels g / (points - 1), g = 0..points-1. */
export function levelGrid(points: number): number[] {
  if (!Number.isInteger(points) || points < 2) fail('levelGrid', `points must be an integer >= 2, got ${points}`);
  return Array.from({ length: points }, (_, g) => g / (points - 1));
}

/** An ascending list resampled on `points` evenly spaced levels of [0, 1]. */
export function sortedOnGrid(sorted: ArrayLike<number>, points: number = GRID_POINTS): number[] {
  return levelGrid(points).map((t) => interpolateSorted(sorted, t));
}

/** Quantiles 1, 5, 25, 50, 75, 95, 99 % of an ascending list. */
export function quantiles(sorted: ArrayLike<number>): Record<QuantileKey, number> {
  const out = {} as Record<QuantileKey, number>;
  for (const key of Object.keys(QUANTILE_LEVELS) as QuantileKey[])
    out[key] = interpolateSorted(sorted, QUANTILE_LEVELS[key]);
  return out;
}

/** The storable summary of sorted path values. */
export function toPathDistribution(paths: PathValues, points: number = GRID_POINTS): PathDistribution {
  return {
    count: paths.count,
    sampled: paths.sampled,
    sortedOnGrid: sortedOnGrid(paths.values, points),
    quantiles: quantiles(paths.values),
  };
}

/** Mean and standard deviation (ddof 0) of several curves on one grid. */
export interface GridMeanStd {
  grid: number[];
  mean: number[];
  std: number[];
}

/**
 * The paper's average over trials (method spec §5.4): each trial's ascending list is linearly interpolated onto a
 * common grid of levels on [0, 1] whose length is the longest list (or `points`), then mean and std (ddof 0, method
 * spec §5.2) are taken per grid point. Lists stored with `sortedOnGrid` already share a grid, and pass through exactly.
 */
export function meanSortedOnCommonGrid(lists: ArrayLike<number>[], points?: number): GridMeanStd {
  if (lists.length === 0) fail('meanSortedOnCommonGrid', 'no lists were given (pass at least one trial)');
  lists.forEach((list, t) => {
    if (list.length === 0) fail('meanSortedOnCommonGrid', `list ${t} is empty`);
  });
  const n = points ?? Math.max(2, ...lists.map((l) => l.length));
  const grid = levelGrid(n);
  const curves = lists.map((list) => grid.map((t) => interpolateSorted(list, t)));
  const mean = grid.map((_, g) => curves.reduce((s, c) => s + c[g], 0) / curves.length);
  const std = grid.map((_, g) => Math.sqrt(curves.reduce((s, c) => s + (c[g] - mean[g]) ** 2, 0) / curves.length));
  return { grid, mean, std };
}
