/**
 * statistics/histogram: fixed-width histograms in counts and percent (the paper's y axis, method spec §5.1 and
 * §5.5), and the shared bin lattice that lets several sets be drawn on one axis.
 */
import { fail } from './errors';

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

export const HISTOGRAM_DEFAULTS = { bins: 20 } as const;

/**
 * Histogram of finite values; a value equal to the upper edge falls in the last bin (numpy convention). With `bins`,
 * edge k is lo + (k / bins) (hi - lo) and a value's bin is floor((v - lo) / (hi - lo) * bins), so on [0, 1] the
 * edges are exactly k / bins and v lands in bin floor(v * bins).
 */
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
  let binOf: (v: number) => number;
  let edge: (k: number) => number;
  if (options.binWidth !== undefined) {
    const width = options.binWidth;
    if (!(width > 0)) fail('histogram', `binWidth must be > 0, got ${width}`);
    // A tolerance so that e.g. 1 / 0.1 gives 10 bins and not 11 because of rounding.
    bins = Math.max(1, Math.ceil((hi - lo) / width - 1e-9));
    binOf = (v) => Math.floor((v - lo) / width);
    edge = (k) => lo + k * width;
  } else {
    bins = options.bins ?? HISTOGRAM_DEFAULTS.bins;
    if (!Number.isInteger(bins) || bins < 1) fail('histogram', `bins must be a positive integer, got ${bins}`);
    const span = hi - lo;
    binOf = (v) => Math.floor(((v - lo) / span) * bins);
    edge = (k) => (k === bins ? hi : lo + (k / bins) * span);
  }
  const binEdges = Array.from({ length: bins + 1 }, (_, k) => edge(k));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo || v > hi) continue;
    counts[Math.min(bins - 1, binOf(v))]++;
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
