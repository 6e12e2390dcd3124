/**
 * report/strength-histogram: the histograms of the in-strength figure (method spec §5.5). The math is topology's: each
 * set (one variant's student strengths pooled over trials, or the teacher's) is divided by its own peak-to-peak range
 * (`rangeNormalize`) and counted in bins of width STRENGTH_BIN_WIDTH = 0.1 (`histogram`). What stays here is the
 * figure's choice of one bin range for every set it draws, so the students' and the teacher's step lines share their
 * bins, and the conversion of a Histogram into the rows a Vega-Lite spec reads.
 */
import { STRENGTH_BIN_WIDTH, histogram, rangeNormalize, type Histogram } from '@spectral-ts/topology';

/**
 * The smallest range on the lattice of multiples of `width` that holds every value, widened by one bin where a value
 * lies on the lattice: the rule topology's analyzeTopology uses for its per-trial strength histograms (its helper is
 * not exported), so the report's bins are the ones stored in the trial records. Undefined when there is no value.
 */
export function latticeRange(sets: ArrayLike<number>[], width: number = STRENGTH_BIN_WIDTH): [number, number] | undefined {
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
 * Range-normalised histograms of several strength sets on one shared range (method spec §5.5), in the order given.
 * Undefined when every set is empty; an empty set among others gets all-zero percents.
 */
export function strengthHistograms(sets: number[][]): Histogram[] | undefined {
  const normalised = sets.map((s) => rangeNormalize(s));
  const range = latticeRange(normalised);
  if (!range) return undefined;
  return normalised.map((s) => histogram(s, { binWidth: STRENGTH_BIN_WIDTH, range }));
}

/** One Vega-Lite row per bin: the bin centre (rounded off float noise such as 0.15000000000000002) and its percent. */
export function histogramRows(h: Histogram): { x: number; percent: number }[] {
  return h.percent.map((percent, b) => ({ x: Number(((h.binEdges[b] + h.binEdges[b + 1]) / 2).toFixed(10)), percent }));
}
