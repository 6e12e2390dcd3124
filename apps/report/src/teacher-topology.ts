/**
 * report/teacher-topology: the teacher's side of the topology comparison, computed from its weights file because the
 * summary stores only the students' side: sorted path values W1[i,j]·W2[j,k] on a quantile grid (method spec §5.4)
 * and the in-strengths k_in(j) = sum_i W1[i,j] of the first hidden layer (method spec §5.5). Also the histogram of
 * range-normalised strengths used for both students and teacher.
 */
import { directKernel, type NetworkWeights } from '@spectral-ts/spectral';

/** All path values through the given first-hidden-layer nodes (default: all of them), sorted ascending. */
export function sortedPathValues(net: NetworkWeights, nodes?: number[]): number[] {
  if (net.layers.length < 2) throw new Error('report/sortedPathValues: the network needs two layers for input-to-second-layer paths (check the weights file)');
  const w1 = directKernel(net.layers[0]);
  const w2 = directKernel(net.layers[1]);
  const keep = nodes ?? w2.map((_, j) => j);
  const out: number[] = [];
  for (const row of w1) for (const j of keep) for (const v of w2[j]) out.push(row[j] * v);
  return out.sort((a, b) => a - b);
}

/** Sorted values linearly interpolated at `points` evenly spaced quantile levels in [0, 1] (method spec §5.4). */
export function onQuantileGrid(sorted: number[], points: number): number[] {
  if (!sorted.length) return [];
  return Array.from({ length: points }, (_, g) => {
    const pos = points === 1 ? 0 : (g / (points - 1)) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

/** The in-strength k_in(j) = sum_i W1[i,j] of each first-hidden-layer node (true direct weights, method spec §5.5). */
export function inStrengths(net: NetworkWeights, nodes?: number[]): number[] {
  const w1 = directKernel(net.layers[0]);
  const keep = nodes ?? (w1[0] ?? []).map((_, j) => j);
  return keep.map((j) => w1.reduce((s, row) => s + row[j], 0));
}

/**
 * Divides values by their peak-to-peak range and counts them in bins of width 0.1 aligned at multiples of 0.1, as
 * percent (method spec §5.5). Returns the bins' left edges and percents; empty for no values. A zero range puts
 * every value in one bin.
 */
export function rangeNormalisedHistogram(values: number[], width = 0.1): { left: number; percent: number }[] {
  const finiteValues = values.filter(Number.isFinite);
  if (!finiteValues.length) return [];
  const range = Math.max(...finiteValues) - Math.min(...finiteValues);
  const counts = new Map<number, number>();
  for (const v of finiteValues) {
    const bin = Math.floor((range > 0 ? v / range : 0) / width + 1e-9);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([bin, c]) => ({ left: Number((bin * width).toFixed(10)), percent: (100 * c) / finiteValues.length }));
}

/** The q-quantile of sorted values by linear interpolation. */
export function quantileOf(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
