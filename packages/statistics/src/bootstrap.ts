/**
 * statistics/bootstrap: seeded percentile-bootstrap confidence intervals over trials, so the uncertainty of n* and of
 * the phase-transition exponent comes from trial-to-trial variation and is reproducible. The resampling stream is
 * `createRng(seed)` and nothing else: no caller name or label enters it, so renaming a function never moves a
 * published interval, and every caller with the same seed and values gets the same interval.
 */
import { meanStd, mean, quantileSorted } from './describe';
import { fail } from './errors';
import { createRng } from './rng';
import type { StatWithInterval } from './types';

/** Bootstrap settings; defaults in BOOTSTRAP_DEFAULTS. */
export interface BootstrapOptions {
  /** Number of resamples. Default 2000. */
  resamples?: number;
  /** Confidence level. Default 0.95. */
  level?: number;
  /** Seed of the resampling stream (createRng(seed)). Default 0. */
  seed?: number;
  /** The caller as `<package>/<function>`, for error messages only (never part of the seed). */
  where?: string;
}

export const BOOTSTRAP_DEFAULTS = { resamples: 2000, level: 0.95, seed: 0 } as const;

function failAt(where: string | undefined, message: string): never {
  if (where) throw new Error(`${where}: ${message}`);
  fail('bootstrapInterval', message);
}

/**
 * Percentile interval of `statistic` over resamples (with replacement) of `items`. Resamples whose statistic is not
 * finite are dropped; if fewer than half remain the interval is refused instead of being made up.
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: T[]) => number,
  options: BootstrapOptions = {},
): [number, number] {
  const { resamples, level, seed } = { ...BOOTSTRAP_DEFAULTS, ...options };
  const where = options.where;
  if (items.length === 0) failAt(where, 'nothing to resample (no trials)');
  if (!(level > 0 && level < 1)) failAt(where, `level ${level} is outside (0, 1) (use e.g. 0.95)`);
  if (!(Number.isInteger(resamples) && resamples >= 10)) {
    failAt(where, `resamples must be an integer >= 10, got ${resamples}`);
  }
  if (!Number.isInteger(seed)) failAt(where, `seed must be an integer, got ${seed} (e.g. 0)`);
  const rng = createRng(seed);
  const stats: number[] = [];
  const sample: T[] = new Array(items.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[rng.int(items.length)];
    const s = statistic(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length < resamples / 2) {
    failAt(
      where,
      `only ${stats.length} of ${resamples} resamples gave a finite statistic (too few usable trials for an interval)`,
    );
  }
  stats.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [quantileSorted(stats, tail), quantileSorted(stats, 1 - tail)];
}

/** Mean, std (ddof 0) and a bootstrap interval of the mean; an empty or non-finite input is an error. */
export function statWithInterval(values: readonly number[], options: BootstrapOptions = {}): StatWithInterval {
  const stat = meanStd(values, options.where ?? 'statistics/statWithInterval');
  const ci = bootstrapInterval(values, (s) => mean(s), options);
  return { ...stat, ci, level: options.level ?? BOOTSTRAP_DEFAULTS.level };
}
