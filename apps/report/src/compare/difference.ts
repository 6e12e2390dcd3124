/**
 * report/compare/difference: a run's headline number with its bootstrap interval over trials, and the difference of
 * two runs with a two-sample bootstrap interval (each run's trials resampled independently). Pure; every resampling
 * goes through statistics' bootstrapInterval, so the seed, level, percentile rule and the refusal of too few finite
 * resamples have one owner.
 */
import { bootstrapInterval, BOOTSTRAP_DEFAULTS, type BootstrapOptions } from '@spectral-ts/statistics';

/** One run's value of one headline number. */
export interface RunValue {
  /** The statistic on every usable trial. */
  value: number;
  /** Trials that entered it. */
  n: number;
  /** 95% percentile bootstrap interval over trials; absent with fewer than two trials or too few finite resamples. */
  ci?: [number, number];
}

/** A run's value minus the baseline run's. */
export interface Difference {
  value: number;
  ci?: [number, number];
  /** Whether the interval lies entirely on one side of 0; absent without an interval. */
  excludesZero?: boolean;
}

/** A statistic of a sample of trials' items; NaN (or a throw) means the sample gives no usable value. */
export type SampleStatistic<T> = (sample: T[]) => number;

function safe<T>(statistic: SampleStatistic<T>): SampleStatistic<T> {
  return (sample) => {
    try {
      return statistic(sample);
    } catch {
      return NaN;
    }
  };
}

function tryInterval<T>(
  items: readonly T[],
  statistic: SampleStatistic<T>,
  options: BootstrapOptions,
): [number, number] | undefined {
  if (items.length < 2) return undefined;
  try {
    return bootstrapInterval(items, safe(statistic), options);
  } catch {
    return undefined;
  }
}

/** The statistic on all of `items` and its bootstrap interval; undefined when there is no usable value at all. */
export function runValue<T>(
  items: readonly T[],
  statistic: SampleStatistic<T>,
  options: BootstrapOptions = {},
): RunValue | undefined {
  if (!items.length) return undefined;
  const value = safe(statistic)([...items]);
  if (!Number.isFinite(value)) return undefined;
  const ci = tryInterval(items, statistic, { ...options, where: options.where ?? 'report/compareRuns' });
  return { value, n: items.length, ...(ci ? { ci } : {}) };
}

/**
 * statistic(b) − statistic(a) with a percentile interval from resampling a and b independently. A uniform draw from
 * the |a|·|b| pairs (a_i, b_j) is an independent uniform draw from a and from b, so one bootstrapInterval resample of
 * those pairs holds |a|·|b| independent draws of each: its first |a| pairs' a-halves are a resample of a and its
 * first |b| pairs' b-halves an independent resample of b. Cost: |a|·|b| draws per resample (36 for 6 trials each).
 */
export function differenceInterval<T>(
  a: readonly T[],
  b: readonly T[],
  statistic: SampleStatistic<T>,
  options: BootstrapOptions = {},
): [number, number] | undefined {
  if (a.length < 2 || b.length < 2) return undefined;
  const pairs: [T, T][] = [];
  for (const x of a) for (const y of b) pairs.push([x, y]);
  const stat = safe(statistic);
  const diff = (sample: [T, T][]): number =>
    stat(sample.slice(0, b.length).map((p) => p[1])) - stat(sample.slice(0, a.length).map((p) => p[0]));
  return tryInterval(pairs, diff, { ...options, where: options.where ?? 'report/compareRuns' });
}

/** The difference of two runs' values (b − a) with its interval and whether that interval excludes 0. */
export function difference<T>(
  a: { items: readonly T[]; value: RunValue },
  b: { items: readonly T[]; value: RunValue },
  statistic: SampleStatistic<T>,
  options: BootstrapOptions = {},
): Difference {
  const ci = differenceInterval(a.items, b.items, statistic, options);
  return {
    value: b.value.value - a.value.value,
    ...(ci ? { ci, excludesZero: ci[0] > 0 || ci[1] < 0 } : {}),
  };
}

/** The settings every interval of a comparison uses (statistics' defaults: 2000 resamples, 95%, seed 0). */
export const COMPARE_BOOTSTRAP = {
  resamples: BOOTSTRAP_DEFAULTS.resamples,
  level: BOOTSTRAP_DEFAULTS.level,
  seed: BOOTSTRAP_DEFAULTS.seed,
} as const;
