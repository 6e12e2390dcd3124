/**
 * results/stats: the small statistics every summary uses: mean and std with ddof 0 (method spec §5.2), and a
 * percentile bootstrap interval of the mean with a seeded generator (so that summaries are reproducible).
 */
import type { Stat, StatWithInterval } from './types';

/**
 * Mean and standard deviation (ddof 0, method spec §5.2) of finite values. Empty input (every trial of a group failed)
 * gives `{ mean: 0, std: 0, n: 0 }`: JSON has no NaN, so `n === 0` is the marker readers must check.
 */
export function stat(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 0, n: 0 };
  for (const v of values) {
    if (!Number.isFinite(v)) throw new Error(`results/stat: got a non-finite value ${v} (exclude failed trials before aggregating)`);
  }
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance), n };
}

/** mulberry32: a tiny seeded generator, enough for bootstrap resampling indices. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0];
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Mean and std with a percentile bootstrap confidence interval of the mean (`resamples` draws, seeded).
 * With one value the interval collapses to that value.
 */
export function statWithInterval(values: readonly number[], level = 0.95, resamples = 2000, seed = 12345): StatWithInterval {
  const base = stat(values);
  if (base.n === 0) return { ...base, ci: [0, 0], level };
  const rand = mulberry32(seed);
  const means: number[] = new Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < base.n; i++) s += values[Math.floor(rand() * base.n)];
    means[b] = s / base.n;
  }
  means.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { ...base, ci: [quantileSorted(means, alpha), quantileSorted(means, 1 - alpha)], level };
}
