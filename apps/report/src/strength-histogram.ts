/**
 * report/strength-histogram: the histograms of the in-strength figure (method spec §5.5). The math is topology's and
 * statistics': each
 * set (one variant's student strengths pooled over trials, or the teacher's) is divided by its own peak-to-peak range
 * (`rangeNormalize`) and counted in bins of width STRENGTH_BIN_WIDTH = 0.1 (`histogram`) over one `latticeRange` for
 * every set the figure draws (the rule analyzeTopology uses for the per-trial histograms, so the report's bins are the
 * ones stored in the trial records), so the students' and the teacher's step lines share their bins. What stays here
 * is the choice of which sets share a range, and the conversion of a Histogram into the rows a Vega-Lite spec reads.
 */
import { histogram, latticeRange, type Histogram } from '@spectral-ts/statistics';
import { STRENGTH_BIN_WIDTH, rangeNormalize } from '@spectral-ts/topology';

/**
 * Range-normalised histograms of several strength sets on one shared range (method spec §5.5), in the order given.
 * Undefined when every set is empty; an empty set among others gets all-zero percents.
 */
export function strengthHistograms(sets: number[][]): Histogram[] | undefined {
  const normalised = sets.map((s) => rangeNormalize(s));
  const range = latticeRange(normalised, STRENGTH_BIN_WIDTH);
  if (!range) return undefined;
  return normalised.map((s) => histogram(s, { binWidth: STRENGTH_BIN_WIDTH, range }));
}

/** One Vega-Lite row per bin: the bin centre (rounded off float noise such as 0.15000000000000002) and its percent. */
export function histogramRows(h: Histogram): { x: number; percent: number }[] {
  return h.percent.map((percent, b) => ({ x: Number(((h.binEdges[b] + h.binEdges[b + 1]) / 2).toFixed(10)), percent }));
}
