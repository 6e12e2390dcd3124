/**
 * pruning/stats/bootstrap: seeded percentile-bootstrap confidence intervals over trials, so the uncertainty of n*
 * and of the exponent comes from trial-to-trial variation and is reproducible.
 */
import { createRng, deriveSeed } from '@spectral-ts/teacher-student';
import { fail } from '../errors';
import type { StatWithInterval } from '../types';
import { describe, mean, quantileSorted } from './describe';

/** Bootstrap settings; defaults in one block. */
export interface BootstrapOptions {
  /** Number of resamples. Default 2000. */
  resamples?: number;
  /** Confidence level. Default 0.95. */
  level?: number;
  /** Seed of the resampling stream. Default 0. */
  seed?: number;
}

export const BOOTSTRAP_DEFAULTS = { resamples: 2000, level: 0.95, seed: 0 } as const;

/**
 * Percentile interval of `statistic` over resamples (with replacement) of `items`. Resamples whose statistic is not
 * finite are dropped; if fewer than half remain the interval is refused instead of being made up.
 */
export function bootstrapInterval<T>(fn: string, items: readonly T[], statistic: (sample: T[]) => number, options: BootstrapOptions = {}): [number, number] {
  const { resamples, level, seed } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (items.length === 0) fail(fn, 'nothing to resample (no trials)');
  if (!(level > 0 && level < 1)) fail(fn, `level ${level} is outside (0, 1) (use e.g. 0.95)`);
  if (!(Number.isInteger(resamples) && resamples >= 10)) fail(fn, `resamples must be an integer >= 10, got ${resamples}`);
  const rng = createRng(deriveSeed(seed, 'pruning', 'bootstrap', fn));
  const stats: number[] = [];
  const sample: T[] = new Array(items.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[rng.int(items.length)];
    const s = statistic(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < resamples / 2) {
    fail(fn, `only ${stats.length} of ${resamples} resamples gave a finite statistic (too few usable trials for an interval)`);
  }
  stats.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantileSorted(stats, tail), quantileSorted(stats, 1 - tail)];
}

/** Mean, std (ddof 0) and a bootstrap interval of the mean. */
export function statWithInterval(fn: string, values: readonly number[], options: BootstrapOptions = {}): StatWithInterval {
  const stat = describe(fn, values);
  const ci = bootstrapInterval(fn, values, (s) => mean(s), options);
  return { ...stat, ci, level: options.level ?? BOOTSTRAP_DEFAULTS.level };
}
