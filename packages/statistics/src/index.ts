// @spectral-ts/statistics: public API. The statistics every package uses, with no dependency: Stat, mean and std
// (ddof 0), the seeded RNG, the seeded bootstrap interval, and histograms.
export type { RangeStat, Stat, StatWithInterval } from './types';
export { EMPTY_STAT, mean, meanStd, meanStdOrEmpty, quantileSorted, rangeStat, stdDdof0 } from './describe';
export type { Rng } from './rng';
export { createRng, deriveSeed } from './rng';
export type { BootstrapOptions } from './bootstrap';
export { BOOTSTRAP_DEFAULTS, bootstrapInterval, statWithInterval } from './bootstrap';
export type { Histogram, HistogramOptions } from './histogram';
export { HISTOGRAM_DEFAULTS, histogram, latticeRange } from './histogram';
