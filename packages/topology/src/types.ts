/**
 * topology/types: the topology shapes, owned here. @spectral-ts/results re-exports them as part of the
 * results-directory contract (`TrialRecord.topology`, `GroupSummary.topology`), so the CLI stores what this package
 * returns as is. `Stat` (mean and std, ddof 0) comes from @spectral-ts/statistics, which owns the statistics.
 */
import type { Stat } from '@spectral-ts/statistics';

export type { Stat };

/** Sorted path values summarised on a fixed grid, so trials can be averaged (method spec §5.4). */
export interface PathDistribution {
  /** Number of input-to-output paths (exact count, even when the values were sampled). */
  count: number;
  /** Whether the values come from a sample of the paths rather than all of them (`count` stays exact). */
  sampled: boolean;
  /** Sorted path values interpolated on `GRID_POINTS` evenly spaced quantile levels in [0, 1]. */
  sortedOnGrid: number[];
  /** Quantiles at 1, 5, 25, 50, 75, 95, 99 %. */
  quantiles: Record<QuantileKey, number>;
}

/** Keys of PathDistribution.quantiles: the 1, 5, 25, 50, 75, 95 and 99 % quantiles. */
export type QuantileKey = 'q01' | 'q05' | 'q25' | 'q50' | 'q75' | 'q95' | 'q99';

/** Distances between a student's distribution and the teacher's. */
export interface DistributionDistance {
  wasserstein1: number;
  ks: number;
}

/** Topology metrics of one trained student, and its comparison with the teacher. */
export interface TrialTopology {
  /** Which sub-network these numbers describe: the pruned survivors (spectral) or the full network. */
  view: 'pruned' | 'full';
  /** Active neurons per node layer (inputs first) in the view. */
  activeNodes: number[];
  paths: PathDistribution;
  /** In-strength of the kept first-hidden-layer nodes (sum of incoming direct weights, method spec §5.5). */
  inStrength: number[];
  pathDistance: DistributionDistance;
  strengthDistance: DistributionDistance;
  /** Any further metrics: teacher comparison inputs, degree and strength distributions, betweenness summaries, plugin metrics. */
  extra?: Record<string, unknown>;
}

/** The `topology` part of a group summary (results' `GroupSummary.topology`): the group's trials averaged. */
export interface GroupTopology {
  paths: { grid: number[]; mean: number[]; std: number[] };
  pathDistance: { wasserstein1: Stat; ks: Stat };
  strengthDistance: { wasserstein1: Stat; ks: Stat };
}
