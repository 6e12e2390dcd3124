/**
 * topology/histogram: fixed-width histograms in counts and percent, and the peak-to-peak normalisation the paper
 * applies to strengths before histogramming them (method spec §5.5).
 */
import { fail } from '../errors';

export interface Histogram {
  /** bins + 1 edges, ascending. */
  binEdges: number[];
  counts: number[];
  /** counts as percent of all values (the paper's y axis, method spec §5.1 and §5.5). */
  percent: number[];
}

export interface HistogramOptions {
  /** Number of bins (default 20). Ignored when binWidth is given. */
  bins?: number;
  /** Bin width; bins then cover [range[0], range[1]] in steps of binWidth. */
  binWidth?: number;
  /** Range covered (default [min, max] of the values; a single value gets a unit-wide range). */
  range?: [number, number];
}

/** Histogram of finite values; a value equal to the upper edge falls in the last bin (numpy convention). */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) fail('histogram', `value ${i} is ${v} (histograms need finite values)`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (options.range) [lo, hi] = options.range;
  if (values.length === 0 && !options.range) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  if (!(hi > lo)) fail('histogram', `range [${lo}, ${hi}] is empty (give range[0] < range[1])`);
  let bins: number;
  if (options.binWidth !== undefined) {
    if (!(options.binWidth > 0)) fail('histogram', `binWidth must be > 0, got ${options.binWidth}`);
    // A tolerance so that e.g. 1 / 0.1 gives 10 bins and not 11 because of rounding.
    bins = Math.max(1, Math.ceil((hi - lo) / options.binWidth - 1e-9));
  } else {
    bins = options.bins ?? 20;
    if (!Number.isInteger(bins) || bins < 1) fail('histogram', `bins must be a positive integer, got ${bins}`);
  }
  const width = options.binWidth ?? (hi - lo) / bins;
  const binEdges = Array.from({ length: bins + 1 }, (_, b) => (b === bins && options.binWidth === undefined ? hi : lo + b * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo || v > hi) continue;
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]++;
  }
  const n = values.length;
  return { binEdges, counts, percent: counts.map((c) => (n > 0 ? (100 * c) / n : 0)) };
}

/**
 * The smallest range on the lattice of multiples of `width` that holds every value of every set, widened by one bin
 * where a value lies on the lattice (the 1e-9 keeps float noise such as 3 * 0.1 = 0.30000000000000004 from adding or
 * dropping a bin). Histograms of several sets over this range share their bins (method spec §5.5: the student's and
 * the teacher's strength histograms are drawn on one axis). Undefined when there is no value.
 */
export function latticeRange(sets: readonly ArrayLike<number>[], width: number): [number, number] | undefined {
  if (!(width > 0)) fail('latticeRange', `width must be > 0, got ${width}`);
  let min = Infinity;
  let max = -Infinity;
  for (const set of sets) {
    for (let i = 0; i < set.length; i++) {
      min = Math.min(min, set[i]);
      max = Math.max(max, set[i]);
    }
  }
  if (!(min <= max)) return undefined;
  const lo = Math.floor(min / width - 1e-9) * width;
  const hi = Math.ceil(max / width + 1e-9) * width;
  return [lo, hi > lo ? hi : lo + width];
}

/**
 * Values divided by their peak-to-peak range max - min (method spec §5.5: "each set is divided by its peak-to-peak
 * range"), so that a student and a teacher whose weights differ by a global scale can be compared. A set with a
 * range of 0 is returned unchanged rather than divided by 0.
 */
export function rangeNormalize(values: ArrayLike<number>): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) fail('rangeNormalize', `value ${i} is ${values[i]} (need finite values)`);
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const range = hi - lo;
  return Array.from(values, (v) => (range > 0 ? v / range : v));
}
